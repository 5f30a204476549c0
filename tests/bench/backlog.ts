import postgres from 'postgres';
import type { Context } from '../../api/context.ts';
import { systemContext } from '../../api/context.ts';
import { sweepDueSteps } from '../../api/sla/escalation.ts';
import { fileAppeal } from '../../api/appeals/file-appeal.ts';
import { appealInput } from '../../api/appeals/schemas.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { connect } from '../../db/client.ts';
import { startBoss } from '../../jobs/boss.ts';
import { startWorkers } from '../../jobs/workers.ts';
import { smallCity } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import type { BenchResult } from './run.ts';

const STEPS_PER_APPEAL = 8; // response and resolution at 50/75/100/200 %
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;

/**
 * A backlog of escalation steps drained by the real workers (jobs/workers.ts), as after a worker
 * outage: appeals filed and routed by the real code ten minutes ago on a 3 s / 6 s 24x7 policy,
 * so that all eight steps of each are due and its `sla.step` job is overdue; the workers start and
 * the time until every step is done (sla_steps) gives steps per second.
 *
 * Baseline in the same run: the rows the drain wrote (sla_steps, the sla_warning/sla_breach events,
 * the outbox rows and their notify.deliver jobs, next_step_at cleared) are copied aside, deleted,
 * and written again by a plain SQL loop: one transaction per appeal, one insert per table. The
 * small city's ladder notices find nobody with a contact, so no outbox rows are written: what the
 * notices cost here is their reads.
 *
 * BENCH_BACKLOG_APPEALS sets the size; BENCH_BACKLOG_MODE=sweep drains by sweepDueSteps in this
 * process instead of the workers (the use case alone, one appeal after another, no queue).
 */
export async function backlog(opts: { quick: boolean }): Promise<BenchResult> {
  const count = Number(process.env.BENCH_BACKLOG_APPEALS ?? (opts.quick ? 300 : 1500));
  const log = (line: string) => console.log(`  [backlog ${new Date().toISOString().slice(11, 23)}] ${line}`);
  const bd = await benchDatabase('backlog');
  const raw = postgres(bd.url, { max: 2, onnotice: () => {} });
  try {
    const boss = await startBoss(bd.url, { supervise: false, schedule: false, max: 4 });
    const c = await smallCity(bd.db);
    await c.make.slaPolicy24x7(
      c.city.id,
      c.roof.id,
      { amount: 0.05, unit: 'minutes' },
      { amount: 0.1, unit: 'minutes' },
    );
    const past = new Date(Date.now() - 10 * 60_000);
    const at = (d: Date): Context => ({
      db: bd.db,
      boss,
      clock: () => d,
      actor: { userId: c.users.resident.id, role: 'resident', municipalityId: c.city.id, organisationId: null },
      log: { info() {}, warn() {}, error() {}, debug() {} },
    });
    const t0 = performance.now();
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const { appeal } = await fileAppeal(at(past), {
        input: appealInput.parse({
          categoryId: c.roof.id,
          buildingId: c.building.id,
          description: `Течёт крыша, заявка ${i}`,
        }),
        photos: [],
      });
      ids.push(appeal.id);
    }
    const routedAt = new Date(past.getTime() + 1000);
    for (const id of ids) await routeAppeal({ ...at(routedAt), actor: null }, id);
    await boss.stop({ graceful: false });
    // Only the escalation backlog is measured: the routing jobs already did their work above.
    await raw`delete from pgboss.job where name = 'appeal.route'`;
    const [armed] =
      await raw`select count(*)::int as appeals, (select count(*)::int from pgboss.job where name = 'sla.step' and state = 'created') as jobs
      from appeals where id = any(${ids}) and next_step_at is not null`;
    log(
      `${count} appeals filed and routed in ${round((performance.now() - t0) / 1000, 1)} s; ${armed.appeals} armed, ${armed.jobs} sla.step jobs overdue`,
    );
    await raw`vacuum analyze`;

    // ── the drain by the real workers ──
    const expected = count * STEPS_PER_APPEAL;
    const workerDb = connect(bd.url, { max: 20 });
    const workerBoss = await startBoss(bd.url, { onError: (err) => log(`jobs error: ${err.message}`) });
    const started = performance.now();
    if (process.env.BENCH_BACKLOG_MODE === 'sweep') {
      // Diagnosis: the use case alone, one appeal after another, no queue (sweepDueSteps).
      await sweepDueSteps(systemContext({ db: workerDb, boss: workerBoss, clock: () => new Date() }), count);
    } else await startWorkers({ boss: workerBoss, db: workerDb, clock: () => new Date() });
    let done = 0;
    while (done < expected && performance.now() - started < 600_000) {
      await sleep(100);
      done = (await raw`select count(*)::int as n from sla_steps where appeal_id = any(${ids})`)[0].n;
    }
    const drainMs = performance.now() - started;
    await workerBoss.stop({ graceful: true, timeout: 10_000 });
    await workerDb.$client.end({ timeout: 5 });
    const [by] =
      await raw`select count(*) filter (where done_by = 'timer')::int as timer, count(*) filter (where done_by = 'sweeper')::int as sweeper,
      (select count(*)::int from appeal_events where appeal_id = any(${ids}) and type in ('sla_warning', 'sla_breach')) as events,
      (select count(*)::int from (select 1 from appeal_events where appeal_id = any(${ids}) and type in ('sla_warning', 'sla_breach')
         group by appeal_id, payload->>'clock', payload->>'step' having count(*) > 1) d) as doubled
      from sla_steps where appeal_id = any(${ids})`;
    const [span] =
      await raw`select extract(epoch from max(done_at) - min(done_at)) * 1000 as ms from sla_steps where appeal_id = any(${ids})`;
    log(
      `first to last step: ${round(Number(span.ms))} ms; start of the workers to the first: ${round(drainMs - Number(span.ms))} ms`,
    );
    const drainRate = (done / drainMs) * 1000;
    log(
      `drain: ${done}/${expected} steps in ${round(drainMs)} ms (${round(drainRate)} steps/s; timer ${by.timer}, sweeper ${by.sweeper}; events ${by.events}, doubled ${by.doubled})`,
    );

    // ── baseline: the same rows by a plain SQL loop ──
    const plain = await plainLoop(raw, ids);
    const plainRate = (done / plain.ms) * 1000;
    log(`plain loop: ${plain.rows} rows (${done} steps) in ${round(plain.ms)} ms (${round(plainRate)} steps/s)`);
    const ratio = round(drainRate / plainRate, 2);
    return {
      name: 'backlog',
      description: `${count} appeals with all ${STEPS_PER_APPEAL} escalation steps overdue (a worker outage), drained by the real workers; baseline: the same rows written by a plain SQL loop, one transaction per appeal`,
      figures: [
        {
          label: 'escalation backlog drain',
          value: round(drainRate),
          unit: 'steps/s',
          baseline: round(plainRate),
          baselineLabel: 'plain SQL loop, same rows',
          ratio,
          target: '≥ 0.5×',
        },
        { label: 'backlog steps done exactly once', value: by.doubled === 0 && done === expected ? 1 : 0, unit: 'yes' },
      ],
      raw: { count, expected, done, drainMs: round(drainMs), plainMs: round(plain.ms), by, rows: plain.rows },
    };
  } finally {
    await raw.end({ timeout: 2 });
    await bd.stop();
  }
}

/** Copy the rows the drain wrote aside, delete them, and write them again appeal by appeal. */
async function plainLoop(raw: postgres.Sql, ids: number[]): Promise<{ ms: number; rows: number }> {
  await raw`create table cap_steps as select * from sla_steps where appeal_id = any(${ids})`;
  await raw`create table cap_events as select * from appeal_events where appeal_id = any(${ids}) and type in ('sla_warning', 'sla_breach')`;
  await raw`create table cap_outbox as select * from notification_outbox where appeal_id = any(${ids})`;
  await raw`create table cap_jobs as select * from pgboss.job where name = 'notify.deliver'`;
  await raw`create index on cap_steps (appeal_id)`;
  await raw`create index on cap_events (appeal_id)`;
  await raw`create index on cap_outbox (appeal_id)`;
  await raw`create index on cap_jobs (((data->>'outboxId')::bigint))`;
  await raw`delete from pgboss.job where name = 'notify.deliver'`;
  await raw`delete from notification_outbox where appeal_id = any(${ids})`;
  await raw`delete from appeal_events where appeal_id = any(${ids}) and type in ('sla_warning', 'sla_breach')`;
  await raw`delete from sla_steps where appeal_id = any(${ids})`;
  await raw`vacuum analyze`;
  let rows = 0;
  const started = performance.now();
  for (const id of ids) {
    await raw.begin(async (tx) => {
      const a = await tx`insert into sla_steps select * from cap_steps where appeal_id = ${id}`;
      const b = await tx`insert into appeal_events select * from cap_events where appeal_id = ${id}`;
      const o = await tx`insert into notification_outbox select * from cap_outbox where appeal_id = ${id}`;
      const j =
        await tx`insert into pgboss.job select j.* from cap_jobs j join cap_outbox o on (j.data->>'outboxId')::bigint = o.id where o.appeal_id = ${id}`;
      await tx`update appeals set next_step_at = null where id = ${id}`;
      rows += a.count + b.count + o.count + j.count;
    });
  }
  return { ms: performance.now() - started, rows };
}
