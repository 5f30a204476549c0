import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPassport, normalisePassport, type Summary } from '../dispatch/passport.ts';
import { seedDemoCity } from '../db/seed/demo.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

const now = new Date('2026-11-20T09:30:00Z');

describe('the demo passports', () => {
  let city: TestDatabase;
  type Row = { id: number; data: unknown; era: string } & Summary;
  let rows: Row[];

  beforeAll(async () => {
    city = await createTestDatabase();
    await seedDemoCity(city.db, { buildings: 400, appeals: 50, seed: 11, now });
    rows = await city.db.$client.unsafe<Row[]>(`
      select b.id, p.data, b.year_built as "yearBuilt", b.floors, b.entrances, b.apartments, b.total_area::float8 as "totalArea",
             b.wall_material as "wallMaterial", b.elevators as "elevatorCount", b.heating_system as "heatingSystem",
             b.hot_water_system as "hotWaterSystem", b.last_overhaul_year as "lastOverhaulYear", b.wear_percent::float8 as "wearPercent",
             case when b.year_built < 1958 then 'stalin' when b.year_built < 1992 then 'soviet' else 'modern' end as era
        from buildings b left join building_passports p on p.building_id = b.id order by b.id`);
  }, 180_000);
  afterAll(() => city?.drop());

  it('gives every demo building a full passport that passes the passport rules', () => {
    expect(rows.length).toBeGreaterThan(400);
    for (const { id, data, era: _era, ...summary } of rows) {
      expect(data, `building ${id}`).not.toBeNull();
      const passport = normalisePassport(summary, data);
      expect(checkPassport(passport, now), `building ${id}`).toEqual([]);
      expect(passport.elevators).toHaveLength(summary.elevatorCount ?? 0);
      if (summary.lastOverhaulYear !== null) expect(passport.overhauls.at(-1)?.year).toBe(summary.lastOverhaulYear);
    }
  });

  it('gives the first buildings of each company with staff a history by that company’s people, ending in the current values', async () => {
    const changes = await city.db.$client.unsafe<
      {
        building_id: number;
        field: string;
        new_value: unknown;
        source: string;
        same_company: boolean;
        version: number;
      }[]
    >(`
      select c.building_id, c.field, c.new_value, c.source, u.organisation_id = b.management_company_id as same_company, p.version
        from passport_changes c join users u on u.id = c.actor_id join buildings b on b.id = c.building_id
        join building_passports p on p.building_id = b.id order by c.id`);
    expect(changes.length).toBeGreaterThan(30);
    expect(changes.every((c) => c.same_company)).toBe(true);
    expect(new Set(changes.map((c) => c.source))).toEqual(new Set(['form', 'import']));
    for (const c of changes) {
      const row = rows.find((r) => r.id === c.building_id)!;
      const passport = normalisePassport(row, row.data);
      const current =
        c.field === 'wearPercent'
          ? passport.wearPercent
          : c.field === 'general.cadastralNumber'
            ? passport.general.cadastralNumber
            : passport.elevators[0].lastInspection;
      expect(c.new_value).toEqual(current);
      expect(c.version).toBe(1 + changes.filter((x) => x.building_id === c.building_id).length);
    }
  });

  it('draws each era plausibly: Stalin-era brick and wooden floors, Soviet series, modern monoliths with newer elevators', () => {
    const of = (era: string) => rows.filter((r) => r.era === era).map((r) => normalisePassport(r, r.data));
    expect(of('stalin').some((p) => p.structure.floorSlabs.type === 'деревянные по металлическим балкам')).toBe(true);
    expect(
      of('soviet').some((p) =>
        ['1-464А', '1-464Д', '111-121', '1-467', '97', '1-447С'].includes(p.general.series ?? ''),
      ),
    ).toBe(true);
    const modern = of('modern');
    expect(modern.some((p) => p.structure.walls.type?.startsWith('монолитный'))).toBe(true);
    const liftsOfOldHouses = of('soviet').flatMap((p) => p.elevators.map((e) => e.commissionedYear! - p.yearBuilt!));
    // most Soviet elevators were replaced after their 25-year service life
    expect(liftsOfOldHouses.filter((age) => age >= 25).length).toBeGreaterThan(liftsOfOldHouses.length / 2);
  });
});
