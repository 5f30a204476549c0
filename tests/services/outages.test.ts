import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context } from '../../api/context.ts';
import { systemContext } from '../../api/context.ts';
import { Conflict } from '../../api/errors.ts';
import { cancelOutage } from '../../api/outages/close-outage.ts';
import { publishOutage } from '../../api/outages/publish-outage.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { outageCity } from '../helpers/outages.ts';

const HOUR = 3_600_000;
// 12:00 in Moscow: outside the quiet hours.
const noon = new Date('2026-06-10T09:00:00Z');
const plus = (h: number) => new Date(noon.getTime() + h * HOUR).toISOString();

describe('outage services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof outageCity>>;
  let staff: Context;
  beforeAll(async () => {
    t = await startTestApp();
    c = await outageCity(t.db);
    const u = c.users.orgStaff;
    staff = {
      ...systemContext({ db: t.db, boss: t.boss, clock: () => noon }),
      actor: { userId: u.id, role: 'org_staff', municipalityId: c.city.id, organisationId: c.mc.id },
    };
  });
  afterAll(() => t?.close());

  const jobsOf = async (outageId: number) =>
    t.db.execute<{ name: string }>(
      sql`select name from pgboss.job where name = 'outage.step' and (data->>'outageId')::int = ${outageId}`,
    );
  const outboxOf = async (outageId: number) =>
    t.db.execute<{ id: number }>(
      sql`select o.id from notification_outbox o join pgboss.job j on j.name = 'notify.deliver' and (j.data->>'outboxId')::bigint = o.id
          where o.template = 'outage_published' and o.body like ${`%/outages/${outageId}%`}`,
    );
  const input = (h0: number, h1: number) => ({
    service: 'hot_water' as const,
    kind: 'planned' as const,
    reason: 'Ремонт теплотрассы',
    startsAt: plus(h0),
    expectedEndAt: plus(h1),
    buildingIds: [c.building.id],
  });

  it('publishes an outage with its history, its escalation timer and the residents’ messages in one go', async () => {
    const { id, outage } = await publishOutage(staff, input(24, 32), 'http://otklik.test');
    expect(outage).toMatchObject({ id, status: 'active', buildingCount: 1, escalationLevel: 0 });
    const updates = await t.db.execute<{ kind: string }>(sql`select kind from outage_updates where outage_id = ${id}`);
    expect(updates.map((u) => u.kind)).toEqual(['published']);
    expect(await jobsOf(id)).toHaveLength(1);
    expect(await outboxOf(id)).toHaveLength(1);
  });

  it('publishes nothing when the buildings are already in an outage of the same service', async () => {
    const before = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from outages`);
    await expect(publishOutage(staff, input(26, 30), 'http://otklik.test')).rejects.toBeInstanceOf(Conflict);
    const after = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from outages`);
    expect(after[0].n).toBe(before[0].n);
  });

  it('cancels an outage and tells no one twice: a cancelled outage refuses a second cancellation', async () => {
    const { id } = await publishOutage(staff, input(48, 50), 'http://otklik.test');
    const cancelled = await cancelOutage(staff, id, { note: 'Работы перенесены' }, 'http://otklik.test');
    expect(cancelled.status).toBe('cancelled');
    await expect(cancelOutage(staff, id, {}, 'http://otklik.test')).rejects.toBeInstanceOf(Conflict);
    const updates = await t.db.execute<{ kind: string }>(
      sql`select kind from outage_updates where outage_id = ${id} order by id`,
    );
    expect(updates.map((u) => u.kind)).toEqual(['published', 'cancelled']);
  });
});
