import { existsSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importsDirOf, runStoredImport } from '../../api/imports/service.ts';
import { registerImports } from '../../jobs/imports.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { multipart } from '../helpers/http.ts';
import { importCity, snapshot } from '../helpers/imports.ts';

const csv = [
  'external_id,street,house,lat,lon,management_company,floors',
  'w-1,ул. Баумана,1,55.79,49.10,uk-hand,9',
  'w-2,ул. Баумана,3,55.79,49.101,nobody,5',
  'w-3,ул. Баумана,5,55.79,49.102,,abc',
].join('\n');

const geojson = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [49.15, 55.8] },
      properties: { external_id: 'g-1', street: 'ул. Пушкина', house: '1', floors: 12 },
    },
    {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [49.1, 55.8],
          [49.2, 55.8],
        ],
      },
      properties: { external_id: 'g-2', street: 'ул. Пушкина', house: '2' },
    },
    { type: 'Feature', geometry: null, properties: { external_id: 'g-3', street: 'ул. Пушкина', house: '3' } },
    {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [49.16, 55.8] },
      properties: { external_id: 'g-4', street: 'ул. Пушкина', house: '4', wall_material: 'стекло' },
    },
  ],
});

describe('admin imports API', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof importCity>>;
  let admin: Awaited<ReturnType<TestApp['signIn']>>;
  beforeAll(async () => {
    t = await startTestApp();
    c = await importCity(t.db);
    const user = await c.make.user(c.city.id, { role: 'admin' });
    admin = await t.signIn(user.id);
    await registerImports(t.boss, t.db, () => new Date(), { dir: importsDirOf(t.dataDir) });
  });
  afterAll(() => t?.close());

  const upload = async (fields: Record<string, string>, file?: { name: string; text: string }) => {
    const form = await multipart(
      fields,
      file ? [{ name: 'file', filename: file.name, type: 'text/csv', bytes: Buffer.from(file.text) }] : [],
    );
    return t.app.inject({
      method: 'POST',
      url: '/api/admin/imports',
      headers: { ...admin, ...form.headers },
      payload: form.payload,
    });
  };
  const finished = async (id: number, lang = 'ru') => {
    for (let i = 0; i < 200; i++) {
      const res = await t.app.inject({
        url: `/api/admin/imports/${id}`,
        headers: { ...admin, cookie: `${admin.cookie}; otklik_lang=${lang}` },
      });
      expect(res.statusCode).toBe(200);
      if (res.json().status !== 'running') return res.json();
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the run did not finish');
  };

  it('a dry run first: 202 with the run, then its report (counts and refused lines), nothing changed', async () => {
    const before = await snapshot(t.db, 'buildings');
    const res = await upload({ kind: 'buildings', dry_run: 'true' }, { name: 'houses.csv', text: csv });
    expect(res.statusCode).toBe(202);
    expect(res.headers.location).toBe(`/api/admin/imports/${res.json().id}`);
    expect(res.json()).toMatchObject({ status: 'running', kind: 'buildings', dryRun: true, via: 'web', format: 'csv' });
    const run = await finished(res.json().id, 'en');
    expect(run).toMatchObject({ status: 'done', lines: 3, created: 1, rejected: 2, totalLines: 3 });
    expect(run.problems).toEqual([
      {
        line: 3,
        field: 'management_company',
        code: 'import.line.organisation_unknown',
        reason: 'no organisation "nobody" (register id, OGRN, INN or code): import the organisations first',
      },
      { line: 4, field: 'floors', code: 'field.expected_number', reason: 'expected a number' },
    ]);
    expect(await snapshot(t.db, 'buildings')).toBe(before);
    // the upload is removed once its run is over
    expect(readdirSync(importsDirOf(t.dataDir))).toEqual([]);
  });

  it('then the real run, with the reasons in Russian by default', async () => {
    const res = await upload({ kind: 'buildings' }, { name: 'houses.csv', text: csv });
    const run = await finished(res.json().id);
    expect(run).toMatchObject({ dryRun: false, created: 1, rejected: 2 });
    expect(run.problems[1].reason).toBe('ожидается число');
    const [row] = await t.db.$client`select management_company_id, floors from buildings where external_id = 'w-1'`;
    expect(row).toEqual({ management_company_id: c.handMc.id, floors: 9 });
    // the job delivered again does nothing: the run is over
    const silent = { info() {}, warn() {}, error() {}, debug() {} };
    await runStoredImport({ db: t.db, clock: () => new Date(), log: silent }, importsDirOf(t.dataDir), run.id);
    expect((await finished(run.id)).finishedAt).toBe(run.finishedAt);
  });

  it('imports GeoJSON, each broken feature reported by its number', async () => {
    const res = await upload({ kind: 'buildings' }, { name: 'houses.geojson', text: geojson });
    const run = await finished(res.json().id);
    expect(run).toMatchObject({ format: 'geojson', lines: 4, created: 1, rejected: 3, totalLines: 4 });
    expect(run.problems.map((p: { line: number; field: string; code: string }) => [p.line, p.field, p.code])).toEqual([
      [2, 'geometry', 'import.line.geometry'],
      [3, 'lat', 'field.required'],
      [3, 'lon', 'field.required'],
      [4, 'wall_material', 'import.line.wall_material'],
    ]);
    const [g1] = await t.db.$client`select district_id, floors from buildings where external_id = 'g-1'`;
    expect(g1).toEqual({ district_id: c.east.id, floors: 12 });
  });

  it('a file that cannot be read fails its run with the reason', async () => {
    const res = await upload({ kind: 'organisations' }, { name: 'orgs.csv', text: 'name;inn\nА;1\n' });
    const run = await finished(res.json().id, 'en');
    expect(run).toMatchObject({ status: 'failed', error: 'В заголовке нет обязательных столбцов: external_id, kind.' });
  });

  it('lists the runs, the latest first, paged', async () => {
    const res = await t.app.inject({ url: '/api/admin/imports?limit=2', headers: admin });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(4);
    expect(body.items.map((r: { kind: string; dryRun: boolean }) => [r.kind, r.dryRun])).toEqual([
      ['organisations', false],
      ['buildings', false],
    ]);
    expect(body.nextOffset).toBe(2);
    const buildingsOnly = await t.app.inject({ url: '/api/admin/imports?kind=organisations', headers: admin });
    expect(buildingsOnly.json().total).toBe(1);
  });

  it('refuses an upload without a file (400), not multipart (415), and a wrong kind (400)', async () => {
    expect((await upload({ kind: 'buildings' })).statusCode).toBe(400);
    expect((await upload({ kind: 'houses' }, { name: 'a.csv', text: csv })).statusCode).toBe(400);
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/admin/imports',
      headers: admin,
      payload: { kind: 'buildings' },
    });
    expect(json.statusCode).toBe(415);
    expect(existsSync(importsDirOf(t.dataDir)) ? readdirSync(importsDirOf(t.dataDir)) : []).toEqual([]);
  });

  it('refuses a file over 50 MB with 413 and keeps nothing of it', async () => {
    const big = `external_id,street,house,lat,lon\n${'x'.repeat(50 * 1024 * 1024 + 10)}`;
    const res = await upload({ kind: 'buildings' }, { name: 'big.csv', text: big });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('import.file.too_large');
    expect(readdirSync(importsDirOf(t.dataDir))).toEqual([]);
  });

  it('answers 404 for an unknown run', async () => {
    const res = await t.app.inject({ url: '/api/admin/imports/999999', headers: admin });
    expect(res.statusCode).toBe(404);
  });
});
