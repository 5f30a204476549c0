import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appealFields, buildingFields } from '../../dispatch/open-data-datasets.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { expectPointCollection, openDataCity, planted, readCsv } from '../helpers/open-data.ts';

type City = Awaited<ReturnType<typeof openDataCity>>;
const KAZAN = { lon: 49.12, lat: 55.79 };

describe('open data: public appeals and buildings as GeoJSON and CSV', () => {
  let t: TestApp;
  let c: City;
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const period = (from: string, to: string) => `municipality=${c.city.code}&from=${from}&to=${to}`;

  beforeAll(async () => {
    t = await startTestApp();
    c = await openDataCity(t);
  });
  afterAll(() => t?.close());

  it('serves the appeals of a period as an RFC 7946 FeatureCollection of points at [lon, lat], times with the city’s offset', async () => {
    const res = await get(`/api/open-data/appeals.geojson?${period('2026-12-01', '2026-12-31')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const features = expectPointCollection(JSON.parse(res.body), KAZAN);
    // The private category's appeal is not there; the three public ones are, oldest first.
    expect(features.map((f) => f.properties.number)).toEqual([
      c.appeals.lateEvening.number,
      c.appeals.routed.number,
      c.appeals.pothole.number,
    ]);
    const pothole = features[2];
    expect(pothole.geometry.coordinates).toEqual([49.1222, 55.7905]);
    expect(pothole.id).toBe(c.appeals.pothole.id);
    expect(pothole.properties).toMatchObject({
      category_code: 'pothole',
      category_en: 'Pothole',
      status: 'new',
      state: 'open',
      created_at: '2026-12-03T13:00:00+03:00',
      resolved_at: null,
      sla_breached: false,
    });
    const routed = features[1].properties;
    expect(routed).toMatchObject({
      status: 'assigned',
      state: 'open',
      address: 'ул. Баумана, д. 12',
      building_id: c.building.id,
      organisation_ru: c.mc.nameRu,
      district_en: 'Vakhitovsky',
    });
    // Exactly the documented properties, nothing more (no author, apartment, entrance, description).
    expect(Object.keys(routed).sort()).toEqual(
      appealFields
        .filter((f) => !f.csvOnly)
        .map((f) => f.name)
        .sort(),
    );
  });

  it('cuts the period on the municipality’s local days: 23:30 Moscow on 1 December belongs to the 1st', async () => {
    const first = JSON.parse((await get(`/api/open-data/appeals.geojson?${period('2026-12-01', '2026-12-01')}`)).body);
    expect(first.features.map((f: { id: number }) => f.id)).toEqual([c.appeals.lateEvening.id]);
    expect(first.features[0].properties.created_at).toBe('2026-12-01T23:30:00+03:00');
    const second = JSON.parse((await get(`/api/open-data/appeals.geojson?${period('2026-12-02', '2026-12-02')}`)).body);
    expect(second.features).toEqual([]);
    const third = JSON.parse((await get(`/api/open-data/appeals.geojson?${period('2026-12-03', '2026-12-03')}`)).body);
    expect(third.features).toHaveLength(2);
  });

  it('refuses a period over 366 days or reversed with a problem that says why, and defaults to the last 30 days', async () => {
    const long = await get(`/api/open-data/appeals.geojson?${period('2025-01-01', '2026-01-02')}`);
    expect(long.statusCode).toBe(400);
    expect(long.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(long.json()).toMatchObject({ code: 'open_data.period_too_long', errors: [{ field: 'querystring.to' }] });
    expect(long.json().detail).toContain('367');
    const year = await get(`/api/open-data/appeals.csv?${period('2025-01-01', '2026-01-01')}`);
    expect(year.statusCode).toBe(200);
    const reversed = await get(`/api/open-data/appeals.csv?${period('2026-12-05', '2026-12-01')}`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().code).toBe('open_data.period_reversed');
    const bad = await get(`/api/open-data/appeals.csv?${period('2026-02-30', '2026-03-01')}`);
    expect(bad.statusCode).toBe(400);
    // No period: the 30 days up to today (the app's clock).
    t.setNow(new Date('2026-12-20T12:00:00Z'));
    const recent = JSON.parse((await get(`/api/open-data/appeals.geojson?municipality=${c.city.code}`)).body);
    expect(recent.features).toHaveLength(3);
    t.setNow(new Date('2027-01-03T12:00:00Z'));
    const later = JSON.parse((await get(`/api/open-data/appeals.geojson?municipality=${c.city.code}`)).body);
    // 5 December to 3 January: the appeals of the 1st and 3rd are older.
    expect(later.features).toHaveLength(0);
    t.setNow(null);
  });

  it('writes CSV in UTF-8 with a BOM, a header of the field names, CRLF rows and RFC 4180 quoting; semicolons on asking', async () => {
    const res = await get(`/api/open-data/appeals.csv?${period('2026-12-01', '2026-12-31')}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="otklik-${c.city.code}-appeals-2026-12-01-2026-12-31.csv"`,
    );
    const bytes = res.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Valid UTF-8 throughout: decoding strictly does not throw.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    const rows = readCsv(text);
    expect(rows[0]).toEqual(appealFields.map((f) => f.name));
    expect(rows).toHaveLength(4);
    const at = (row: string[], name: string) => row[rows[0].indexOf(name)];
    const routed = rows.find((r) => at(r, 'number') === c.appeals.routed.number)!;
    // The address holds a comma: quoted, and read back whole.
    expect(text).toContain('"ул. Баумана, д. 12"');
    expect(at(routed, 'address')).toBe('ул. Баумана, д. 12');
    expect(at(routed, 'organisation_ru')).toBe(c.mc.nameRu);
    expect(at(routed, 'sla_breached')).toBe('false');
    expect(Number(at(routed, 'lon'))).toBeCloseTo(49.12, 5);
    expect(at(rows[3], 'district_code')).not.toBe('');

    const semi = await get(`/api/open-data/appeals.csv?${period('2026-12-01', '2026-12-31')}&separator=semicolon`);
    const semiRows = readCsv(semi.body.slice(1), ';');
    expect(semiRows[0]).toEqual(appealFields.map((f) => f.name));
    expect(semiRows.slice(1).map((r) => r[1])).toEqual(rows.slice(1).map((r) => r[1]));
  });

  it('keeps each municipality’s data apart, and 404s a municipality that does not exist', async () => {
    const other = await get(
      `/api/open-data/appeals.geojson?municipality=${c.other.code}&from=2026-12-01&to=2026-12-31`,
    );
    expect(JSON.parse(other.body).features).toEqual([]);
    const none = await get('/api/open-data/appeals.geojson?municipality=ZZZ9');
    expect(none.statusCode).toBe(404);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('shows an appeal made private later nowhere, nor one whose category turned private', async () => {
    await t.db.execute(sql`update categories set public = false where id = ${c.pothole.id}`);
    const res = JSON.parse((await get(`/api/open-data/appeals.geojson?${period('2026-12-01', '2026-12-31')}`)).body);
    expect(res.features.map((f: { id: number }) => f.id)).not.toContain(c.appeals.pothole.id);
    await t.db.execute(sql`update categories set public = true where id = ${c.pothole.id}`);
  });

  it('never carries the author, their contacts, the apartment, the entrance, an Open311 submitter or a private appeal', async () => {
    const urls = [
      `/api/open-data/appeals.geojson?${period('2026-12-01', '2026-12-31')}`,
      `/api/open-data/appeals.csv?${period('2026-12-01', '2026-12-31')}`,
      `/api/open-data/buildings.geojson?municipality=${c.city.code}`,
      `/api/open-data/buildings.csv?municipality=${c.city.code}`,
      `/api/open-data?municipality=${c.city.code}`,
    ];
    for (const url of urls) {
      const body = (await get(url)).body;
      for (const marker of Object.values(planted)) expect(body, `${url}: ${marker}`).not.toContain(marker);
      expect(body).not.toContain(c.appeals.hidden.number);
    }
  });

  it('serves the buildings with address, district, year, floors, management company and external id, as points', async () => {
    await t.db.execute(
      sql`update buildings set external_id = 'fias-6f1c2b', postcode = '420111' where id = ${c.building.id}`,
    );
    const res = await get(`/api/open-data/buildings.geojson?municipality=${c.city.code}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const features = expectPointCollection(JSON.parse(res.body), KAZAN);
    expect(features).toHaveLength(1);
    expect(features[0].properties).toEqual({
      id: c.building.id,
      external_id: 'fias-6f1c2b',
      address: 'ул. Баумана, д. 12',
      postcode: '420111',
      district_code: c.district.code,
      district_ru: 'Вахитовский',
      district_en: 'Vakhitovsky',
      year_built: 1978,
      floors: 9,
      management_company_ru: c.mc.nameRu,
      management_company_en: c.mc.nameEn,
    });
  });

  it('serves the same buildings as CSV, with the point as lon and lat', async () => {
    const res = await get(`/api/open-data/buildings.csv?municipality=${c.city.code}`);
    expect(res.statusCode).toBe(200);
    expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = readCsv(res.body.replace(/^\uFEFF/, ''));
    expect(rows[0]).toEqual(buildingFields.map((f) => f.name));
    const row = Object.fromEntries(rows[0].map((name, i) => [name, rows[1][i]]));
    expect(row).toMatchObject({
      id: String(c.building.id),
      address: 'ул. Баумана, д. 12',
      floors: '9',
      lon: '49.12',
      lat: '55.79',
    });
  });

  it('streams thousands of buildings in one valid document', async () => {
    await t.db.execute(sql`
      insert into buildings (municipality_id, district_id, street, house, address, search_text, location)
      select ${c.city.id}, ${c.district.id}, 'ул. Тестовая', g::text, 'ул. Тестовая, д. ' || g, 'тестовая ' || g,
             point(49.0 + g * 0.00001, 55.7 + g * 0.00001)
      from generate_series(1, 2500) g`);
    const res = await get(`/api/open-data/buildings.geojson?municipality=${c.city.code}`);
    const features = expectPointCollection(JSON.parse(res.body), KAZAN);
    expect(features).toHaveLength(2501);
    expect(new Set(features.map((f) => f.id)).size).toBe(2501);
  });

  it('lists the datasets with licence, schedule, formats and schemas, and serves each schema', async () => {
    const res = await get(`/api/open-data?municipality=${c.city.code}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBeTruthy();
    const cat = res.json();
    expect(cat.licence.id).toBe('CC-BY-4.0');
    expect(cat.dump).toEqual({ schedule: '30 3 * * *', timeZone: 'Europe/Moscow', keepDays: 30 });
    expect(cat.datasets.map((d: { id: string }) => d.id)).toEqual(['appeals', 'buildings']);
    expect(cat.datasets[0].title.ru).toBe('Обращения жителей');
    expect(cat.datasets[0].distributions.map((d: { url: string }) => d.url)).toEqual([
      `/api/open-data/appeals.geojson?municipality=${c.city.code}`,
      `/api/open-data/appeals.csv?municipality=${c.city.code}`,
    ]);
    const again = await get(`/api/open-data?municipality=${c.city.code}`, {
      'if-none-match': res.headers.etag as string,
    });
    expect(again.statusCode).toBe(304);
    for (const d of cat.datasets) {
      for (const url of Object.values(d.schemas) as string[]) {
        const schema = await get(url);
        expect(schema.statusCode, url).toBe(200);
        expect(schema.headers['cache-control']).toBe('public, max-age=3600');
      }
    }
    const table = (await get('/api/open-data/schemas/appeals.table.json')).json();
    expect(table.fields.map((f: { name: string }) => f.name)).toEqual(appealFields.map((f) => f.name));
    expect(table.fields.find((f: { name: string }) => f.name === 'created_at').type).toBe('datetime');
    const json = (await get('/api/open-data/schemas/appeals.schema.json')).json();
    expect(json.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect((await get('/api/open-data/schemas/users.schema.json')).statusCode).toBe(400);
  });

  it('documents every field in docs/open-data.md, in order, with its type', () => {
    const doc = readFileSync(path.join(import.meta.dirname, '../../docs/open-data.md'), 'utf8');
    for (const [dataset, fields] of [
      ['appeals', appealFields],
      ['buildings', buildingFields],
    ] as const) {
      const section = doc.slice(doc.indexOf(`### ${dataset}`));
      const documented = [...section.matchAll(/^\| `(\w+)` \| (\w+)/gm)].slice(0, fields.length);
      expect(documented.map((m) => [m[1], m[2]])).toEqual(fields.map((f) => [f.name, f.type]));
    }
  });

  it('fits the GeoJSON it serves to its own published JSON Schema', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    for (const [dataset, url] of [
      ['appeals', `/api/open-data/appeals.geojson?${period('2026-12-01', '2026-12-31')}`],
      ['buildings', `/api/open-data/buildings.geojson?municipality=${c.city.code}`],
    ]) {
      const schema = (await get(`/api/open-data/schemas/${dataset}.schema.json`)).json();
      const validate = ajv.compile(schema);
      const ok = validate(JSON.parse((await get(url)).body));
      expect(validate.errors ?? [], dataset).toEqual([]);
      expect(ok).toBe(true);
    }
  });
});
