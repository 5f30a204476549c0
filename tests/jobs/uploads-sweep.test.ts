import { existsSync, readdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeContent } from '../../api/uploads.ts';
import { sweepUploads } from '../../jobs/uploads-sweep.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { multipart, png } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe('sweep of unused uploads', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('deletes files a refused request left behind once they are a day old, and keeps used, young and re-stored ones', async () => {
    const uploads = t.config.uploadsDir;
    const resident = await t.signIn(c.users.resident.id);
    const post = async (fields: Record<string, string>, bytes: Buffer) => {
      const form = await multipart(fields, [{ filename: 'p.png', type: 'image/png', bytes }]);
      return t.app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: { ...resident, ...form.headers },
        payload: form.payload,
      });
    };
    // Photos are stored before the appeal is checked: a refused appeal leaves its photo behind.
    const refused = await post({ categoryId: String(c.roof.id), buildingId: String(c.building.id) }, await png());
    expect(refused.statusCode, refused.body).toBe(400);
    const [orphan] = filesUnder(uploads);
    const blue = await sharp({ create: { width: 12, height: 12, channels: 3, background: '#0000ff' } })
      .png()
      .toBuffer();
    const filed = await post(
      { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Течёт крыша, фото приложено' },
      blue,
    );
    expect(filed.statusCode, filed.body).toBe(201);
    const [{ storage_path: used }] = await t.db.execute<{ storage_path: string }>(
      sql`select storage_path from attachments where appeal_id = ${filed.json().id}`,
    );

    const now = new Date();
    const twoDaysAgo = new Date(now.getTime() - 2 * 86400e3);
    for (const f of filesUnder(uploads)) utimesSync(path.join(uploads, f), twoDaysAgo, twoDaysAgo);
    // An old unused file that a new request stores again right now, and a young unused one.
    const again = await storeContent(uploads, Buffer.from('%PDF-1.4 stored again'), 'pdf', 'file');
    utimesSync(path.join(uploads, again.storagePath), twoDaysAgo, twoDaysAgo);
    await storeContent(uploads, Buffer.from('%PDF-1.4 stored again'), 'pdf', 'file');
    const young = await storeContent(uploads, Buffer.from('%PDF-1.4 young'), 'pdf', 'file');

    const result = await sweepUploads(t.db, uploads, now);
    expect(result.deleted).toEqual([orphan]);
    expect(result.checked).toBe(4);
    expect(existsSync(path.join(uploads, orphan))).toBe(false);
    expect(filesUnder(uploads)).toEqual([used, again.storagePath, young.storagePath].sort());
    // The used photo is still served.
    expect((await t.app.inject({ url: filed.json().photos[0].url, headers: resident })).statusCode).toBe(200);
    // Nothing more to do the second time.
    expect((await sweepUploads(t.db, uploads, now)).deleted).toEqual([]);
  });
});
