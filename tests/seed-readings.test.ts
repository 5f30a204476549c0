import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCity } from '../db/seed/demo.ts';
import { DEMO_RESIDENTS } from '../db/seed/kazan.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

describe('the demo city’s meters and readings', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
    await seedDemoCity(t.db, { buildings: 800, appeals: 100, seed: 7, now: new Date('2026-11-20T09:30:00Z') });
  }, 120_000);
  afterAll(() => t?.drop());

  it('links the first demo resident to an apartment with twelve months of history, and leaves a request for the company', async () => {
    const links = await t.db.execute<{
      phone: string;
      status: string;
      periods: number;
      last: string | null;
      company: string;
    }>(sql`
      select p.phone, l.status, o.code as company,
        (select count(distinct r.period)::int from meter_readings r join meters m on m.id = r.meter_id where m.apartment_id = l.apartment_id) as periods,
        (select max(r.period) from meter_readings r join meters m on m.id = r.meter_id where m.apartment_id = l.apartment_id) as last
      from apartment_links l join user_personal p on p.user_id = l.user_id join apartments a on a.id = l.apartment_id
      join buildings b on b.id = a.building_id join organisations o on o.id = b.management_company_id order by l.id`);
    expect(links).toEqual([
      { phone: DEMO_RESIDENTS[0].phone, status: 'confirmed', company: 'uk01', periods: 12, last: '2026-10' },
      { phone: DEMO_RESIDENTS[1].phone, status: 'pending', company: 'uk01', periods: 3, last: '2026-10' },
      // db/seed/apartments-edit.ts: a request for an apartment the company removed as a mistake.
      { phone: DEMO_RESIDENTS[2].phone, status: 'rejected', company: 'uk01', periods: 0, last: null },
    ]);
    const [counts] = await t.db.execute<{ meters: number; electricity: number; flagged: number }>(sql`
      select count(*)::int as meters, count(*) filter (where kind = 'electricity' and tariffs = 2)::int as electricity,
        (select count(*)::int from meter_readings where cardinality(flags) > 0) as flagged from meters`);
    expect(counts.meters).toBeGreaterThan(500);
    expect(counts.electricity).toBeGreaterThan(50);
    expect(counts.flagged).toBeGreaterThan(0);
  });

  it('shows a renumbered apartment and a removed one in the apartment history (db/seed/apartments-edit.ts)', async () => {
    const changes = await t.db.execute<{
      kind: string;
      field: string | null;
      number: string;
      removed: boolean;
      login: string;
    }>(sql`
      select c.kind, c.field, a.number, a.deleted_at is not null as removed, u.login
      from apartment_changes c join apartments a on a.id = c.apartment_id join users u on u.id = c.actor_id order by c.at, c.id`);
    expect(changes).toEqual([
      { kind: 'updated', field: 'number', number: '40А', removed: false, login: 'uk1.staff' },
      { kind: 'updated', field: 'accountNumber', number: '40А', removed: false, login: 'uk1.staff' },
      { kind: 'deleted', field: null, number: '400', removed: true, login: 'uk1.staff' },
    ]);
  });
});
