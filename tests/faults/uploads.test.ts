import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import sharp from 'sharp';
import { multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';

// A disk that fills up: writes under the uploads directory fail with the code set here.
const disk = vi.hoisted(() => ({ fail: null as string | null }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile = (async (...args: Parameters<typeof fs.writeFile>) => {
    if (disk.fail) throw Object.assign(new Error(`${disk.fail}: injected`), { code: disk.fail });
    return fs.writeFile(...args);
  }) as typeof fs.writeFile;
  return { ...fs, default: { ...fs, writeFile }, writeFile };
});

/**
 * The upload directory unusable (a file where the directory should be: chmod does not stop root)
 * or the disk full (ENOSPC, EROFS injected into the write): the appeal with photos is refused with a
 * problem+json naming the photo and a Retry-After, no appeal, event, photo row or job is written,
 * and appeals without photos still go through.
 */
describe('uploads directory unusable or full', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let headers: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    headers = await t.signIn(c.users.resident.id);
  });
  afterAll(() => t?.close());

  const counts = async () =>
    (
      await t.db.execute<{ appeals: number; events: number; photos: number; jobs: number }>(sql`select
        (select count(*)::int from appeals) as appeals, (select count(*)::int from appeal_events) as events,
        (select count(*)::int from attachments) as photos, (select count(*)::int from pgboss.job where name = 'appeal.route') as jobs`)
    )[0];
  // A different photo each time: stored content-addressed, a photo already on disk is not written again.
  const withPhoto = async (seed: number) =>
    multipart(
      { categoryId: String(c.roof.id), buildingId: String(c.building.id), description: 'Течёт крыша, фото приложено' },
      [
        {
          filename: 'roof.png',
          type: 'image/png',
          bytes: await sharp({
            create: { width: 12, height: 12, channels: 3, background: { r: seed * 40, g: 90, b: 30 } },
          })
            .png()
            .toBuffer(),
        },
      ],
    );
  const post = async (form: { headers: Record<string, string>; payload: Buffer } | null) =>
    t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: { ...headers, ...(form ? form.headers : {}) },
      ...(form
        ? { payload: form.payload }
        : { payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша без фото' } }),
    });
  const expectRefused = async (res: Awaited<ReturnType<typeof post>>, code: string) => {
    expect(res.statusCode, res.body).toBe(507);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ status: 507, errors: [{ field: 'photos[0]', reason: `storage: ${code}` }] });
    expect(res.json()).toMatchObject({
      code: 'upload.storage_failed',
      detail: 'Не удалось сохранить файл, попробуйте позже.',
    });
  };

  it('refuses an appeal with photos when the directory is a file, and creates nothing', async () => {
    const uploads = t.config.uploadsDir;
    rmSync(uploads, { recursive: true, force: true });
    mkdirSync(path.dirname(uploads), { recursive: true });
    writeFileSync(uploads, 'not a directory');
    const before = await counts();
    await expectRefused(await post(await withPhoto(1)), 'ENOTDIR');
    expect(await counts()).toEqual(before);
    // Without photos the service goes on.
    expect((await post(null)).statusCode).toBe(201);
    rmSync(uploads, { force: true });
    expect((await post(await withPhoto(2))).statusCode).toBe(201);
  });

  it.each(['ENOSPC', 'EROFS'])(
    'refuses an appeal with photos when a write fails with %s, and creates nothing',
    async (code) => {
      const before = await counts();
      disk.fail = code;
      try {
        await expectRefused(await post(await withPhoto(code === 'ENOSPC' ? 3 : 5)), code);
      } finally {
        disk.fail = null;
      }
      expect(await counts()).toEqual(before);
      const ok = await post(await withPhoto(code === 'ENOSPC' ? 4 : 6));
      expect(ok.statusCode, ok.body).toBe(201);
      const [row] = await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from attachments where appeal_id = ${ok.json().id}`,
      );
      expect(row.n).toBe(1);
    },
  );
});
