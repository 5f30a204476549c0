import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportFileError } from '../../api/imports/read-register.ts';
import { getImportRun } from '../../db/queries/import-runs.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { importCity, inn, ogrn, snapshot } from '../helpers/imports.ts';

const run = promisify(execFile);

const orgsCsv = [
  'external_id,kind,code,name_ru,name_en,inn,ogrn,phone,email,website,working_hours',
  `mc-1,управляющая компания,uk-reg,ООО «УК Реестр»,Register MC,${inn.mc},${ogrn.mc},+7 843 200-00-01,INFO@uk-reg.ru,uk-reg.ru,"пн-чт 08:00-17:00; пт 08:00-16:00"`,
  `heat-1,resource_supplier,,АО «Тепло»,,${inn.heat},${ogrn.heat},,,,круглосуточно`,
  'tszh-1,ТСЖ,,ТСЖ «Берёзка»,,,,,,,',
].join('\n');

// Line numbers as in the file: the header is line 1.
const buildingsCsv = [
  'external_id;district;street;house;block;postcode;lat;lon;management_company;cold_water;heating;year_built;floors;wall_material;total_area',
  `b-1;Вахитовский;ул. Баумана;12;;420111;55,7887;49,1060;${ogrn.mc};vodokanal;heat-1;1978;9;панельный;3 456,7`,
  `b-2;;ул. Пушкина;5;2;;55.80;49.15;mc-1;${ogrn.mc.slice(0, -1)}0;;1965;5;кирпич;`,
  'b-3;;ул. Пушкина;7;;;55.80;49.16;uk-hand;;;2040;;;',
  'b-4;;ул. Пушкина;9;;;56.50;49.16;;;;;;;',
  'b-1;;ул. Другая;1;;;55.80;49.16;;;;;;;',
  'b-6;;ул. Баумана;12;;;55.80;49.10;;;;;;;',
  ';;ул. Баумана;14;;;55.80;49.10;;;;;;;',
  'b-8;Нет такого;ул. Баумана;16;;;55.80;49.10;vodokanal;;;;;;',
  'b-9;sovetsky;пр. Победы;100;;;55.81;49.19;tszh-1;;;2001;16;монолит;12000',
].join('\r\n');

describe('imports of registers (CSV)', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof importCity>>;
  beforeAll(async () => {
    t = await startTestApp();
    // KZN, as the example registers of docs/examples/ name it
    c = await importCity(t.db, { code: 'KZN' });
  });
  afterAll(() => t?.close());

  it('imports organisations, reading Russian kinds, INN/OGRN with check digits, contacts and working hours', async () => {
    const report = await c.run('organisations', c.file(orgsCsv));
    expect(report.run).toMatchObject({ status: 'done', lines: 3, created: 3, updated: 0, unchanged: 0, rejected: 0 });
    const rows = await t.db
      .$client`select external_id, kind, code, name_en, email, website, working_hours from organisations where external_id is not null order by external_id`;
    expect(rows.map((r) => [r.external_id, r.kind, r.code])).toEqual([
      ['heat-1', 'resource_supplier', 'ext-heat-1'],
      ['mc-1', 'management_company', 'uk-reg'],
      ['tszh-1', 'management_company', 'ext-tszh-1'],
    ]);
    expect(rows[1]).toMatchObject({ email: 'info@uk-reg.ru', website: 'https://uk-reg.ru/', name_en: 'Register MC' });
    expect(rows[0].working_hours).toMatchObject({ calendar: '24x7' });
    expect(rows[1].working_hours.week['5']).toEqual([['08:00', '16:00']]);
    // no English name given: the Russian one stands in; no hours: office hours
    expect(rows[2].working_hours.week['1']).toEqual([['08:00', '17:00']]);
  });

  it('reports each broken line with its number, field and reason, and takes the rest', async () => {
    const report = await c.run('buildings', c.file(buildingsCsv));
    expect(report.run).toMatchObject({ status: 'done', lines: 9, created: 2, updated: 0, rejected: 7 });
    const problems = report.run.problems.map((p) => [p.line, p.field, (p as { code?: string }).code]);
    expect(problems).toEqual([
      [3, 'cold_water', 'import.line.organisation_unknown'],
      [4, 'year_built', 'field.not_after_year'],
      [5, 'lat', 'place.outside_municipality'],
      [6, 'external_id', 'import.line.duplicate_external_id'],
      [7, 'house', 'import.line.duplicate_address'],
      [8, 'external_id', 'field.required'],
      [9, 'district', 'import.line.district_unknown'],
      [9, 'management_company', 'building.not_management_company'],
    ]);
    expect(report.run.problems[0].reason).toBe(
      'нет организации «1021602841390» (идентификатор реестра, ОГРН, ИНН или код): сначала загрузите реестр организаций',
    );
    expect(report.run.problems[3].reason).toBe('тот же идентификатор, что в строке 2');
    const [b1] = await t.db.$client`select * from buildings where external_id = 'b-1'`;
    expect(b1).toMatchObject({
      address: 'ул. Баумана, д. 12',
      search_text: 'баумана 12',
      postcode: '420111',
      district_id: c.west.id,
      year_built: 1978,
      wall_material: 'panel',
      total_area: '3456.7',
    });
    const [mc] = await t.db.$client`select id from organisations where external_id = 'mc-1'`;
    expect(b1.management_company_id).toBe(mc.id);
    expect(b1.cold_water_supplier_id).toBe(c.vodokanal.id);
    expect(b1.location).toBe('(49.106,55.7887)');
    // the district from the location when the line names none
    const [b9] = await t.db.$client`select district_id, wall_material from buildings where external_id = 'b-9'`;
    expect(b9).toEqual({ district_id: c.east.id, wall_material: 'monolith' });
  });

  it('a repeated import changes nothing and says so', async () => {
    const before = await snapshot(t.db, 'buildings');
    const report = await c.run('buildings', c.file(buildingsCsv));
    expect(report.run).toMatchObject({ created: 0, updated: 0, unchanged: 2, deleted: 0, rejected: 7 });
    expect(await snapshot(t.db, 'buildings')).toBe(before);
    const orgsBefore = await snapshot(t.db, 'organisations');
    const again = await c.run('organisations', c.file(orgsCsv));
    expect(again.run).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await snapshot(t.db, 'organisations')).toBe(orgsBefore);
  });

  it('a changed line updates its building in place; the others keep their updated_at', async () => {
    const [before] = await t.db.$client`select id, updated_at from buildings where external_id = 'b-9'`;
    const [other] = await t.db.$client`select updated_at from buildings where external_id = 'b-1'`;
    const changed = buildingsCsv.replace(
      'пр. Победы;100;;;55.81;49.19;tszh-1;;;2001;16',
      'пр. Победы;100А;;;55.81;49.19;tszh-1;;;2001;17',
    );
    const report = await c.run('buildings', c.file(changed));
    expect(report.run).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    const [after] = await t.db.$client`select id, address, floors, updated_at from buildings where external_id = 'b-9'`;
    expect(after).toMatchObject({ id: before.id, address: 'пр. Победы, д. 100А', floors: 17 });
    expect(Date.parse(after.updated_at)).toBeGreaterThan(Date.parse(before.updated_at));
    const [otherAfter] = await t.db.$client`select updated_at from buildings where external_id = 'b-1'`;
    expect(otherAfter.updated_at).toEqual(other.updated_at);
  });

  it('links a register line to the building entered by hand at its address instead of a second one', async () => {
    const hand = await c.make.building(c.city.id, c.west.id, {
      street: 'ул. Кремлёвская',
      house: '35',
      lon: 49.1,
      lat: 55.8,
    });
    const report = await c.run(
      'buildings',
      c.file('external_id,street,house,lat,lon\nfias-35,ул. Кремлёвская,35,55.8,49.1\n'),
    );
    expect(report.run).toMatchObject({ created: 0, updated: 1 });
    const [row] = await t.db.$client`select external_id from buildings where id = ${hand.id}`;
    expect(row.external_id).toBe('fias-35');
  });

  it('a dry run reports what it would do and changes nothing', async () => {
    const before = await snapshot(t.db, 'buildings');
    const file = c.file(
      'external_id,street,house,lat,lon\nnew-1,ул. Новая,1,55.8,49.1\nb-1,ул. Баумана,12,55.7887,49.1060\n',
    );
    const report = await c.run('buildings', file, { dryRun: true, withOutcomes: true });
    expect(report.outcomes).toEqual([
      { line: 2, externalId: 'new-1', outcome: 'create' },
      { line: 3, externalId: 'b-1', outcome: 'unchanged' },
    ]);
    expect(report.run).toMatchObject({ dryRun: true, created: 1, updated: 0, unchanged: 1 });
    expect(await snapshot(t.db, 'buildings')).toBe(before);
  });

  it('deletes only with --delete-missing, and never a building that appeals or apartments still refer to', async () => {
    const hand = await c.make.building(c.city.id, c.east.id, {
      street: 'ул. Ручная',
      house: '1',
      lon: 49.2,
      lat: 55.8,
    });
    const only = c.file('external_id,street,house,lat,lon\nb-1,ул. Баумана,12,55.7887,49.1060\n');
    const without = await c.run('buildings', only);
    expect(without.run.deleted).toBe(0);
    const [b3] = await t.db.$client`select id from buildings where external_id = 'b-9'`;
    await t.db.$client`insert into apartments (building_id, number) values (${b3.id}, '1')`;
    const dry = await c.run('buildings', only, { deleteMissing: true, dryRun: true });
    expect(dry.run.deleted).toBe(1);
    const report = await c.run('buildings', only, { deleteMissing: true });
    expect(report.run).toMatchObject({ deleted: 1, rejected: 0 });
    expect(report.kept).toEqual([{ externalId: 'b-9', refs: ['apartments'] }]);
    expect(report.run.problems[0]).toMatchObject({ line: 0, field: 'external_id', code: 'import.delete.kept' });
    const left = await t.db.$client`select external_id from buildings where external_id is not null order by 1`;
    expect(left.map((r) => r.external_id)).toEqual(['b-1', 'b-9']);
    // buildings entered by hand (no external id) are never the register's to delete
    const [still] = await t.db.$client`select id from buildings where id = ${hand.id}`;
    expect(still).toBeDefined();
  });

  it('reads a Windows-1251 register and the GIS ZhKKh column names', async () => {
    const text =
      'Глобальный уникальный идентификатор дома по ФИАС;Улица;Номер дома;Широта;Долгота;Год постройки;Материал стен\n' +
      'fias-cp;ул. Чистопольская;3;55,8;49,13;1999;Кирпичный\n';
    const report = await c.run('buildings', c.file(cp1251(text)));
    expect(report.encoding).toBe('windows-1251');
    expect(report.run).toMatchObject({ created: 1, rejected: 0 });
    const [row] = await t.db
      .$client`select address, year_built, wall_material from buildings where external_id = 'fias-cp'`;
    expect(row).toEqual({ address: 'ул. Чистопольская, д. 3', year_built: 1999, wall_material: 'brick' });
  });

  it('reads a Windows-1251 register whose first Russian letters come after a long stretch of Latin text', async () => {
    const header = 'external_id;street;house;lat;lon\n';
    const latin = Array.from({ length: 3000 }, (_, i) => `lat-${i};Kremlin street;${i + 1};55.79;49.11\n`).join('');
    const report = await c.run(
      'buildings',
      c.file(Buffer.concat([Buffer.from(header + latin), cp1251('late-1;ул. Поздняя;1;55.79;49.11\n')])),
    );
    expect(report.encoding).toBe('windows-1251');
    expect(report.run).toMatchObject({ created: 3001, rejected: 0 });
    const [row] = await t.db.$client`select address from buildings where external_id = 'late-1'`;
    expect(row.address).toBe('ул. Поздняя, д. 1');
    await t.db.$client`delete from buildings where external_id like 'lat-%' or external_id = 'late-1'`;
  });

  it('fails the whole run, changing nothing, on a file it cannot read or a header without the required columns', async () => {
    const before = await snapshot(t.db, 'buildings');
    const binary = Buffer.from([0x00, 0x01, 0xff, 0xfe, 0x80, 0x81, 0x00, 0x10]);
    await expect(c.run('buildings', c.file(binary))).rejects.toMatchObject({ reason: { id: 'import.file.encoding' } });
    const bad = c.run('buildings', c.file('external_id,street,lat,lon\nx,ул. А,55.8,49.1\n'));
    await expect(bad).rejects.toBeInstanceOf(ImportFileError);
    await expect(bad).rejects.toMatchObject({
      reason: { id: 'import.file.header_missing', params: { columns: 'house' } },
    });
    expect(await snapshot(t.db, 'buildings')).toBe(before);
    const runs = await t.db.$client`select status, error from import_runs where status = 'failed' order by id`;
    expect(runs.map((r) => r.error)).toEqual([
      'Файл не в UTF-8 и не в Windows-1251: сохраните его в UTF-8.',
      'В заголовке нет обязательных столбцов: house.',
    ]);
  });

  it('records every run, the CLI’s without a person', async () => {
    const report = await c.run(
      'buildings',
      c.file('external_id,street,house,lat,lon\nb-1,ул. Баумана,12,55.7887,49.1060\n'),
    );
    const stored = await getImportRun(t.db, report.run.id);
    expect(stored).toMatchObject({ via: 'cli', startedBy: null, status: 'done', format: 'csv', unchanged: 1 });
  });

  it('the CLI, as a child process, prints each line’s outcome in a dry run and exits 1 when lines were refused', async () => {
    const file = c.file(
      'external_id,street,house,lat,lon\nb-1,ул. Баумана,12,55.7887,49.1060\ncli-2,ул. Новая,3,55.8,49.1\ncli-3,ул. Новая,5,99,49.1\n',
    );
    const before = await snapshot(t.db, 'buildings');
    const cli = path.join(import.meta.dirname, '../../api/imports/cli.ts');
    const result = await run(
      process.execPath,
      [cli, 'buildings', file, '--dry-run', '--municipality', c.city.code, '--lang', 'en'],
      {
        env: { ...process.env, DATABASE_URL: t.url, DATA_DIR: t.dataDir },
      },
    ).then(
      () => ({ code: 0, stdout: '' }),
      (err: { code: number; stdout: string }) => err,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('line 2: unchanged (b-1)');
    expect(result.stdout).toContain('line 3: would create (cli-2)');
    expect(result.stdout).toContain('line 4: refused: lat: latitude: a number within −90..90');
    expect(result.stdout).toMatch(
      /dry run \(nothing changed\): buildings, csv, utf-8; 3 lines: 1 created, 0 updated, 1 unchanged, 0 deleted, 1 refused/,
    );
    expect(await snapshot(t.db, 'buildings')).toBe(before);
  });

  it('deletes missing organisations only when nothing refers to them, the others kept and reported', async () => {
    await c.run('organisations', c.file(`${orgsCsv}\ngone-1,подрядчик,,ООО «Подрядчик»,,,,,,,`));
    const onlyMc = orgsCsv.split('\n').slice(0, 2).join('\n');
    let forgotten = 0;
    const report = await c.run('organisations', c.file(onlyMc), {
      deleteMissing: true,
      afterChange: () => forgotten++,
    });
    expect(report.run).toMatchObject({ unchanged: 1, deleted: 1 });
    expect(report.kept).toEqual([
      { externalId: 'heat-1', refs: ['buildings'] },
      { externalId: 'tszh-1', refs: ['buildings'] },
    ]);
    expect(forgotten).toBe(1);
    const left = await t.db.$client`select external_id from organisations where external_id is not null order by 1`;
    expect(left.map((r) => r.external_id)).toEqual(['heat-1', 'mc-1', 'tszh-1']);
    // nothing changed: the cached reference data stays
    await c.run('organisations', c.file(onlyMc), { afterChange: () => forgotten++ });
    expect(forgotten).toBe(1);
  });

  it('takes the example registers of docs/examples/ without a refused line, the GeoJSON over the CSV unchanged', async () => {
    const examples = path.join(import.meta.dirname, '../../docs/examples');
    const orgs = await c.run('organisations', path.join(examples, 'organisations.csv'));
    expect(orgs.run.problems).toEqual([]);
    expect(orgs.run).toMatchObject({ created: 3, rejected: 0 });
    const houses = await c.run('buildings', path.join(examples, 'buildings.csv'));
    expect(houses.run).toMatchObject({ created: 4, rejected: 0 });
    const geo = await c.run('buildings', path.join(examples, 'buildings.geojson'));
    expect(geo.run).toMatchObject({ format: 'geojson', created: 1, unchanged: 1, rejected: 0 });
    const [b] = await t.db.$client`
      select b.address, b.wall_material, o.code as mc from buildings b join organisations o on o.id = b.management_company_id
      where b.external_id = '703fab32-5c6d-4e7f-a081-9cad0e1f3041'`;
    expect(b).toEqual({ address: 'ул. Ершова, д. 55, корп. 2', wall_material: 'panel', mc: 'uk-bauman' });
  });
});

/** Text in Windows-1251, as Russian registers often come (Cyrillic letters only). */
function cp1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (code < 128) bytes.push(code);
    else if (ch === 'ё') bytes.push(0xb8);
    else if (ch === 'Ё') bytes.push(0xa8);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else throw new Error(`not in the test's Windows-1251: ${ch}`);
  }
  return Buffer.from(bytes);
}
