import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart } from '../helpers/http.ts';
import { smallCity } from '../helpers/make.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/db.ts';
import { FULL, fileAppeal, type Proc, SECRET, sessionFor, sleep, startProcess } from './lib/harness.ts';

const KILLS = Number(process.env.FAULTS_API_KILLS ?? (FULL ? 30 : 3));

/**
 * The API process is killed with SIGKILL, again and again, while four clients file appeals (every
 * other one with photos) and keep what was acknowledged. After each kill a new API process takes
 * over. Every appeal the clients got a 201 for is in the database with its `created` event, its
 * photos (rows and files) and its routing job; and no appeal in the database, acknowledged or not,
 * is half-written.
 */
describe('API process killed with SIGKILL under intake load', () => {
  let database: TestDatabase;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let dataDir: string;
  let api: Proc | null = null;
  beforeAll(async () => {
    database = await createTestDatabase();
    c = await smallCity(database.db);
    dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-faults-'));
  });
  afterAll(async () => {
    await api?.kill();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(`loses and half-writes nothing across ${KILLS} kills`, async () => {
    const sql = database.db.$client;
    const resident = await sessionFor(database.db, SECRET, c.users.resident.id);
    let base = '';
    const acked = new Map<number, number>(); // appeal id -> photos sent
    const outcomes: Record<string, number> = {};
    let loading = true;
    let n = 0;
    const client = async (k: number) => {
      while (loading) {
        if (!base) {
          await sleep(20);
          continue;
        }
        const i = n++;
        const photos = i % 2 === 0 ? 1 + (i % 3) : 0;
        const fields = {
          categoryId: String(c.roof.id),
          buildingId: String(c.building.id),
          description: `Течёт крыша, заявка ${k}-${i}`,
        };
        const files = [];
        for (let p = 0; p < photos; p++) {
          const bytes = await sharp({
            create: { width: 16, height: 16, channels: 3, background: { r: i % 256, g: p * 60, b: k * 50 } },
          })
            .png()
            .toBuffer();
          files.push({ filename: `photo-${i}-${p}.png`, type: 'image/png', bytes });
        }
        const body =
          photos > 0 ? await multipart(fields, files) : { ...fields, categoryId: c.roof.id, buildingId: c.building.id };
        const r = await fileAppeal(base, resident, body);
        outcomes[r.status] = (outcomes[r.status] ?? 0) + 1;
        if (r.status === 201 && r.id) acked.set(r.id, photos);
        if (r.status === 0) await sleep(50);
      }
    };
    const clients = [0, 1, 2, 3].map(client);

    for (let k = 0; k <= KILLS; k++) {
      api = await startProcess('api', { url: database.url, dataDir, secret: SECRET });
      base = `http://127.0.0.1:${api.port}`;
      // Let it take appeals for a while, then kill it mid-request.
      const before = acked.size;
      const until = Date.now() + 20_000;
      while (acked.size < before + 10 && Date.now() < until) await sleep(20);
      await sleep(Math.random() * 300);
      if (k < KILLS) {
        await api.kill();
        base = '';
      }
    }
    loading = false;
    await Promise.all(clients);
    await api?.kill();

    expect(acked.size).toBeGreaterThan(KILLS * 10);
    const ids = [...acked.keys()];
    // Every acknowledged appeal, complete.
    const rows = await sql<{ id: string; created: number; photos: number; jobs: number }[]>`
      select a.id,
        (select count(*)::int from appeal_events e where e.appeal_id = a.id and e.type = 'created') as created,
        (select count(*)::int from attachments t where t.appeal_id = a.id) as photos,
        (select count(*)::int from pgboss.job j where j.name = 'appeal.route' and (j.data->>'appealId')::bigint = a.id) as jobs
      from appeals a where a.id = any(${ids})`;
    expect(rows.length).toBe(ids.length);
    for (const r of rows)
      expect({ id: Number(r.id), created: r.created, photos: r.photos, jobs: r.jobs }).toEqual({
        id: Number(r.id),
        created: 1,
        photos: acked.get(Number(r.id)),
        jobs: 1,
      });

    // Nothing half-written anywhere: appeals the clients never heard of are complete too.
    const [all] = await sql`select
        (select count(*)::int from appeals) as appeals,
        (select count(*)::int from appeals a where not exists (select 1 from appeal_events e where e.appeal_id = a.id and e.type = 'created')) as without_event,
        (select count(*)::int from appeals a where not exists (select 1 from pgboss.job j where j.name = 'appeal.route' and (j.data->>'appealId')::bigint = a.id)) as without_job,
        (select count(*)::int from attachments where appeal_id is null) as orphan_photos,
        (select count(*)::int from appeal_events e where e.type = 'created' and (e.payload->>'photos')::int <> (select count(*) from attachments t where t.appeal_id = e.appeal_id)) as photo_mismatch`;
    expect({ ...all, appeals: undefined }).toEqual({
      appeals: undefined,
      without_event: 0,
      without_job: 0,
      orphan_photos: 0,
      photo_mismatch: 0,
    });
    const paths = await sql<{ storage_path: string }[]>`select storage_path from attachments`;
    expect(paths.filter((p) => !existsSync(path.join(dataDir, 'uploads', p.storage_path)))).toEqual([]);
    console.log(
      `[faults] API SIGKILL: ${KILLS} kills; ${acked.size} appeals acknowledged (${paths.length} photos), ${all.appeals} in the database, all complete; responses ${JSON.stringify(outcomes)}`,
    );
  });
});
