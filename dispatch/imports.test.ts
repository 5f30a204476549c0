import { describe, expect, it } from 'vitest';
import { CsvReader, parseCsv } from './csv.ts';
import { checkBuildingLine, type ImportReference, OrganisationIndex, readNumber } from './import-checks.ts';
import {
  checkOrganisationLine,
  codeFromExternalId,
  innValid,
  ogrnValid,
  readWorkingHours,
} from './import-organisations.ts';
import { detectEncoding, detectFormat, featureLine, lineOf, readHeader } from './imports.ts';

const square = (lon: number, lat: number, half: number): [number, number][] => [
  [lon - half, lat - half],
  [lon + half, lat - half],
  [lon + half, lat + half],
  [lon - half, lat + half],
];

const ref: ImportReference = {
  municipalityCode: 'KZN',
  boundary: square(49.12, 55.79, 0.1),
  districts: [
    { id: 1, code: 'vakhitovsky', nameRu: 'Вахитовский', nameEn: 'Vakhitovsky', boundary: square(49.07, 55.79, 0.05) },
    { id: 2, code: 'sovetsky', nameRu: 'Советский', nameEn: 'Sovetsky', boundary: square(49.17, 55.79, 0.05) },
  ],
  organisations: new OrganisationIndex([
    {
      id: 10,
      kind: 'management_company',
      code: 'uk01',
      externalId: 'mc-guid',
      inn: '1655009542',
      ogrn: '1021602841391',
    },
    { id: 11, kind: 'resource_supplier', code: 'vodokanal', externalId: null, inn: null, ogrn: '1021602830370' },
    { id: 12, kind: 'contractor', code: 'builder', externalId: null, inn: null, ogrn: null },
  ]),
  now: new Date('2026-12-08T10:00:00Z'),
};

const building = (cells: Record<string, string>) =>
  checkBuildingLine(
    2,
    { street: 'ул. Баумана', house: '12', lat: '55.79', lon: '49.1', external_id: 'g-1', ...cells },
    ref,
  );

describe('the registers’ header', () => {
  it('reads our column names and the GIS ZhKKh Russian ones, in any case, with ё and punctuation', () => {
    const h = readHeader('buildings', [
      'Глобальный уникальный идентификатор дома по ФИАС',
      'Улица',
      'Номер дома',
      'Широта',
      'ДОЛГОТА',
      'Год постройки',
      'Этажность',
      'Материал стен',
      'Примечание',
    ]);
    expect(h.ok && h.header.columns).toEqual([
      'external_id',
      'street',
      'house',
      'lat',
      'lon',
      'year_built',
      'floors',
      'wall_material',
      null,
    ]);
    expect(h.ok && h.header.ignored).toEqual(['Примечание']);
    const orgs = readHeader('organisations', [
      'external_id',
      'Вид организации',
      'Наименование',
      'ИНН',
      'ОГРН',
      'Режим работы',
      'E-mail',
    ]);
    expect(orgs.ok && orgs.header.columns).toEqual([
      'external_id',
      'kind',
      'name_ru',
      'inn',
      'ogrn',
      'working_hours',
      'email',
    ]);
  });

  it('refuses a header without the required columns, or with one twice', () => {
    expect(readHeader('buildings', ['external_id', 'street', 'lat', 'lon'])).toEqual({
      ok: false,
      reason: { id: 'import.file.header_missing', params: { columns: 'house' } },
    });
    expect(readHeader('buildings', ['external_id', 'street', 'house', 'lat', 'lon', 'Широта'])).toEqual({
      ok: false,
      reason: { id: 'import.file.header_duplicate', params: { column: 'Широта' } },
    });
    // a GeoJSON's Point stands in for lat and lon
    expect(readHeader('buildings', ['external_id', 'street', 'house'], { geometry: true }).ok).toBe(true);
  });

  it('maps a line’s cells by the header, blank ones left out', () => {
    const h = readHeader('buildings', ['external_id', 'street', 'house', 'lat', 'lon', 'x']);
    if (!h.ok) throw new Error('header');
    expect(lineOf(h.header, [' g-1 ', 'ул. А', '', '55.7', '49.1', 'ignored'])).toEqual({
      external_id: 'g-1',
      street: 'ул. А',
      lat: '55.7',
      lon: '49.1',
    });
  });
});

describe('a line of the buildings’ register', () => {
  it('makes the address and search text as the directory does, finds the district from the point', () => {
    const r = building({ block: '2', wall_material: 'Панельный', total_area: '3 456,7', wear_percent: '35%' });
    expect(r.ok && r.row).toMatchObject({
      line: 2,
      externalId: 'g-1',
      address: 'ул. Баумана, д. 12, корп. 2',
      searchText: 'баумана 12 к2',
      districtId: 1,
      summary: { wall_material: 'panel', total_area: 3456.7, wear_percent: 35 },
    });
  });

  it('names the management company and suppliers by register id, OGRN, INN or code, of a fitting kind', () => {
    const r = building({
      management_company: 'mc-guid',
      cold_water: '1021602830370',
      heating: 'uk01',
      electricity: '1655009542',
    });
    expect(r.ok && [r.row.managementCompanyId, r.row.suppliers]).toEqual([
      10,
      { cold_water: 11, hot_water: null, heating: 10, electricity: 10, gas: null },
    ]);
    expect(building({ management_company: 'vodokanal', gas: 'builder', hot_water: 'nobody' })).toEqual({
      ok: false,
      problems: [
        { field: 'management_company', reason: { id: 'building.not_management_company' } },
        { field: 'hot_water', reason: { id: 'import.line.organisation_unknown', params: { value: 'nobody' } } },
        { field: 'gas', reason: { id: 'building.not_supplier' } },
      ],
    });
  });

  it('reports every problem of a line, each with its field', () => {
    const r = checkBuildingLine(
      7,
      {
        external_id: 'bad id',
        house: '1',
        lat: '95',
        lon: 'x',
        postcode: '42011',
        floors: '9.5',
        year_built: '2040',
        district: 'Нет',
        municipality: 'INN',
      },
      ref,
    );
    expect(r.ok ? [] : r.problems.map((p) => [p.field, p.reason.id])).toEqual([
      ['external_id', 'import.line.external_id'],
      ['municipality', 'import.line.municipality'],
      ['street', 'field.required'],
      ['postcode', 'field.postcode'],
      ['lat', 'field.latitude'],
      ['lon', 'field.longitude'],
      ['year_built', 'field.not_after_year'],
      ['floors', 'field.whole_number'],
    ]);
  });

  it('takes the district by code or name, and refuses a point outside the municipality or its districts', () => {
    expect(building({ district: 'Советский район' })).toMatchObject({ row: { districtId: 2 } });
    expect(building({ district: 'SOVETSKY' })).toMatchObject({ row: { districtId: 2 } });
    expect(building({ lat: '56.5' })).toEqual({
      ok: false,
      problems: [{ field: 'lat', reason: { id: 'place.outside_municipality' } }],
    });
    expect(building({ lat: '55.875', lon: '49.1' })).toEqual({
      ok: false,
      problems: [{ field: 'district', reason: { id: 'building.outside_districts' } }],
    });
  });

  it('reads numbers with a decimal comma and spaces between thousands', () => {
    expect([
      readNumber('55,7887'),
      readNumber('1 234,5'),
      readNumber('-0.5'),
      readNumber('12a'),
      readNumber(''),
    ]).toEqual([55.7887, 1234.5, -0.5, null, null]);
  });
});

describe('a line of the organisations’ register', () => {
  const org = (cells: Record<string, string>) =>
    checkOrganisationLine(3, { external_id: 'o-1', kind: 'УК', name_ru: 'ООО «УК»', ...cells }, ref);

  it('reads Russian kinds, normalises contacts, and leaves code, English name and hours to the stored ones', () => {
    expect(org({ email: ' Info@UK.ru ', website: 'uk.ru', phone: '8 (843) 200-00-00' })).toEqual({
      ok: true,
      row: {
        line: 3,
        externalId: 'o-1',
        kind: 'management_company',
        code: null,
        nameRu: 'ООО «УК»',
        nameEn: null,
        inn: null,
        ogrn: null,
        districtId: null,
        phone: '8 (843) 200-00-00',
        email: 'info@uk.ru',
        address: null,
        website: 'https://uk.ru/',
        workingHours: null,
      },
    });
    expect(org({ kind: 'ресурсоснабжающая организация' })).toMatchObject({ row: { kind: 'resource_supplier' } });
  });

  it('checks INN and OGRN by their check digits', () => {
    expect([innValid('7707083893'), innValid('7707083894'), innValid('500100732259'), innValid('12345')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect([ogrnValid('1027700132195'), ogrnValid('1027700132196'), ogrnValid('304500116000157')]).toEqual([
      true,
      false,
      true,
    ]);
    expect(org({ inn: '1655009540', ogrn: '1' })).toEqual({
      ok: false,
      problems: [
        { field: 'inn', reason: { id: 'import.line.inn' } },
        { field: 'ogrn', reason: { id: 'import.line.ogrn' } },
      ],
    });
  });

  it('reads working hours as registers write them', () => {
    expect(readWorkingHours('круглосуточно')?.calendar).toBe('24x7');
    expect(readWorkingHours('пн-пт 8:00-12:00 13:00-17:00; сб 09:00-13:00')).toEqual({
      calendar: 'production',
      week: {
        '1': [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
        '2': [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
        '3': [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
        '4': [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
        '5': [
          ['08:00', '12:00'],
          ['13:00', '17:00'],
        ],
        '6': [['09:00', '13:00']],
      },
    });
    expect(readWorkingHours('Mon-Fri 09:00-18:00')?.week['5']).toEqual([['09:00', '18:00']]);
    expect(readWorkingHours('по звонку')).toBeNull();
    expect(readWorkingHours('пн 18:00-09:00')).toBeNull();
    expect(org({ working_hours: 'иногда' })).toMatchObject({ ok: false, problems: [{ field: 'working_hours' }] });
  });

  it('refuses an unknown kind, naming the kinds', () => {
    const r = org({ kind: 'клуб' });
    expect(r.ok ? null : r.problems[0]).toMatchObject({ field: 'kind', reason: { id: 'import.line.kind' } });
  });

  it('makes a code from the register id, apart for ids a code cannot hold', () => {
    expect(codeFromExternalId('5f1c-77')).toBe('ext-5f1c-77');
    expect(codeFromExternalId('дом-1')).not.toBe(codeFromExternalId('дом-2'));
    expect(codeFromExternalId('дом-1')).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/);
  });
});

describe('reading a register file', () => {
  it('tells UTF-8 from Windows-1251 and from a binary file', () => {
    expect(detectEncoding(new TextEncoder().encode('улица;дом\n'))).toBe('utf-8');
    // a sample cut in the middle of a two-byte letter is still UTF-8
    expect(detectEncoding(new TextEncoder().encode('улица').subarray(0, 3))).toBe('utf-8');
    expect(detectEncoding(Uint8Array.from([0xf3, 0xeb, 0xe8, 0xf6, 0xe0, 0x3b, 0xe4, 0xee, 0xec]))).toBe(
      'windows-1251',
    );
    expect(detectEncoding(Uint8Array.from([0x00, 0x01, 0xff, 0xfe, 0x80]))).toBeNull();
  });

  it('tells CSV from GeoJSON by the name, else by the first character', () => {
    expect([
      detectFormat('a.geojson', ''),
      detectFormat('a.CSV', '{'),
      detectFormat('upload', ' {"type"'),
      detectFormat('upload', 'a;b'),
    ]).toEqual(['geojson', 'csv', 'geojson', 'csv']);
  });

  it('reads a GeoJSON feature as a line: properties by column, a Point as lon and lat', () => {
    const columns = new Set<string>();
    expect(
      featureLine(
        'buildings',
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [49.1, 55.8] },
          properties: { GUID: 'g', Улица: 'ул. А', floors: 9, note: 'x' },
        },
        columns as never,
      ),
    ).toEqual({
      ok: true,
      line: { external_id: 'g', street: 'ул. А', floors: '9', lon: '49.1', lat: '55.8' },
    });
    expect(
      featureLine(
        'buildings',
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: {} },
        new Set(),
      ),
    ).toMatchObject({ ok: false, field: 'geometry' });
    expect(featureLine('buildings', [1, 2], new Set())).toMatchObject({ ok: false, field: 'feature' });
  });

  it('the CSV reader gives the same rows whatever the pieces the text comes in', () => {
    const text = '\uFEFFa;b;c\r\n"x;""y""\r\nz";2;3\r\n\r\n4;;"6"\n7;8;9';
    const whole = parseCsv(text);
    expect(whole).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['x;"y"\r\nz', '2', '3'] },
      { line: 5, cells: ['4', '', '6'] },
      { line: 6, cells: ['7', '8', '9'] },
    ]);
    for (let size = 1; size <= 7; size++) {
      const reader = new CsvReader();
      const rows = [];
      for (let i = 0; i < text.length; i += size) rows.push(...reader.push(text.slice(i, i + size)));
      rows.push(...reader.end());
      expect(rows, `pieces of ${size}`).toEqual(whole);
    }
  });
});
