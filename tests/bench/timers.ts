import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { buildApp } from '../../api/app.ts';
import { loadConfig } from '../../api/config.ts';
import { connect, type Database } from '../../db/client.ts';
import { createSession } from '../../db/queries/sessions.ts';
import { dueSteps, type StepKey } from '../../dispatch/escalation.ts';
import { type Boss, startBoss } from '../../jobs/boss.ts';
import { clocksWithPolicy, refreshClocks } from '../../api/sla/clocks.ts';
import { queues } from '../../jobs/queues.ts';
import { routeAppeal } from '../../api/routing/route-appeal.ts';
import { startWorkers } from '../../jobs/workers.ts';
import { makers, square } from '../helpers/make.ts';
import { benchDatabase } from './lib/cluster.ts';
import { latencyStats } from './lib/stats.ts';
import type { BenchResult } from './run.ts';
import { contextAt } from '../helpers/context.ts';

/**
 * Escalation timers at scale, with the real workers (jobs/workers.ts) on the real clock:
 *
 * 1. 100,000 open appeals, each with its next escalation step armed as one delayed `sla.step` job
 *    (`next_step_at` on the row), 99,000 of them hours away and 1,000 due within the same second
 *    shortly after the workers start: lateness of those 1,000 steps (sla_steps.done_at, which is
 *    also the sla_warning/sla_breach event's `at`, minus the instant the step fell due).
 *    Baseline in the same run: 1,000 no-op delayed pg-boss jobs due within one second on the same
 *    database and the same worker options, lateness = handler start minus startAfter.
 * 2. The workers stop; the steps of 1,000 more appeals fall due during the outage; the workers start
 *    again: time until every missed step is done, and each done exactly once (sla_steps row and
 *    event per appeal, clock, cycle and step), none missing, none extra.
 *
 * The appeals are bulk-loaded by cloning appeals made by the real code (intake over HTTP, the
 * routing job, the accept action), with their histories shifted in time: on a 24x7 calendar a shift
 * of every event shifts every clock instant by the same amount. A sample is checked against what
 * refreshClocks computes and arms for it (in a transaction rolled back).
 */
export async function timers(opts: { quick: boolean }): Promise<BenchResult> {
  // BENCH_TIMERS_APPEALS / BENCH_TIMERS_OUTAGE_S override the sizes (for experiments).
  const total = Number(process.env.BENCH_TIMERS_APPEALS ?? (opts.quick ? 10_000 : 100_000));
  const dueCount = 1000;
  const outageCount = 1000;
  const outageMs = Number(process.env.BENCH_TIMERS_OUTAGE_S ?? (opts.quick ? 30 : 300)) * 1000;
  const log = (line: string) => console.log(`  [timers ${new Date().toISOString().slice(11, 23)}] ${line}`);

  const bd = await benchDatabase('timers');
  const raw = postgres(bd.url, { max: 4, onnotice: () => {} });
  const dataDir = mkdtempSync(path.join(tmpdir(), 'otklik-bench-data-'));
  let workers: Workers | null = null;
  let setupBoss: Boss | null = null;
  try {
    // ── setup ────────────────────────────────────────────────────────────────────────────────
    const setupStarted = performance.now();
    // The boss the API side sends with (it stays up while the workers are down), no workers.
    setupBoss = await startBoss(bd.url, { supervise: false, schedule: false, max: 4 });
    const jobTable = await jobTableOf(raw, 'sla.step');
    const tpl = await makeTemplates(bd.db, bd.url, setupBoss, dataDir, jobTable, raw);
    log(`templates ${tpl.map((t) => `${t.kind}#${t.id} ${t.key.clock}:${t.key.step}`).join(', ')}`);
    await raw`create table bench_plan (n int not null, set text not null, tpl bigint not null, shift interval not null, appeal_id bigint)`;
    await raw`create table bench_expect (appeal_id bigint not null, set text not null, clock text not null, cycle int not null, step int not null, due_at timestamptz not null, primary key (appeal_id, clock, cycle, step))`;
    const loader = await cloner(raw, setupBoss, tpl);

    // 99,000 far: assigned 20 min to 2 h ago (the steps before now already happened and their jobs
    // ran), so the next step is ≥ 2 h away (8 h response clock) or ≥ 10 h (emergency, accepted).
    const farClones = total - dueCount - tpl.length;
    const now0 = Date.now();
    const farLoad = await loader.load(
      'far',
      Array.from({ length: farClones }, (_, i) => {
        const t = tpl[i % tpl.length];
        const assignedAt = now0 - 20 * 60_000 - Math.floor(Math.random() * 100 * 60_000);
        return { tpl: t, shiftMs: assignedAt - t.assignedAt.getTime() };
      }),
    );
    log(`far: ${farClones} appeals, ${farLoad.events} events, ${farLoad.jobs} jobs in ${farLoad.seconds} s`);
    await raw`analyze appeals`;
    await raw`analyze appeal_events`;
    await raw.unsafe(`analyze ${jobTable}`);

    // 1,000 due within one second, 30 s from now (the workers start in between).
    const dueAt = Math.ceil(Date.now() / 1000) * 1000 + 30_000;
    const dueLoad = await loader.load(
      'due',
      Array.from({ length: dueCount }, (_, i) => {
        const t = tpl[i % tpl.length];
        return { tpl: t, shiftMs: dueAt + Math.floor((i * 1000) / dueCount) - t.nextStepAt.getTime() };
      }),
    );
    const setupSeconds = round((performance.now() - setupStarted) / 1000, 1);
    log(`due: ${dueCount} appeals due in [${new Date(dueAt).toISOString()}, +1 s); setup ${setupSeconds} s`);
    const [counts] = await raw`select (select count(*)::int from appeals where next_step_at is not null) as armed,
      (select count(*)::int from appeal_events) as events`;
    const [jobCount] = await raw.unsafe(
      `select count(*)::int as n from ${jobTable} where name = 'sla.step' and state = 'created'`,
    );

    // The bulk rows and jobs against the real code, on a sample of each set and the templates.
    const sample = (
      await raw<{ id: string }[]>`
      (select appeal_id as id from bench_plan where set = 'far' order by random() limit 40)
      union all (select appeal_id from bench_plan where set = 'due' order by random() limit 20)`
    ).map((r) => Number(r.id));
    const verified = await verifyAgainstRealCode(bd.db, setupBoss, jobTable, [...tpl.map((t) => t.id), ...sample]);
    log(`sample of ${verified.checked} checked against refreshClocks: ${verified.mismatches.length} mismatches`);
    if (verified.mismatches.length)
      throw new Error(`bulk rows differ from the real code:\n${verified.mismatches.slice(0, 10).join('\n')}`);
    if (Date.now() > dueAt - 5000) throw new Error('setup ran into the due second; raise the lead');

    // ── phase 1: the due second ──────────────────────────────────────────────────────────────
    workers = await startRealWorkers(bd.url, log);
    log(`workers started ${dueAt - Date.now()} ms before the due second`);
    const phase1 = await waitForSteps(raw, 'due', dueCount, dueAt + 180_000);
    const lateness = await latenessOf(raw, 'due');
    log(
      `due steps done ${phase1.done}/${dueCount}; lateness p50 ${lateness.stats.p50} p99 ${lateness.stats.p99} max ${lateness.stats.max} ms`,
    );

    // Baseline: 1,000 no-op delayed jobs due within one second, same database, same worker options.
    const baseline = await noopBaseline(workers.boss, dueCount);
    log(`baseline p50 ${baseline.p50} p99 ${baseline.p99} max ${baseline.max} ms`);

    // ── phase 2: outage ──────────────────────────────────────────────────────────────────────
    const lead = Math.min(15_000, outageMs / 4);
    const armedAt = Date.now();
    const outageLoad = await loader.load(
      'outage',
      Array.from({ length: outageCount }, (_, i) => {
        const t = tpl[i % tpl.length];
        const at = armedAt + lead + Math.floor((i * (outageMs - 2 * lead)) / outageCount);
        return { tpl: t, shiftMs: at - t.nextStepAt.getTime() };
      }),
    );
    const stopStarted = Date.now();
    await workers.stop();
    workers = null;
    const stoppedAt = Date.now();
    const [firstDue] = await raw`select min(due_at) as at from bench_expect where set = 'outage'`;
    log(
      `workers stopped in ${stoppedAt - stopStarted} ms; ${outageCount} steps due from ${new Date(firstDue.at).toISOString()}; outage ${outageMs / 1000} s (loaded in ${outageLoad.seconds} s)`,
    );
    if (new Date(firstDue.at).getTime() <= stoppedAt)
      throw new Error('an outage step fell due before the workers had stopped');
    await sleep(stoppedAt + outageMs - Date.now());
    const [beforeRestart] =
      await raw`select count(*)::int as n from bench_expect x join sla_steps s on s.appeal_id = x.appeal_id
      and s.clock::text = x.clock and s.cycle = x.cycle and s.step = x.step where x.set = 'outage'`;
    const restartAt = Date.now();
    workers = await startRealWorkers(bd.url, log);
    const ready = Date.now();
    const phase2 = await waitForSteps(raw, 'outage', outageCount, restartAt + 240_000);
    const [catchup] =
      await raw`select extract(epoch from max(s.done_at) - ${new Date(restartAt)}::timestamptz) * 1000 as ms,
      count(*) filter (where s.done_by = 'timer')::int as by_timer, count(*) filter (where s.done_by = 'sweeper')::int as by_sweeper
      from bench_expect x join sla_steps s on s.appeal_id = x.appeal_id and s.clock::text = x.clock and s.cycle = x.cycle and s.step = x.step
      where x.set = 'outage'`;
    const catchupMs = Math.round(Number(catchup.ms));
    const outageLateness = await latenessOf(raw, 'outage');
    log(
      `outage steps done ${phase2.done}/${outageCount} (before restart: ${beforeRestart.n}) in ${catchupMs} ms after restart (timer ${catchup.by_timer}, sweeper ${catchup.by_sweeper})`,
    );

    // Let the minute sweeper run at least once more over the caught-up appeals, then count.
    const sweptAfter = await waitForSweep(raw, jobTable, new Date(), 75_000);
    const once = await exactlyOnce(raw);
    log(`exactly once: ${JSON.stringify(once)}; a sweep ran after the catch-up: ${sweptAfter}`);
    await workers.stop();
    workers = null;

    const ratio = (v: number, b: number) => (b > 0 ? round(v / b, 2) : undefined);
    const duplicates = once.duplicateEvents + once.stepsWithoutEvent + once.eventsWithoutStep;
    return {
      name: 'timers',
      description:
        `${total.toLocaleString('en')} open appeals with armed sla.step timers (${(total - dueCount).toLocaleString('en')} hours away, ` +
        `${dueCount} due within one second), real workers (jobs/workers.ts) on the real clock; lateness = sla_steps.done_at − due instant. ` +
        `Then the workers stopped for ${outageMs / 1000} s while ${outageCount} more steps fell due, and restarted.`,
      figures: [
        {
          label: 'step lateness p50 (1,000 due in one second)',
          value: lateness.stats.p50,
          unit: 'ms',
          baseline: baseline.p50,
          baselineLabel: 'no-op delayed pg-boss jobs, same options',
          ratio: ratio(lateness.stats.p50, baseline.p50),
        },
        {
          label: 'step lateness p99',
          value: lateness.stats.p99,
          unit: 'ms',
          baseline: baseline.p99,
          baselineLabel: 'no-op delayed pg-boss jobs, same options',
          ratio: ratio(lateness.stats.p99, baseline.p99),
          target: '≤ 2000 ms',
        },
        {
          label: 'step lateness max',
          value: lateness.stats.max,
          unit: 'ms',
          baseline: baseline.max,
          baselineLabel: 'no-op delayed pg-boss jobs, same options',
          ratio: ratio(lateness.stats.max, baseline.max),
          target: '≤ 5000 ms',
        },
        { label: 'due steps done', value: lateness.stats.count, unit: `of ${dueCount}` },
        {
          label: 'outage catch-up (restart → last missed step done)',
          value: round(catchupMs / 1000, 1),
          unit: 's',
          target: '≤ 60 s',
        },
        {
          label: 'missed steps done after the outage',
          value: phase2.done,
          unit: `of ${outageCount} (timer ${catchup.by_timer}, sweeper ${catchup.by_sweeper})`,
        },
        { label: 'steps done twice or without their event', value: duplicates, unit: 'steps', target: '0' },
        { label: 'steps missing / unexpected', value: once.missing + once.unexpected, unit: 'steps', target: '0' },
        { label: 'setup (bulk load + checks)', value: setupSeconds, unit: 's' },
      ],
      raw: {
        total,
        appealsArmed: counts.armed,
        events: counts.events,
        pendingJobs: jobCount.n,
        templates: tpl.map((t) => ({ kind: t.kind, key: t.key, events: t.events })),
        load: { far: farLoad, due: dueLoad, outage: outageLoad },
        verified: { checked: verified.checked, mismatches: verified.mismatches.length },
        dueAt: new Date(dueAt).toISOString(),
        lateness: lateness.stats,
        latenessByWorker: lateness.byWorker,
        baseline,
        outage: {
          ms: outageMs,
          stopMs: stoppedAt - stopStarted,
          firstDue: firstDue.at,
          doneBeforeRestart: beforeRestart.n,
          workersReadyMs: ready - restartAt,
          catchupMs,
          byTimer: catchup.by_timer,
          bySweeper: catchup.by_sweeper,
          lateness: outageLateness.stats,
          sweepAfterCatchup: sweptAfter,
        },
        exactlyOnce: once,
      },
    };
  } finally {
    await workers?.stop().catch(() => {});
    await setupBoss?.stop({ graceful: false, close: true }).catch(() => {});
    await raw.end({ timeout: 2 });
    rmSync(dataDir, { recursive: true, force: true });
    await bd.stop();
  }
}

type Raw = postgres.Sql;
type Template = {
  kind: 'emergency-accepted' | 'normal-assigned';
  id: number;
  assignedAt: Date;
  nextStepAt: Date;
  key: StepKey;
  events: string[];
};
type Workers = { boss: Boss; db: Database; stop: () => Promise<void> };

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function jobTableOf(raw: Raw, queue: string): Promise<string> {
  const [q] = await raw`select table_name from pgboss.queue where name = ${queue}`;
  return `pgboss.${q.table_name as string}`;
}

/** The workers as api/main.ts runs them: their own pool, pg-boss with supervision and cron. */
async function startRealWorkers(url: string, log: (line: string) => void): Promise<Workers> {
  const db = connect(url, { max: 20 });
  const boss = await startBoss(url, { onError: (err) => log(`jobs error: ${err.message}`) });
  await startWorkers({ boss, db, clock: () => new Date() });
  return {
    boss,
    db,
    stop: async () => {
      await boss.stop({ graceful: true, timeout: 10_000 });
      await db.$client.end({ timeout: 5 });
    },
  };
}

/**
 * Two appeals made by the real code three hours ago (intake over HTTP, the routing job, the accept
 * action over HTTP, each at its own instant on the app's clock), on 24x7 calendars: an emergency one
 * accepted a minute after assignment (next: resolution 50 % at 12 h) and a normal one with the
 * municipality's policy of 8 h to accept and 72 h to resolve, not yet accepted (next: response 50 %
 * at 4 h). Jobs whose instant has passed are removed (they would have run).
 */
async function makeTemplates(
  db: Database,
  url: string,
  boss: Boss,
  dataDir: string,
  jobTable: string,
  raw: Raw,
): Promise<Template[]> {
  const make = makers(db);
  const city = await make.municipality({ code: 'KZN', boundary: square(49.12, 55.79, 0.15) });
  const district = await make.district(city.id, { boundary: square(49.12, 55.79, 0.15) });
  const mc = await make.organisation(city.id);
  const building = await make.building(city.id, district.id, { house: '12', managementCompanyId: mc.id });
  const roof = await make.category(city.id, { code: 'roof_leak' });
  const flood = await make.category(city.id, {
    code: 'basement_flood',
    nameRu: 'Затопление подвала',
    nameEn: 'Flooded basement',
    emergency: true,
  });
  await raw`insert into sla_policies (municipality_id, category_id, priority, accept_duration, accept_calendar, resolve_duration, resolve_calendar, note)
    values (${city.id}, ${roof.id}, 'normal', '{"amount":8,"unit":"hours"}', '{"kind":"24x7"}', '{"amount":72,"unit":"hours"}', '{"kind":"24x7"}', 'bench: around the clock')`;
  const resident = await make.user(city.id, { role: 'resident' });
  const staff = await make.user(city.id, { role: 'org_staff', organisationId: mc.id, login: 'bench.staff' });

  let now = new Date();
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: url, PORT: '0' });
  const app = await buildApp({ config, db, boss, clock: () => now });
  const t0 = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * 3600_000);
  const signIn = async (userId: number) => {
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(24).toString('base64url');
    await createSession(db, {
      tokenHash: app.hashSessionToken(token),
      userId,
      csrfToken: csrf,
      now: new Date(t0.getTime() - 3600_000),
      expiresAt: new Date(Date.now() + 86400e3),
    });
    return { cookie: `otklik_session=${token}`, 'x-csrf-token': csrf };
  };
  const asResident = await signIn(resident.id);
  const asStaff = await signIn(staff.id);
  const templates: Template[] = [];
  try {
    for (const kind of ['emergency-accepted', 'normal-assigned'] as const) {
      now = t0;
      const res = await app.inject({
        method: 'POST',
        url: '/api/appeals',
        headers: asResident,
        payload: {
          categoryId: kind === 'emergency-accepted' ? flood.id : roof.id,
          buildingId: building.id,
          description:
            kind === 'emergency-accepted'
              ? 'Подвал затоплен горячей водой, пар идёт в подъезд.'
              : 'Протекает кровля над третьим подъездом, вода на лестнице пятого этажа.',
          entrance: '3',
          apartment: '57',
        },
      });
      if (res.statusCode !== 201) throw new Error(`template intake: ${res.statusCode} ${res.body}`);
      const id = res.json().id as number;
      const assignedAt = new Date(t0.getTime() + 2000);
      if ((await routeAppeal(contextAt({ db, boss }, assignedAt), id)) !== 'assigned')
        throw new Error('template not routed');
      if (kind === 'emergency-accepted') {
        now = new Date(t0.getTime() + 62_000);
        const acc = await app.inject({
          method: 'POST',
          url: `/api/appeals/${id}/actions`,
          headers: asStaff,
          payload: { action: 'accept' },
        });
        if (acc.statusCode !== 200) throw new Error(`template accept: ${acc.statusCode} ${acc.body}`);
      }
      const [row] = await raw`select next_step_at, priority from appeals where id = ${id}`;
      const nextStepAt = new Date(row.next_step_at);
      // Which step the real code says falls due at that instant.
      const { clocks } = await clocksWithPolicy(
        { db },
        {
          id,
          municipalityId: city.id,
          categoryId: kind === 'emergency-accepted' ? flood.id : roof.id,
          priority: row.priority,
        },
        nextStepAt,
      );
      const keys = dueSteps(clocks, new Set());
      if (keys.length !== 1)
        throw new Error(
          `template ${kind}: expected one step due at ${nextStepAt.toISOString()}, got ${JSON.stringify(keys)}`,
        );
      const events = (await raw`select type from appeal_events where appeal_id = ${id} order by id`).map(
        (e) => e.type as string,
      );
      templates.push({ kind, id, assignedAt, nextStepAt, key: keys[0], events });
    }
  } finally {
    await app.close();
  }
  // The routing jobs and the timers already past would have run by now.
  await raw.unsafe(
    `delete from ${jobTable} where name = 'appeal.route' or (name = 'sla.step' and start_after < now())`,
  );
  return templates;
}

type Target = { tpl: Template; shiftMs: number };

/**
 * Clone template appeals with their histories shifted in time (COPY-free but set-based: one
 * INSERT … SELECT per table), and arm each clone's next step as the real code does: a delayed
 * `sla.step` job at `next_step_at` with the key `sla:<id>:<ms>`, inserted through pg-boss in batches.
 */
async function cloner(raw: Raw, boss: Boss, templates: Template[]) {
  const columns = async (table: string) =>
    (
      await raw<
        { column_name: string; data_type: string }[]
      >`select column_name, data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ${table} order by ordinal_position`
    ).map((c) => ({ name: c.column_name, shifted: c.data_type === 'timestamp with time zone' }));
  const appealColumns = (await columns('appeals')).filter((c) => !['id', 'number', 'idempotency_key'].includes(c.name));
  const eventColumns = (await columns('appeal_events')).filter((c) => !['id', 'appeal_id'].includes(c.name));
  const expr = (alias: string, c: { name: string; shifted: boolean }) =>
    c.shifted ? `${alias}.${c.name} + p.shift` : `${alias}.${c.name}`;
  const byId = new Map(templates.map((t) => [t.id, t]));
  return {
    async load(set: string, targets: Target[]) {
      const started = performance.now();
      const plan = await raw.begin(async (tx) => {
        await tx`insert into bench_plan (n, set, tpl, shift, appeal_id)
          select t.n, ${set}, t.tpl, t.ms * interval '1 millisecond', nextval(pg_get_serial_sequence('appeals', 'id'))
          from unnest(${targets.map((t) => t.tpl.id)}::bigint[], ${targets.map((t) => t.shiftMs)}::bigint[]) with ordinality as t(tpl, ms, n)`;
        await tx.unsafe(
          `insert into appeals (id, number, idempotency_key, ${appealColumns.map((c) => c.name).join(', ')})
           select p.appeal_id,
             split_part(a.number, '-', 1) || '-' || split_part(a.number, '-', 2) || '-' || lpad(x.n::text, greatest(6, length(x.n::text)), '0'),
             null, ${appealColumns.map((c) => expr('a', c)).join(', ')}
           from bench_plan p join appeals a on a.id = p.tpl
           cross join lateral next_appeal_number(a.municipality_id, split_part(a.number, '-', 2)::int) as x(n)
           where p.set = $1 order by p.n`,
          [set],
        );
        // Event ids in each history's own order (the clocks read the history by id).
        const [{ n }] = await tx.unsafe(
          `select count(*)::bigint as n from bench_plan p join appeal_events e on e.appeal_id = p.tpl where p.set = $1`,
          [set],
        );
        const [{ base }] = await tx.unsafe(`select nextval(pg_get_serial_sequence('appeal_events', 'id')) as base`);
        await tx.unsafe(`select setval(pg_get_serial_sequence('appeal_events', 'id'), $1::bigint + $2::bigint)`, [
          base,
          n,
        ]);
        await tx.unsafe(
          `insert into appeal_events (id, appeal_id, ${eventColumns.map((c) => c.name).join(', ')})
           select $2::bigint + row_number() over (order by p.appeal_id, e.id) - 1, p.appeal_id, ${eventColumns.map((c) => expr('e', c)).join(', ')}
           from bench_plan p join appeal_events e on e.appeal_id = p.tpl where p.set = $1`,
          [set, base],
        );
        await tx`insert into bench_expect (appeal_id, set, clock, cycle, step, due_at)
          select p.appeal_id, ${set}, t.clock, t.cycle, t.step, a.next_step_at
          from bench_plan p join appeals a on a.id = p.appeal_id
          join unnest(${templates.map((t) => t.id)}::bigint[], ${templates.map((t) => t.key.clock)}::text[], ${templates.map((t) => t.key.cycle)}::int[], ${templates.map((t) => t.key.step)}::int[]) as t(tpl, clock, cycle, step) on t.tpl = p.tpl
          where p.set = ${set} and ${set} <> 'far'`;
        return tx<
          { appeal_id: string; tpl: string; next_step_at: Date }[]
        >`select p.appeal_id, p.tpl, a.next_step_at from bench_plan p join appeals a on a.id = p.appeal_id where p.set = ${set} order by p.n`;
      });
      let jobs = 0;
      for (let i = 0; i < plan.length; i += 5000) {
        const batch = plan.slice(i, i + 5000).map((r) => {
          const appealId = Number(r.appeal_id);
          const at = new Date(r.next_step_at);
          if (!byId.has(Number(r.tpl))) throw new Error('unknown template');
          return { data: { appealId }, startAfter: at, singletonKey: `sla:${appealId}:${at.getTime()}` };
        });
        await boss.insert('sla.step', batch);
        jobs += batch.length;
      }
      const [{ events }] =
        await raw`select count(*)::int as events from bench_plan p join appeal_events e on e.appeal_id = p.appeal_id where p.set = ${set}`;
      return { appeals: plan.length, events, jobs, seconds: round((performance.now() - started) / 1000, 1) };
    },
  };
}

/**
 * For each appeal: run refreshClocks (the real code) now, in a transaction that is rolled back, and
 * compare what it writes and arms with what the bulk load wrote and armed.
 */
async function verifyAgainstRealCode(db: Database, boss: Boss, jobTable: string, ids: number[]) {
  const mismatches: string[] = [];
  const clockColumns = 'response_due_at, resolution_due_at, response_breached_at, resolution_breached_at, next_step_at';
  // Per-instance columns of a job; everything else must match.
  const ignore = new Set(['id', 'created_on', 'keep_until', 'trace_context']);
  const jobsQuery = (id: number) =>
    sql`select to_jsonb(j) as job from ${sql.raw(jobTable)} j where name = 'sla.step' and data->>'appealId' = ${String(id)} and state = 'created' order by created_on`;
  const clocksQuery = (id: number) => sql`select ${sql.raw(clockColumns)} from appeals where id = ${id}`;
  class Rollback extends Error {}
  for (const id of ids) {
    const [before] = await db.execute<Record<string, unknown>>(clocksQuery(id));
    const bulkJobs = await db.execute<{ job: Record<string, unknown> }>(jobsQuery(id));
    let after: Record<string, unknown> = {};
    let realJobs: { job: Record<string, unknown> }[] = [];
    await db
      .transaction(async (tx) => {
        await refreshClocks({ db: tx, boss }, id, new Date());
        [after] = await tx.execute<Record<string, unknown>>(clocksQuery(id));
        realJobs = [...(await tx.execute<{ job: Record<string, unknown> }>(jobsQuery(id)))];
        throw new Rollback();
      })
      .catch((err) => {
        if (!(err instanceof Rollback)) throw err;
      });
    for (const c of clockColumns.split(', ')) {
      const a = before[c] ? new Date(before[c] as string).getTime() : null;
      const b = after[c] ? new Date(after[c] as string).getTime() : null;
      if (a !== b) mismatches.push(`appeal ${id} ${c}: bulk ${a} real ${b}`);
    }
    if (bulkJobs.length !== 1) mismatches.push(`appeal ${id}: ${bulkJobs.length} bulk jobs`);
    const real = realJobs.at(-1)?.job;
    const bulk = bulkJobs[0]?.job as Record<string, unknown> | undefined;
    if (!real || !bulk || realJobs.length !== bulkJobs.length + 1) {
      mismatches.push(`appeal ${id}: real code armed ${realJobs.length - bulkJobs.length} jobs`);
      continue;
    }
    for (const k of new Set([...Object.keys(real), ...Object.keys(bulk)])) {
      if (ignore.has(k)) continue;
      if (JSON.stringify(real[k]) !== JSON.stringify(bulk[k]))
        mismatches.push(`appeal ${id} job.${k}: bulk ${JSON.stringify(bulk[k])} real ${JSON.stringify(real[k])}`);
    }
  }
  return { checked: ids.length, mismatches };
}

async function waitForSteps(raw: Raw, set: string, expected: number, deadline: number): Promise<{ done: number }> {
  for (;;) {
    const [row] = await raw`select count(*)::int as n from bench_expect x join sla_steps s on s.appeal_id = x.appeal_id
      and s.clock::text = x.clock and s.cycle = x.cycle and s.step = x.step where x.set = ${set}`;
    if (row.n >= expected || Date.now() > deadline) return { done: row.n };
    await sleep(250);
  }
}

async function latenessOf(raw: Raw, set: string) {
  const rows = await raw<{ ms: number; by: string }[]>`
    select extract(epoch from s.done_at - x.due_at) * 1000 as ms, s.done_by as by
    from bench_expect x join sla_steps s on s.appeal_id = x.appeal_id and s.clock::text = x.clock and s.cycle = x.cycle and s.step = x.step
    where x.set = ${set}`;
  const byWorker: Record<string, number> = {};
  for (const r of rows) byWorker[r.by] = (byWorker[r.by] ?? 0) + 1;
  return { stats: latencyStats(rows.map((r) => Number(r.ms))), byWorker };
}

/** 1,000 no-op delayed jobs due within one second, worked with the options of the sla.step worker. */
async function noopBaseline(boss: Boss, count: number) {
  const queue = 'bench.timer-noop';
  await boss.createQueue(queue, queues['sla.step'].options);
  const lateness: number[] = [];
  let resolveAll: () => void = () => {};
  const all = new Promise<void>((r) => {
    resolveAll = r;
  });
  // As registerEscalation works sla.step (jobs/escalation.ts over api/sla/escalation.ts).
  await boss.work(queue, { batchSize: 20, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true }, async (jobs) => {
    for (const job of jobs) lateness.push(Date.now() - (job.data as { due: number }).due);
    if (lateness.length >= count) resolveAll();
  });
  const dueAt = Math.ceil(Date.now() / 1000) * 1000 + 5000;
  const jobs = Array.from({ length: count }, (_, i) => {
    const due = dueAt + Math.floor((i * 1000) / count);
    return { data: { due }, startAfter: new Date(due), singletonKey: `noop:${i}:${due}` };
  });
  await boss.insert(queue, jobs);
  await Promise.race([all, sleep(120_000)]);
  await boss.offWork(queue);
  return latencyStats(lateness);
}

/** Wait until an sla.sweep job completed after `after` (the minute cron), at most `maxMs`. */
async function waitForSweep(raw: Raw, jobTable: string, after: Date, maxMs: number): Promise<boolean> {
  const sweepTable = await jobTableOf(raw, 'sla.sweep');
  const deadline = Date.now() + maxMs;
  while (Date.now() < deadline) {
    const [row] = await raw.unsafe(
      `select count(*)::int as n from ${sweepTable} where name = 'sla.sweep' and state = 'completed' and started_on > $1`,
      [after],
    );
    if (row.n > 0) return true;
    await sleep(1000);
  }
  void jobTable;
  return false;
}

/**
 * Every step that fell due done exactly once: one sla_steps row and one event per appeal, clock,
 * cycle and step; none missing among the expected, none done that was not due.
 */
async function exactlyOnce(raw: Raw) {
  const [row] = await raw`
    with ev as (
      select appeal_id, payload->>'clock' as clock, (payload->>'cycle')::int as cycle, (payload->>'step')::int as step, count(*)::int as n
      from appeal_events where type in ('sla_warning', 'sla_breach') group by 1, 2, 3, 4),
    st as (select appeal_id, clock::text as clock, cycle, step::int as step from sla_steps)
    select
      (select count(*)::int from bench_expect x where x.set <> 'far' and x.due_at <= now()
        and not exists (select 1 from st where st.appeal_id = x.appeal_id and st.clock = x.clock and st.cycle = x.cycle and st.step = x.step)) as missing,
      (select count(*)::int from st where not exists (select 1 from bench_expect x where st.appeal_id = x.appeal_id and st.clock = x.clock and st.cycle = x.cycle and st.step = x.step)) as unexpected,
      (select count(*)::int from ev where n > 1) as "duplicateEvents",
      (select count(*)::int from st where not exists (select 1 from ev where ev.appeal_id = st.appeal_id and ev.clock = st.clock and ev.cycle = st.cycle and ev.step = st.step)) as "stepsWithoutEvent",
      (select count(*)::int from ev where not exists (select 1 from st where ev.appeal_id = st.appeal_id and ev.clock = st.clock and ev.cycle = st.cycle and ev.step = st.step)) as "eventsWithoutStep",
      (select count(*)::int from st) as steps,
      (select count(*)::int from ev) as "eventKeys"`;
  return row as {
    missing: number;
    unexpected: number;
    duplicateEvents: number;
    stepsWithoutEvent: number;
    eventsWithoutStep: number;
    steps: number;
    eventKeys: number;
  };
}
