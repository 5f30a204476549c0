import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoCity } from '../db/seed/demo.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

describe('the demo city’s inspections', () => {
  let city: TestDatabase;
  // 25 November: last autumn's inspections are done (or overdue), next spring's are planned.
  const now = new Date('2026-11-25T09:00:00Z');
  beforeAll(async () => {
    city = await createTestDatabase();
    await seedDemoCity(city.db, { buildings: 400, appeals: 50, seed: 7, now });
  }, 120_000);
  afterAll(() => city?.drop());

  const q = <T extends object>(text: string) => city.db.$client.unsafe<T[]>(text);

  it('has last autumn’s completed inspections with ratings and scores, next spring planned and one overdue', async () => {
    const rows = await q<{ season: string; year: number; status: string; n: number; rated: number; overdue: number }>(`
      select season, year, status, count(*)::int as n, count(rating)::int as rated,
        count(*) filter (where status in ('planned', 'in_progress') and due_on < '2026-11-25')::int as overdue
      from inspections group by 1, 2, 3 order by 1, 2, 3`);
    const by = (season: string, status: string) => rows.find((r) => r.season === season && r.status === status);
    expect(by('autumn', 'completed')).toMatchObject({ year: 2026 });
    expect(by('autumn', 'completed')!.n).toBeGreaterThan(50);
    expect(by('autumn', 'completed')!.rated).toBe(by('autumn', 'completed')!.n);
    expect(by('spring', 'planned')).toMatchObject({ year: 2027 });
    expect(rows.reduce((n, r) => n + r.overdue, 0)).toBe(2); // one per municipality (Kazan, Innopolis)
    // Kazan's overdue one is in the company of the demo staff login, so it shows when one signs in as uk1.staff.
    const [late] = await q<{ login: string | null }>(`
      select (select login from users u where u.organisation_id = i.organisation_id and u.login = 'uk1.staff') as login
      from inspections i join municipalities m on m.id = i.municipality_id
      where m.code = 'KZN' and i.status = 'in_progress' and i.due_on < '2026-11-25'`);
    expect(late).toEqual({ login: 'uk1.staff' });
    const [scores] = await q<{ unscored: number; bad: number }>(`
      select count(*) filter (where s.inspection_id is null)::int as unscored,
             count(*) filter (where i.rating < 1 or i.rating > 5)::int as bad
      from inspections i left join inspection_scores s on s.inspection_id = i.id where i.status = 'completed'`);
    expect(scores).toEqual({ unscored: 0, bad: 0 });
    const [spread] = await q<{ low: number; high: number }>(
      `select min(rating)::float8 as low, max(rating)::float8 as high from inspections where status = 'completed'`,
    );
    expect(spread!.high - spread!.low).toBeGreaterThan(1);
  });
});
