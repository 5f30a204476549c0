import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Context, inTransaction } from '../../api/context.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { performDueSteps } from '../../api/sla/escalation.ts';
import { deleteSlaPolicy, setSlaPolicy } from '../../api/sla/policies.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';
import { smallCity } from '../helpers/make.ts';

const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000);
const target = { duration: { amount: 4, unit: 'hours' as const }, calendar: { kind: '24x7' as const } };

describe('sla services', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  let admin: Context;
  beforeAll(async () => {
    t = await startTestApp();
    c = await smallCity(t.db);
    admin = {
      ...contextAt(t, new Date('2026-05-12T09:00:00Z')),
      actor: { userId: c.users.admin.id, role: 'admin', municipalityId: c.city.id, organisationId: null },
    };
  });
  afterAll(() => t?.close());

  const policies = async () =>
    (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from sla_policies where municipality_id = ${c.city.id}`,
      )
    )[0].n;
  const refreshJobs = async () =>
    (
      await t.db.execute<{ n: number }>(
        sql`select count(*)::int as n from pgboss.job where name = 'sla.refresh' and (data->>'municipalityId')::int = ${c.city.id}`,
      )
    )[0].n;

  it('sets a policy and queues the refresh of open appeals together, and neither when the caller’s transaction fails', async () => {
    const key = { categoryId: c.roof.id, priority: 'normal' as const };
    await expect(
      inTransaction(admin, async (tx) => {
        await setSlaPolicy(tx, key, { accept: target, resolve: target, note: null });
        throw new Error('the caller changed its mind');
      }),
    ).rejects.toThrow('the caller changed its mind');
    expect([await policies(), await refreshJobs()]).toEqual([0, 0]);

    const { created } = await setSlaPolicy(admin, key, { accept: target, resolve: target, note: '' });
    expect(created).toBe(true);
    expect([await policies(), await refreshJobs()]).toEqual([1, 1]);
  });

  it('refuses to delete a policy the municipality does not have, and queues no refresh for it', async () => {
    const before = await refreshJobs();
    await expect(deleteSlaPolicy(admin, { categoryId: null, priority: 'emergency' })).rejects.toMatchObject({
      status: 404,
    });
    expect(await refreshJobs()).toBe(before);
  });

  it('escalates the steps due once each, every step with its event, and nothing twice', async () => {
    const t0 = new Date('2026-05-13T09:00:00Z');
    t.setNow(t0);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша, вода в подъезде' },
    });
    t.setNow(null);
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expect(await routeAppeal(contextAt(t, t0), id)).toBe('assigned');
    // Routing put the appeal on the clock: its first step's timer is armed with the assignment.
    const [armed] = await t.db.execute<{ n: number }>(
      sql`select count(*)::int as n from pgboss.job where name = 'sla.step' and (data->>'appealId')::int = ${id}`,
    );
    expect(armed.n).toBe(1);
    const late = minutes(t0, 24 * 60);
    const performed = await performDueSteps(contextAt(t, late), id, 'timer');
    expect(performed).toBeGreaterThan(0);
    const [row] = await t.db.execute<{ steps: number; events: number }>(
      sql`select (select count(*)::int from sla_steps where appeal_id = ${id}) as steps,
                 (select count(*)::int from appeal_events where appeal_id = ${id} and type in ('sla_warning', 'sla_breach')) as events`,
    );
    expect(row).toEqual({ steps: performed, events: performed });
    expect(await performDueSteps(contextAt(t, late), id, 'timer')).toBe(0);
  });
});
