import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '../../jobs/queues.ts';
import { registerEscalation } from '../../jobs/escalation.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { smallCity } from '../helpers/make.ts';
import { contextAt } from '../helpers/context.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Real time, real pg-boss: the escalation workers run, stop while every remaining step of a few
 * appeals falls due (with duplicate timer jobs sent meanwhile), and start again. Every step then
 * happens, each exactly once, and the appeals are where the ladder says.
 */
describe('escalation across a worker outage', () => {
  let t: TestApp;
  let c: Awaited<ReturnType<typeof smallCity>>;
  beforeAll(async () => {
    t = await startTestApp({ workers: true });
    c = await smallCity(t.db);
    // 24/7, accept within 3 s and resolve within 6 s: steps at 1.5, 2.25, 3, 6 s and 3, 4.5, 6, 12 s.
    await c.make.slaPolicy24x7(
      c.city.id,
      c.roof.id,
      { amount: 0.05, unit: 'minutes' },
      { amount: 0.1, unit: 'minutes' },
    );
  });
  afterAll(() => t?.close());

  const file = async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/appeals',
      headers: await t.signIn(c.users.resident.id),
      payload: { categoryId: c.roof.id, buildingId: c.building.id, description: 'Течёт крыша, вода в подъезде' },
    });
    const id = res.json().id as number;
    expect(await routeAppeal(contextAt(t, new Date()), id)).toBe('assigned');
    return id;
  };
  const steps = async (ids: number[]) =>
    t.db.execute<{ appeal_id: number; clock: string; step: number; n: number }>(
      sql`select appeal_id, payload->>'clock' as clock, (payload->>'step')::int as step, count(*)::int as n
          from appeal_events where appeal_id in ${sql.raw(`(${ids.join(',')})`)} and type in ('sla_warning', 'sla_breach')
          group by 1, 2, 3 order by 1, 2, 4`,
    );

  it('performs every step missed while the workers were down, exactly once, after they restart', async () => {
    await registerEscalation(t.boss, t.db, () => new Date());
    const ids = [await file(), await file(), await file()];
    // Running: the first rung (1.5 s) happens on its timer.
    const firstRung = Date.now() + 10_000;
    while ((await steps(ids)).length < ids.length && Date.now() < firstRung) await sleep(100);
    expect((await steps(ids)).map((s) => `${s.clock}:${s.step}`)).toEqual(ids.map(() => 'response:50'));

    // Down: nothing happens while every remaining step falls due; duplicate timer jobs pile up.
    await t.boss.offWork('sla.step');
    await t.db.transaction(async (tx) => {
      for (const appealId of ids) for (let i = 0; i < 3; i++) await enqueue(t.boss, tx, 'sla.step', { appealId });
    });
    await sleep(13_000);
    expect((await steps(ids)).length).toBe(ids.length);

    // Up again: the armed timers (and the duplicates) catch up.
    await registerEscalation(t.boss, t.db, () => new Date());
    const expected = [
      'response:50',
      'response:75',
      'response:100',
      'response:200',
      'resolution:50',
      'resolution:75',
      'resolution:100',
      'resolution:200',
    ];
    const caughtUp = Date.now() + 15_000;
    while ((await steps(ids)).length < ids.length * expected.length && Date.now() < caughtUp) await sleep(200);
    await sleep(1_000); // let the duplicate jobs run too
    const done = await steps(ids);
    for (const id of ids) {
      const mine = done.filter((s) => Number(s.appeal_id) === id);
      expect(mine.map((s) => `${s.clock}:${s.step}`).sort()).toEqual([...expected].sort());
      expect(mine.every((s) => s.n === 1)).toBe(true);
    }
    const [rows] = await t.db.execute<{ steps: number; armed: number }>(
      sql`select (select count(*)::int from sla_steps where appeal_id in ${sql.raw(`(${ids.join(',')})`)}) as steps,
                 (select count(*)::int from appeals where id in ${sql.raw(`(${ids.join(',')})`)} and next_step_at is not null) as armed`,
    );
    // Every rung recorded once, and nothing left to arm: both clocks are past 200 %.
    expect(rows).toEqual({ steps: ids.length * expected.length, armed: 0 });
  }, 45_000);
});
