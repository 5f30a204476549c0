import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../api/context.ts';
import { runOpenDataDumps } from '../../api/open-data/dump.ts';
import { registerOpenData } from '../../jobs/open-data.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { expectPointCollection, openDataCity, planted, readCsv } from '../helpers/open-data.ts';

type City = Awaited<ReturnType<typeof openDataCity>>;
type DumpRow = {
  day: string;
  files: { name: string; bytes: number; rows: number; sha256: string }[];
  created_at: string;
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the daily open-data dump', () => {
  let t: TestApp;
  let c: City;
  // 03:30 Moscow on 4 December: the night's dump covers the 3rd.
  let now = new Date('2026-12-04T00:30:00Z');
  const clock = () => now;
  const settings = () => ({ dataDir: t.dataDir, publicUrl: 'https://otklik.example' });
  const dirOf = (code: string, day: string) => path.join(t.dataDir, 'open-data', code, day);
  const dumpsOf = (municipalityId: number) =>
    t.db.execute<DumpRow>(
      sql`select day::text, files, created_at::text from open_data_dumps where municipality_id = ${municipalityId} order by day`,
    );

  /** Send the job through pg-boss and wait for the worker to finish it. */
  async function runJob(data: Record<string, unknown> = {}) {
    const id = await t.boss.send('open_data.dump', data);
    expect(id).toBeTruthy();
    for (let i = 0; i < 200; i++) {
      const [job] = await t.db.execute<{ state: string; output: unknown }>(
        sql`select state::text, output from pgboss.job where id = ${id}`,
      );
      if (job?.state === 'completed') return;
      if (job?.state === 'failed') throw new Error(`open_data.dump failed: ${JSON.stringify(job.output)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('open_data.dump did not finish in 20 s');
  }

  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    c = await openDataCity(t);
    await registerOpenData(t.boss, t.db, clock, settings());
  });
  afterAll(() => t?.close());

  it('is scheduled every night at 03:30 Moscow time', async () => {
    const schedules = await t.boss.getSchedules();
    expect(schedules.find((s) => s.name === 'open_data.dump')).toMatchObject({
      cron: '30 3 * * *',
      options: { tz: 'Europe/Moscow' },
    });
  });

  it('writes each municipality’s day to DATA_DIR/open-data/<code>/<day>/ with sizes, rows and SHA-256 recorded', async () => {
    await runJob();
    const [dump] = await dumpsOf(c.city.id);
    expect(dump.day).toBe('2026-12-03');
    expect(dump.files.map((f) => f.name)).toEqual([
      'appeals.csv',
      'appeals.geojson',
      'buildings.geojson',
      'datapackage.json',
    ]);
    const dir = dirOf(c.city.code, '2026-12-03');
    for (const f of dump.files) {
      const bytes = await readFile(path.join(dir, f.name));
      expect(bytes.length, f.name).toBe(f.bytes);
      expect(sha256(bytes), f.name).toBe(f.sha256);
    }
    // Atomic writes leave no temporary file behind.
    expect((await readdir(dir)).sort()).toEqual([
      'appeals.csv',
      'appeals.geojson',
      'buildings.geojson',
      'datapackage.json',
    ]);
    // The 3rd's appeals (filed or changed that day), without the private one; the 1st's is not among them.
    const csv = readCsv((await readFile(path.join(dir, 'appeals.csv'), 'utf8')).replace(/^\uFEFF/, ''));
    const numbers = csv.slice(1).map((r) => r[1]);
    expect(numbers).toEqual([c.appeals.routed.number, c.appeals.pothole.number]);
    expect(dump.files[0].rows).toBe(2);
    const geo = expectPointCollection(JSON.parse(await readFile(path.join(dir, 'appeals.geojson'), 'utf8')), {
      lon: 49.12,
      lat: 55.79,
    });
    expect(geo.map((f) => f.properties.number)).toEqual(numbers);
    expect(dump.files[2].rows).toBe(1);
    const pkg = JSON.parse(await readFile(path.join(dir, 'datapackage.json'), 'utf8'));
    expect(pkg.licenses[0].name).toBe('CC-BY-4.0');
    expect(pkg.resources.map((r: { path: string; hash: string }) => [r.path, r.hash])).toEqual(
      dump.files.slice(0, 3).map((f) => [f.name, `sha256:${f.sha256}`]),
    );
    for (const f of dump.files) {
      const text = await readFile(path.join(dir, f.name), 'utf8');
      for (const marker of Object.values(planted)) expect(text, `${f.name}: ${marker}`).not.toContain(marker);
    }
    // The other municipality has its dump too: a header and no rows.
    const [other] = await dumpsOf(c.other.id);
    expect(other.files[0]).toMatchObject({ name: 'appeals.csv', rows: 0 });
    expect(existsSync(path.join(dirOf(c.other.code, '2026-12-03'), 'appeals.csv'))).toBe(true);
  });

  it('serves the files as recorded, with the checksum as ETag, 304 for a copy the client has, and lists them in the catalogue', async () => {
    const [dump] = await dumpsOf(c.city.id);
    const url = `/api/open-data/dumps/${c.city.code}/2026-12-03/appeals.csv`;
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers.etag).toBe(`"${dump.files[0].sha256}"`);
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
    expect(res.headers['last-modified']).toBeTruthy();
    expect(sha256(res.rawPayload)).toBe(dump.files[0].sha256);
    const again = await t.app.inject({ method: 'GET', url, headers: { 'if-none-match': res.headers.etag as string } });
    expect(again.statusCode).toBe(304);
    expect(again.headers['cache-control']).toBe('public, max-age=3600');
    expect(again.body).toBe('');
    const since = await t.app.inject({
      method: 'GET',
      url,
      headers: { 'if-modified-since': res.headers['last-modified'] as string },
    });
    expect(since.statusCode).toBe(304);
    const geo = await t.app.inject({ method: 'GET', url: url.replace('appeals.csv', 'buildings.geojson') });
    expect(geo.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    // Days without a dump, files not in one, paths that try to leave the folder: 404 or 400.
    const missing = await t.app.inject({ method: 'GET', url: url.replace('2026-12-03', '2026-11-01') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('open_data.dump_not_found');
    for (const bad of ['..%2F..%2Fvapid.json', 'appeals.csv.tmp', 'secrets.json'])
      expect((await t.app.inject({ method: 'GET', url: url.replace('appeals.csv', bad) })).statusCode).toBe(400);
    const catalogue = (await t.app.inject({ method: 'GET', url: `/api/open-data?municipality=${c.city.code}` })).json();
    expect(catalogue.dumps[0]).toMatchObject({ day: '2026-12-03' });
    expect(catalogue.dumps[0].files[0]).toEqual({ ...dump.files[0], url });
  });

  it('does nothing when run twice for a day, and makes again a dump whose file went missing', async () => {
    const [before] = await dumpsOf(c.city.id);
    const mtime = (await stat(path.join(dirOf(c.city.code, '2026-12-03'), 'appeals.csv'))).mtimeMs;
    await runJob();
    const [after] = await dumpsOf(c.city.id);
    expect(after).toEqual(before);
    expect((await stat(path.join(dirOf(c.city.code, '2026-12-03'), 'appeals.csv'))).mtimeMs).toBe(mtime);
    const ctx = systemContext({ db: t.db, boss: t.boss, clock });
    expect((await runOpenDataDumps(ctx, settings())).every((r) => !r.made)).toBe(true);

    await unlink(path.join(dirOf(c.city.code, '2026-12-03'), 'appeals.geojson'));
    // A run killed mid-write left a temporary file: the next run clears it.
    await writeFile(path.join(dirOf(c.city.code, '2026-12-03'), 'appeals.geojson.0a1b2c.tmp'), '{"type":');
    const served = await t.app.inject({
      method: 'GET',
      url: `/api/open-data/dumps/${c.city.code}/2026-12-03/appeals.geojson`,
    });
    expect(served.statusCode).toBe(404);
    const results = await runOpenDataDumps(ctx, settings());
    expect(results.find((r) => r.code === c.city.code)?.made).toBe(true);
    expect((await readdir(dirOf(c.city.code, '2026-12-03'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const [remade] = await dumpsOf(c.city.id);
    expect(remade.files.find((f) => f.name === 'appeals.geojson')?.sha256).toBe(
      before.files.find((f) => f.name === 'appeals.geojson')?.sha256,
    );
  });

  it('keeps 30 days: older dumps lose their files and rows, and stray folders go too', async () => {
    const plant = async (day: string, withRow: boolean) => {
      await mkdir(dirOf(c.city.code, day), { recursive: true });
      await writeFile(path.join(dirOf(c.city.code, day), 'appeals.csv'), 'old');
      if (withRow)
        await t.db.execute(
          sql`insert into open_data_dumps (municipality_id, day, files) values (${c.city.id}, ${day}, '[]'::jsonb)`,
        );
    };
    await plant('2026-10-20', true); // 45 days before
    await plant('2026-11-01', false); // a folder without a row, past 30 days
    await plant('2026-11-04', true); // 31 days up to 4 December: one too many
    await plant('2026-11-05', true); // the oldest kept: 30 days up to 4 December
    now = new Date('2026-12-05T00:30:00Z');
    await runJob();
    const days = (await dumpsOf(c.city.id)).map((d) => d.day);
    expect(days).toEqual(['2026-11-05', '2026-12-03', '2026-12-04']);
    for (const gone of ['2026-10-20', '2026-11-01', '2026-11-04'])
      expect(existsSync(dirOf(c.city.code, gone))).toBe(false);
    expect(existsSync(dirOf(c.city.code, '2026-11-05'))).toBe(true);
  });

  it('makes a named day again on asking', async () => {
    await runJob({ day: '2026-12-01' });
    const days = (await dumpsOf(c.city.id)).map((d) => d.day);
    expect(days).toContain('2026-12-01');
    const csv = await readFile(path.join(dirOf(c.city.code, '2026-12-01'), 'appeals.csv'), 'utf8');
    expect(csv).toContain(c.appeals.lateEvening.number);
  });
});
