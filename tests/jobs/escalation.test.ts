import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoCloseResolved } from '../../api/sla/auto-close-resolved.ts';
import { performDueSteps, sweepDueSteps } from '../../api/sla/escalation.ts';
import { registerEscalation } from '../../jobs/escalation.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

const minutes = (t: Date, m: number) => new Date(t.getTime() + m * 60_000);

describe('escalation ladder', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    c = await smallCity(t.db);
    // Short SLAs on a 24/7 calendar: accept in 4 minutes, resolve in 60.
    await c.make.slaPolicy24x7(c.city.id, c.roof.id, { amount: 4, unit: 'minutes' }, { amount: 60, unit: 'minutes' });
  });
  afterAll(() => t?.close());

  const fileAt = async (at: Date) => {
    t.setNow(at);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша, вода в подъезде' },
    });
    const id = res.json().id as number;
    await routeAppeal(contextAt(t, at), id);
    t.setNow(null);
    return id;
  };
  const steps = async (id: number) =>
    (
      await t.db.execute<{ type: string; payload: { clock: string; step: number } }>(
        sql`select type, payload from appeal_events where appeal_id = ${id} and type like 'sla_%' order by id`,
      )
    ).map((e) => `${e.payload.clock}:${e.payload.step}`);
  const nextStep = async (id: number) => {
    const [row] = await t.db.execute<{ next_step_at: string | null }>(
      sql`select next_step_at from appeals where id = ${id}`,
    );
    return row.next_step_at ? new Date(row.next_step_at).toISOString() : null;
  };

  it('climbs the ladder in order, each step once, and arms the next', async () => {
    const t0 = new Date('2026-05-12T09:00:00Z');
    const id = await fileAt(t0);
    expect(await nextStep(id)).toBe(minutes(t0, 2).toISOString());
    expect(await performDueSteps(contextAt(t, minutes(t0, 1)), id, 'timer')).toBe(0);
    expect(await performDueSteps(contextAt(t, minutes(t0, 3.5)), id, 'timer')).toBe(2);
    expect(await steps(id)).toEqual(['response:50', 'response:75']);
    expect(await nextStep(id)).toBe(minutes(t0, 4).toISOString());
    // the same timer again: nothing twice
    expect(await performDueSteps(contextAt(t, minutes(t0, 3.5)), id, 'timer')).toBe(0);
    expect(await performDueSteps(contextAt(t, minutes(t0, 8)), id, 'timer')).toBe(2);
    expect(await steps(id)).toEqual(['response:50', 'response:75', 'response:100', 'response:200']);
    const [event] = await t.db.execute(
      sql`select type, payload from appeal_events where appeal_id = ${id} and type = 'sla_breach' order by id limit 1`,
    );
    expect(event.payload).toMatchObject({ system: 'timers', actions: ['overdue_queue', 'warn_supervisor'] });
    // next: the resolution clock's 50 % at 30 minutes
    expect(await nextStep(id)).toBe(minutes(t0, 30).toISOString());
  });

  it('after a worker outage the sweeper performs every missed step exactly once', async () => {
    const t0 = new Date('2026-05-13T09:00:00Z');
    const id = await fileAt(t0);
    const late = minutes(t0, 70);
    await sweepDueSteps(contextAt(t, late));
    expect(await steps(id)).toEqual([
      'response:50',
      'response:75',
      'response:100',
      'response:200',
      'resolution:50',
      'resolution:75',
      'resolution:100',
    ]);
    expect(await sweepDueSteps(contextAt(t, late))).toBe(0);
    expect(await performDueSteps(contextAt(t, late), id, 'timer')).toBe(0);
    expect((await steps(id)).length).toBe(7);
  });

  it('records each step once when timers and sweepers race, and the history names each step apart', async () => {
    const t0 = new Date('2026-05-16T09:00:00Z');
    const id = await fileAt(t0);
    const late = minutes(t0, 70);
    // Two timers and two sweepers at the same instant, as after a restart with a backlog.
    // (The sweepers also catch up the other tests' appeals: only this appeal's events are counted.)
    await Promise.all([
      performDueSteps(contextAt(t, late), id, 'timer'),
      performDueSteps(contextAt(t, late), id, 'timer'),
      sweepDueSteps(contextAt(t, late)),
      sweepDueSteps(contextAt(t, late)),
    ]);
    expect(await steps(id)).toEqual([
      'response:50',
      'response:75',
      'response:100',
      'response:200',
      'resolution:50',
      'resolution:75',
      'resolution:100',
    ]);
    // Same type at the same minute, but not the same step: the history says which clock and how far.
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/appeals/${id}/events`,
      headers: await t.signIn(c.users.orgStaff.id),
    });
    const lines = (res.json().items as { type: string; step?: { clock: string; percent: number } }[])
      .filter((e) => e.type.startsWith('sla_'))
      .map((e) => `${e.type} ${e.step?.clock}:${e.step?.percent}`);
    expect(lines).toEqual([
      'sla_warning response:50',
      'sla_warning response:75',
      'sla_breach response:100',
      'sla_breach response:200',
      'sla_warning resolution:50',
      'sla_warning resolution:75',
      'sla_breach resolution:100',
    ]);
  });

  it('stops the response ladder on acceptance: a stale timer does nothing', async () => {
    const t0 = new Date('2026-05-14T09:00:00Z');
    const id = await fileAt(t0);
    t.setNow(minutes(t0, 1));
    await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: await t.signIn(c.users.orgStaff.id),
      payload: { action: 'accept' },
    });
    t.setNow(null);
    expect(await performDueSteps(contextAt(t, minutes(t0, 5)), id, 'timer')).toBe(0);
    expect(await nextStep(id)).toBe(minutes(t0, 30).toISOString());
  });

  it('closes a resolved appeal nobody disputed within 15 days, once', async () => {
    const t0 = new Date('2026-05-15T09:00:00Z');
    const id = await fileAt(t0);
    const staff = await t.signIn(c.users.orgStaff.id);
    t.setNow(minutes(t0, 1));
    await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: staff,
      payload: { action: 'accept' },
    });
    await t.app.inject({
      method: 'POST',
      url: `/api/appeals/${id}/actions`,
      headers: staff,
      payload: { action: 'resolve', note: 'Крышу починили' },
    });
    t.setNow(null);
    const day = 24 * 60;
    expect(await autoCloseResolved(contextAt(t, minutes(t0, 14 * day)))).toBe(0);
    expect(await autoCloseResolved(contextAt(t, minutes(t0, 15 * day + 2)))).toBe(1);
    expect(await autoCloseResolved(contextAt(t, minutes(t0, 15 * day + 3)))).toBe(0);
    const [row] = await t.db.execute(sql`select status from appeals where id = ${id}`);
    expect(row.status).toBe('closed');
    const [closed] = await t.db.execute(
      sql`select actor_id, payload from appeal_events where appeal_id = ${id} and type = 'closed'`,
    );
    expect(closed).toMatchObject({ actor_id: null, payload: { system: 'timers' } });
  });

  it('fires real pg-boss timers on time', async () => {
    await t.db.execute(sql`update sla_policies set accept_duration = '{"amount":0.05,"unit":"minutes"}'`);
    await registerEscalation(t.boss, t.db, () => new Date());
    const id = await fileAt(new Date());
    const deadline = Date.now() + 15_000;
    while ((await steps(id)).length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(await steps(id)).toEqual(['response:50', 'response:75', 'response:100', 'response:200']);
  }, 20_000);
});
