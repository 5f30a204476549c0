import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inTransaction } from '../../api/context.ts';
import { refreshAllClocks, refreshClocks } from '../../api/sla/clocks.ts';
import { seedDemoCity } from '../../db/seed/demo.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { contextAt } from '../helpers/context.ts';

const now = new Date('2026-11-20T09:30:00Z');
const OPEN = `('assigned', 'accepted', 'needs_info', 'reopened', 'rejected', 'new')`;

/**
 * Putting every open appeal on the clock again (after a city is loaded, or its policies change) is
 * done in batches of a few statements; it must leave each appeal exactly as its own refresh after a
 * transition would: the same deadlines, breaches, next step and timer job.
 */
describe('refreshing every open appeal’s clocks at once', () => {
  let t: TestApp;
  let open: number[];

  // What a refresh leaves: the row's clock columns and the timer jobs sent, by appeal.
  const snapshot = async () => ({
    rows: await t.db.$client.unsafe(
      `select id, response_due_at, resolution_due_at, response_breached_at, resolution_breached_at, next_step_at
       from appeals where status in ${OPEN} order by id`,
    ),
    jobs: await t.db.$client.unsafe(
      `select (data->>'appealId')::int as appeal_id, start_after, singleton_key, retry_limit, expire_seconds
       from pgboss.job where name = 'sla.step' order by 1, 2`,
    ),
  });
  const forget = async () => {
    await t.db.$client.unsafe(
      `update appeals set response_due_at = null, resolution_due_at = null, response_breached_at = null,
       resolution_breached_at = null, next_step_at = null`,
    );
    await t.db.$client.unsafe(`delete from pgboss.job where name = 'sla.step'`);
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoCity(t.db, { buildings: 600, appeals: 3000, seed: 11, now });
    const [kzn] = await t.db.$client<{ id: number }[]>`select id from municipalities where code = 'KZN'`;
    // A policy of the city's own for one category, one for a whole priority, and the defaults elsewhere.
    const [roof] = await t.db.$client<{ id: number }[]>`
      select category_id as id from appeals where municipality_id = ${kzn.id} and status in ('assigned', 'accepted')
      group by 1 order by count(*) desc limit 1`;
    await t.db.$client.unsafe(
      `insert into sla_policies (municipality_id, category_id, priority, accept_duration, accept_calendar, resolve_duration, resolve_calendar)
       values ($1, $2, 'normal', '{"amount":3,"unit":"hours"}', '{"kind":"24x7"}', '{"amount":2,"unit":"days"}', '{"kind":"24x7"}'),
              ($1, null, 'high', '{"amount":30,"unit":"minutes"}', '{"kind":"24x7"}', '{"amount":8,"unit":"hours"}', '{"kind":"24x7"}')`,
      [kzn.id, roof.id],
    );
    open = (
      await t.db.$client.unsafe<{ id: string }[]>(`select id from appeals where status in ${OPEN} order by id`)
    ).map((r) => Number(r.id));
    // Some steps already done, and one appeal filed during an outage of its service (no deadlines).
    await t.db.$client.unsafe(
      `insert into sla_steps (appeal_id, clock, cycle, step, done_at, done_by)
       select id, 'response', 0, 50, $1, 'timer' from appeals where id = any($2::int[])`,
      [now, open.filter((_, i) => i % 7 === 0)],
    );
    await t.db.$client.unsafe(`update appeals set outage_id = (select min(id) from outages) where id = $1`, [open[1]]);
  }, 120_000);
  afterAll(() => t?.close());

  it('leaves each appeal as its own refresh does', async () => {
    await forget();
    expect(await refreshAllClocks(contextAt(t, now), undefined, { concurrency: 2 })).toBe(open.length);
    const together = await snapshot();

    await forget();
    for (const id of open) await inTransaction(contextAt(t, now), (tx) => refreshClocks(tx, id, now));
    const oneByOne = await snapshot();

    expect(together).toEqual(oneByOne);
    // Something to compare: deadlines running and past, steps ahead, and the outage's appeal with none.
    expect(open.length).toBeGreaterThan(200); // more than one batch
    const rows = together.rows as unknown as Record<string, string | null>[];
    expect(rows.filter((r) => r.resolution_due_at !== null).length).toBeGreaterThan(20);
    expect(
      rows.filter((r) => r.response_breached_at !== null || r.resolution_breached_at !== null).length,
    ).toBeGreaterThan(5);
    expect(together.jobs.length).toBeGreaterThan(20);
    expect(rows.find((r) => Number(r.id) === open[1])).toMatchObject({
      response_due_at: null,
      resolution_due_at: null,
      next_step_at: null,
    });
  }, 120_000);
});
