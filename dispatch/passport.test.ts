import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkPassport,
  csvColumns,
  diffPassport,
  emptyPassport,
  fieldLabel,
  flattenPassport,
  mergePassport,
  normalisePassport,
  type Passport,
  parseCsv,
  passportsFromCsv,
  passportsToCsv,
  splitPassport,
} from './passport.ts';

const now = new Date('2026-11-25T12:00:00Z');

/** A Khrushchev-era panel house on Восстания street, passport filled in. */
function panelHouse(): Passport {
  const p = emptyPassport();
  Object.assign(p, {
    yearBuilt: 1978,
    floors: 9,
    entrances: 4,
    apartments: 144,
    totalArea: 8120.4,
    wallMaterial: 'panel',
    elevatorCount: 4,
    wearPercent: 42.5,
    lastOverhaulYear: 2019,
  });
  p.general = {
    cadastralNumber: '16:50:110401:123',
    commissionedYear: 1979,
    series: '1-464А',
    undergroundFloors: 1,
    nonResidentialPremises: 2,
    livingArea: 5480.2,
    nonResidentialArea: 120,
    landArea: 4200,
  };
  p.structure.roof = { type: 'плоская совмещённая', material: 'рулонная, наплавляемая', condition: 'satisfactory' };
  p.systems.heating = { type: 'центральное, однотрубное', replacedYear: 2012 };
  p.elevators = [
    {
      entrance: 1,
      serial: 'КМЗ-1234',
      capacityKg: 320,
      commissionedYear: 1979,
      lastInspection: '2026-03-14',
      manufacturer: 'Карачаровский механический завод',
    },
    {
      entrance: 2,
      serial: 'ЩЛЗ-77',
      capacityKg: 400,
      commissionedYear: 2014,
      lastInspection: '2026-03-14',
      manufacturer: 'Щербинский лифтостроительный завод',
    },
  ];
  p.overhauls = [
    { year: 2019, works: 'ремонт крыши; замена стояков ХВС', cost: 5_430_000, contractor: 'ООО «Казань-Ремстрой»' },
  ];
  return p;
}

describe('the passport structure', () => {
  it('keeps the summary apart from the jsonb data and puts them back together', () => {
    const p = panelHouse();
    const { summary, data } = splitPassport(p);
    expect(summary).toMatchObject({ yearBuilt: 1978, elevatorCount: 4 });
    expect(data).not.toHaveProperty('yearBuilt');
    expect(normalisePassport(summary, data)).toEqual(p);
  });

  it('fills missing fields with null and drops unknown ones from stored data', () => {
    const p = normalisePassport(
      { floors: 5 },
      { general: { series: '1-447' }, secret: 'x', elevators: [{ serial: 'A', owner: 'Иванов' }] },
    );
    expect(p.floors).toBe(5);
    expect(p.general.series).toBe('1-447');
    expect(p.general.cadastralNumber).toBeNull();
    expect(p).not.toHaveProperty('secret');
    expect(p.elevators[0]).toEqual({
      entrance: null,
      serial: 'A',
      capacityKg: null,
      commissionedYear: null,
      lastInspection: null,
      manufacturer: null,
    });
  });

  it('merges a partial passport field by field and replaces lists whole', () => {
    const p = mergePassport(panelHouse(), {
      wearPercent: 45,
      structure: { roof: { condition: 'unsatisfactory' } },
      elevators: [],
    });
    expect(p.wearPercent).toBe(45);
    expect(p.structure.roof).toEqual({
      type: 'плоская совмещённая',
      material: 'рулонная, наплавляемая',
      condition: 'unsatisfactory',
    });
    expect(p.elevators).toEqual([]);
    expect(p.overhauls).toHaveLength(1);
  });

  it('labels fields in Russian and English, list items by number', () => {
    expect(fieldLabel('elevators.1.commissionedYear')).toEqual({
      ru: 'Лифт № 2: Год ввода в эксплуатацию',
      en: 'Elevator 2: Year commissioned',
    });
    expect(fieldLabel('systems.heating.replacedYear').ru).toBe('Отопление: Год последней замены');
    expect(fieldLabel('floors')).toEqual({ ru: 'Этажность', en: 'Floors' });
  });
});

describe('the field-level diff', () => {
  it('names each changed field by its dotted path with old and new values', () => {
    const before = panelHouse();
    const after = mergePassport(before, {
      floors: 10,
      systems: { gas: { type: 'сетевой' } },
      elevators: [before.elevators[0], { ...before.elevators[1], commissionedYear: 2015 }],
    });
    expect(diffPassport(before, after)).toEqual([
      { field: 'floors', oldValue: 9, newValue: 10 },
      { field: 'systems.gas.type', oldValue: null, newValue: 'сетевой' },
      { field: 'elevators.1.commissionedYear', oldValue: 2014, newValue: 2015 },
    ]);
  });

  it('shows a removed list item as its fields going empty', () => {
    const before = panelHouse();
    const after = mergePassport(before, { overhauls: [] });
    const changes = diffPassport(before, after);
    expect(changes.map((c) => c.field)).toEqual([
      'overhauls.0.year',
      'overhauls.0.works',
      'overhauls.0.cost',
      'overhauls.0.contractor',
    ]);
    expect(changes.every((c) => c.newValue === null)).toBe(true);
  });

  it('is complete: the old values with the changes applied are the new ones', () => {
    const text = fc.option(fc.constantFrom('кирпич', 'панель', '1-464А', 'КМЗ'), { nil: null });
    const small = fc.option(fc.integer({ min: 0, max: 50 }), { nil: null });
    const item = fc.record({
      entrance: small,
      serial: text,
      capacityKg: small,
      commissionedYear: small,
      lastInspection: fc.constant(null),
      manufacturer: text,
    });
    const passport = fc
      .record({
        floors: small,
        wearPercent: small,
        series: text,
        roof: text,
        heating: small,
        elevators: fc.array(item, { maxLength: 3 }),
      })
      .map((r) => {
        const p = emptyPassport();
        p.floors = r.floors;
        p.wearPercent = r.wearPercent;
        p.general.series = r.series;
        p.structure.roof.material = r.roof;
        p.systems.heating.replacedYear = r.heating;
        p.elevators = r.elevators;
        return p;
      });
    fc.assert(
      fc.property(passport, passport, (a, b) => {
        const applied = flattenPassport(a);
        for (const c of diffPassport(a, b)) {
          expect(applied.get(c.field) ?? null).toBe(c.oldValue);
          applied.set(c.field, c.newValue);
        }
        const expected = flattenPassport(b);
        for (const [field, value] of applied) expect(value, field).toBe(expected.get(field) ?? null);
        for (const [field, value] of expected) expect(applied.get(field) ?? null, field).toBe(value);
      }),
    );
  });

  it('finds nothing between a passport and itself', () => {
    expect(diffPassport(panelHouse(), panelHouse())).toEqual([]);
  });
});

describe('the passport rules', () => {
  const fields = (p: Passport) => checkPassport(p, now).map((x) => x.field);

  it('accepts a plausible passport', () => {
    expect(checkPassport(panelHouse(), now)).toEqual([]);
  });

  it('refuses a commissioning before the year built or in the future, wear outside 0–100 and negative areas', () => {
    const p = panelHouse();
    p.general.commissionedYear = 1975;
    p.wearPercent = 130;
    p.general.landArea = -5;
    p.elevators[1].commissionedYear = 2031;
    p.elevators[0].lastInspection = '2027-01-01';
    expect(fields(p)).toEqual([
      'wearPercent',
      'general.commissionedYear',
      'general.landArea',
      'elevators.0.lastInspection',
      'elevators.1.commissionedYear',
    ]);
    const reasons = checkPassport(p, now).map((x) => x.reason);
    expect(reasons[0]).toEqual({ id: 'field.range', params: { min: 0, max: 100 } });
    expect(reasons[1].id).toBe('passport.field.before_year_built_in');
  });

  it('refuses a living area above the total, an elevator in an entrance the building lacks and unknown codes', () => {
    const p = panelHouse();
    p.general.livingArea = 9000;
    p.elevators[0].entrance = 7;
    (p as { wallMaterial: string }).wallMaterial = 'cardboard';
    p.structure.walls.condition = 'fine' as never;
    expect(fields(p).sort()).toEqual([
      'elevators.0.entrance',
      'general.livingArea',
      'structure.walls.condition',
      'wallMaterial',
    ]);
  });

  it('refuses impossible dates', () => {
    const p = panelHouse();
    p.elevators[0].lastInspection = '2025-02-30';
    expect(fields(p)).toEqual(['elevators.0.lastInspection']);
  });
});

describe('passports as CSV', () => {
  const row = (p: Passport, buildingId = 7) => ({
    buildingId,
    address: 'ул. Восстания, д. 100',
    version: 3,
    passport: p,
  });

  it('writes one row per building under a stable header, lists in one cell each', () => {
    const csv = passportsToCsv([row(panelHouse())]);
    const [header, first] = parseCsv(csv);
    expect(header.cells).toEqual(csvColumns);
    const cell = (name: string) => first.cells[csvColumns.indexOf(name)];
    expect(cell('general.cadastralNumber')).toBe('16:50:110401:123');
    expect(cell('elevators')).toBe(
      '1 | КМЗ-1234 | 320 | 1979 | 2026-03-14 | Карачаровский механический завод ; 2 | ЩЛЗ-77 | 400 | 2014 | 2026-03-14 | Щербинский лифтостроительный завод',
    );
    expect(cell('overhauls')).toBe('2019 | ремонт крыши/ замена стояков ХВС | 5430000 | ООО «Казань-Ремстрой»');
  });

  it('reads back what it wrote: the round trip changes nothing', () => {
    const p = panelHouse();
    p.overhauls[0].works = 'ремонт крыши, замена стояков ХВС';
    p.general.series = '=HYPERLINK("x")';
    const { headerProblems, rows } = passportsFromCsv(passportsToCsv([row(p), row(emptyPassport(), 8)]));
    expect(headerProblems).toEqual([]);
    expect(rows).toHaveLength(2);
    for (const [i, r] of rows.entries()) {
      if (!r.ok) throw new Error(JSON.stringify(r.problems));
      const before = i === 0 ? p : emptyPassport();
      expect(diffPassport(before, mergePassport(before, r.patch))).toEqual([]);
      expect(mergePassport(emptyPassport(), r.patch)).toEqual(before);
    }
  });

  it('guards formula-like texts against spreadsheets and reads them back unchanged, apostrophes included', () => {
    for (const series of ['=1+1', '+7', '-', '@x', "'=", "''+1", "'plain"]) {
      const p = emptyPassport();
      p.general.series = series;
      const csv = passportsToCsv([row(p)]);
      if (/^'*[=+\-@]/.test(series)) expect(csv).toContain(`'${series}`);
      const [r] = passportsFromCsv(csv).rows;
      expect(r.ok).toBe(true);
      if (r.ok) expect(mergePassport(emptyPassport(), r.patch).general.series).toBe(series);
    }
  });

  it('guards and reads back formula-like texts inside the elevator and overhaul lists too', () => {
    for (const text of ['@', "'@", '=SUM(A1)', "''-1", "'plain"]) {
      const p = emptyPassport();
      p.elevators = [
        {
          entrance: 1,
          serial: text,
          capacityKg: null,
          commissionedYear: null,
          lastInspection: null,
          manufacturer: text,
        },
      ];
      const csv = passportsToCsv([row(p)]);
      const [r] = passportsFromCsv(csv).rows;
      expect(r.ok).toBe(true);
      if (r.ok) expect(mergePassport(emptyPassport(), r.patch).elevators).toEqual(p.elevators);
    }
  });

  it('round-trips any passport whose texts avoid the list separators', () => {
    const textArb = fc.option(
      fc
        .string({ maxLength: 20 })
        .map((s) => s.replace(/[|;]/g, '').trim())
        .filter((s) => s !== ''),
      { nil: null },
    );
    const intArb = fc.option(fc.integer({ min: 0, max: 3000 }), { nil: null });
    fc.assert(
      fc.property(
        textArb,
        intArb,
        fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }),
        textArb,
        intArb,
        (series, floors, area, serial, cap) => {
          const p = emptyPassport();
          p.general.series = series;
          p.floors = floors;
          p.totalArea = area;
          p.elevators = [
            { entrance: 1, serial, capacityKg: cap, commissionedYear: null, lastInspection: null, manufacturer: null },
          ];
          const [r] = passportsFromCsv(passportsToCsv([row(p)])).rows;
          expect(r.ok).toBe(true);
          if (r.ok) expect(mergePassport(emptyPassport(), r.patch)).toEqual(p);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reports each bad cell by line and column, and refuses unknown columns', () => {
    const csv = 'buildingId;floors;elevators\r\n7;девять;\r\nx;5;\r\n9;5;1 | A | 400\r\n';
    const { rows } = passportsFromCsv(csv);
    expect(rows.map((r) => [r.line, r.ok ? [] : r.problems.map((p) => p.field)])).toEqual([
      [2, ['floors']],
      [3, ['buildingId']],
      [4, ['elevators.0']],
    ]);
    expect(passportsFromCsv('buildingId,owner\r\n1,Иванов\r\n').headerProblems).toEqual([
      { field: 'owner', reason: { id: 'passport.import.unknown_column' } },
    ]);
  });

  it('keeps the columns a file leaves out', () => {
    const [r] = passportsFromCsv('buildingId,wearPercent\n7,50\n').rows;
    if (!r.ok) throw new Error('row refused');
    const merged = mergePassport(panelHouse(), r.patch);
    expect(diffPassport(panelHouse(), merged)).toEqual([{ field: 'wearPercent', oldValue: 42.5, newValue: 50 }]);
  });

  it('reads quoted cells with commas, quotes and line breaks', () => {
    expect(parseCsv('a,b\r\n"x, ""y""\nz",2\r\n').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['x, "y"\nz', '2'],
    ]);
  });
});
