import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, systemContext } from '../../api/context.ts';
import { Conflict } from '../../api/errors.ts';
import { addDefect, startInspection } from '../../api/inspections/conduct-inspection.ts';
import { makeDefectAppeal } from '../../api/inspections/make-defect-appeal.ts';
import { planInspections } from '../../api/inspections/plan-inspections.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';

// Spring 2026 in Kazan: 10 April, 12:00 Moscow time.
const now = new Date('2026-04-10T09:00:00Z');

describe('inspection services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  const as = (u: { id: number; role: string; municipalityId: number; organisationId: number | null }): Context => ({
    ...systemContext({ db: t.db, boss: t.boss, clock: () => now }),
    actor: { userId: u.id, role: u.role as never, municipalityId: u.municipalityId, organisationId: u.organisationId },
  });
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
  });
  afterAll(() => t?.close());

  it('makes a work appeal of a defect: the appeal, the defect’s link to it and its routing job commit together, once', async () => {
    const plan = await planInspections(as(c.users.cityHall), {
      year: 2026,
      season: 'spring',
      buildingIds: [c.building.id],
    });
    expect(plan.created).toBe(1);
    const [{ id }] = await t.db.execute<{ id: string }>(
      sql`select id from inspections where building_id = ${c.building.id} and season = 'spring'`,
    );
    const staff = as(c.users.orgStaff);
    await startInspection(staff, Number(id));
    await addDefect(staff, Number(id), { element: 'roof', severity: 'major', description: 'Протекает кровля' }, []);
    const [defect] = await t.db.execute<{ id: string }>(
      sql`select id from inspection_defects where inspection_id = ${id}`,
    );
    const made = await makeDefectAppeal(staff, Number(id), Number(defect.id), undefined);
    const [linked] = await t.db.execute<{ appeal_id: string }>(
      sql`select appeal_id from inspection_defects where id = ${defect.id}`,
    );
    expect(Number(linked.appeal_id)).toBe(made.id);
    const jobs = await t.db.execute(
      sql`select id from pgboss.job where name = 'appeal.route' and (data->>'appealId')::bigint = ${made.id}`,
    );
    expect(jobs).toHaveLength(1);

    const appeals = async () =>
      (await t.db.execute<{ n: number }>(sql`select count(*)::int as n from appeals where channel = 'inspection'`))[0]
        .n;
    const before = await appeals();
    await expect(makeDefectAppeal(staff, Number(id), Number(defect.id), undefined)).rejects.toBeInstanceOf(Conflict);
    expect(await appeals()).toBe(before);
  });
});
