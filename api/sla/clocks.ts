import { listAppealEvents } from '../../db/queries/appeals.ts';
import { listDoneSteps, listDoneStepsOf, setNextStepAt } from '../../db/queries/escalation.ts';
import {
  type ClockColumns,
  getAppealClockKey,
  listClockEventsOf,
  listOpenAppealIds,
  listSlaPolicies,
  lockAppealsForClocks,
  type SlaPolicyRow,
  updateClockColumns,
  updateClockColumnsOf,
} from '../../db/queries/sla.ts';
import { nextStepAt } from '../../dispatch/escalation.ts';
import {
  computeClocks,
  defaultSlaPolicy,
  type SlaClocks,
  type SlaPolicy,
  withoutDeadlines,
} from '../../dispatch/sla.ts';
import { clockEventsFrom } from '../../dispatch/sla-events.ts';
import type { Priority } from '../../dispatch/taxonomy.ts';
import { enqueue, enqueueMany } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';

/*
 * An appeal's SLA clocks are computed from its history (the one source of truth) and its policy.
 * The steps below run in the caller's transaction (`ctx.db`) at the caller's instant (`now`), so a
 * transition and its clocks agree; they need only the database and the queue.
 */

type PolicyKey = { municipalityId: number; categoryId: number; priority: Priority };

/**
 * An appeal's SLA policy among those its municipality set: the one for its category and priority,
 * else the municipality-wide one for its priority, else the default.
 */
function choosePolicy(rows: readonly SlaPolicyRow[], appeal: PolicyKey): SlaPolicy {
  const fits = rows.filter((r) => r.municipalityId === appeal.municipalityId && r.priority === appeal.priority);
  const row = fits.find((r) => r.categoryId === appeal.categoryId) ?? fits.find((r) => r.categoryId === null);
  if (!row) return defaultSlaPolicy(appeal.priority);
  return {
    categoryId: row.categoryId,
    priority: row.priority,
    accept: { duration: row.acceptDuration, calendar: row.acceptCalendar },
    resolve: { duration: row.resolveDuration, calendar: row.resolveCalendar },
  };
}

/** The SLA policy for an appeal: the municipality's own for the category or priority, else the default. */
export async function policyFor(
  ctx: Pick<Context, 'db'>,
  municipalityId: number,
  categoryId: number,
  priority: Priority,
): Promise<SlaPolicy> {
  return choosePolicy(await listSlaPolicies(ctx.db, [municipalityId]), { municipalityId, categoryId, priority });
}

/** `outageId`: set when the appeal was filed during an outage of its service (no deadlines then). */
type ClockKey = {
  id: number;
  municipalityId: number;
  categoryId: number;
  priority: Priority;
  outageId?: number | null;
};

/** Compute an appeal's clocks from its history, with the policy used. */
export async function clocksWithPolicy(
  ctx: Pick<Context, 'db'>,
  appeal: ClockKey,
  now: Date,
): Promise<{ clocks: SlaClocks; policy: SlaPolicy }> {
  const [events, policy] = await Promise.all([
    listAppealEvents(ctx.db, appeal.id),
    policyFor(ctx, appeal.municipalityId, appeal.categoryId, appeal.priority),
  ]);
  const clocks = computeClocks(
    policy,
    clockEventsFrom(events.map((e) => ({ ...e, organisationId: e.organisation?.id ?? null }))),
    now,
  );
  return { clocks: appeal.outageId != null ? withoutDeadlines(clocks) : clocks, policy };
}

/** An appeal's clocks at `now` (what its view shows). */
export async function clocksOf(ctx: Pick<Context, 'db'>, appeal: ClockKey, now: Date): Promise<SlaClocks> {
  return (await clocksWithPolicy(ctx, appeal, now)).clocks;
}

/** Where an appeal's next escalation step stands, by the calendars of its policy's clocks. */
const nextStepOf = (clocks: SlaClocks, policy: SlaPolicy, done: ReadonlySet<string>): Date | null =>
  nextStepAt(clocks, { response: policy.accept.calendar, resolution: policy.resolve.calendar }, done);

/** The timer job of an appeal's step at `at` (a stale one finds nothing due and does nothing). */
const stepJob = (appealId: number, at: Date) => ({
  data: { appealId },
  startAfter: at,
  singletonKey: `sla:${appealId}:${at.getTime()}`,
});

/**
 * Arm the timer for the appeal's next escalation step: one delayed job at that instant (a stale one
 * finds nothing due and does nothing), and the instant kept on the row for the sweeper. `done`: the
 * steps done, when the caller holds the appeal's timer lock and knows them.
 */
export async function armNextStep(
  ctx: Pick<Context, 'db' | 'boss'>,
  appealId: number,
  clocks: SlaClocks,
  policy: SlaPolicy,
  done?: ReadonlySet<string>,
): Promise<Date | null> {
  const next = nextStepOf(clocks, policy, done ?? (await listDoneSteps(ctx.db, appealId)));
  await setNextStepAt(ctx.db, appealId, next);
  if (next) {
    const { data, ...options } = stepJob(appealId, next);
    await enqueue(ctx.boss, ctx.db, 'sla.step', data, options);
  }
  return next;
}

/**
 * The deadlines the queues sort by, as the appeal row keeps them: none for a clock paused or
 * stopped; none at all, and no breach, for an appeal filed during an outage of its service (it
 * follows the outage: no breach of the company, so the overdue queue and the statistics skip it).
 */
function clockColumns(clocks: SlaClocks, duringOutage: boolean): ClockColumns {
  if (duringOutage)
    return { responseDueAt: null, resolutionDueAt: null, responseBreachedAt: null, resolutionBreachedAt: null };
  const running = (c: SlaClocks['response']) => (c.stopped || c.paused ? null : c.dueAt);
  return {
    responseDueAt: running(clocks.response),
    resolutionDueAt: running(clocks.resolution),
    responseBreachedAt: clocks.response.breachedAt,
    resolutionBreachedAt: clocks.resolution.breachedAt,
  };
}

/**
 * Recompute an appeal's clocks after a change, copy the deadlines the queues sort by onto the
 * appeal row and arm its next escalation step (all in the caller's transaction).
 */
export async function refreshClocks(
  ctx: Pick<Context, 'db' | 'boss'>,
  appealId: number,
  now: Date,
): Promise<SlaClocks | null> {
  const { db } = ctx;
  const appeal = await getAppealClockKey(db, appealId);
  if (!appeal) return null;
  const { clocks, policy } = await clocksWithPolicy(ctx, appeal, now);
  const duringOutage = appeal.outageId !== null;
  await updateClockColumns(db, appealId, clockColumns(clocks, duringOutage));
  if (duringOutage) await setNextStepAt(db, appealId, null);
  else await armNextStep(ctx, appealId, clocks, policy);
  return clocks;
}

/**
 * `refreshClocks` for many appeals at once, in the caller's transaction, in a handful of statements
 * whatever their number: the rows held (in id order), their histories, policies and steps done
 * read together, the columns written by one update and the timers sent by one insert. Returns how
 * many of the appeals exist.
 */
export async function refreshClocksOf(
  ctx: Pick<Context, 'db' | 'boss'>,
  appealIds: readonly number[],
  now: Date,
): Promise<number> {
  if (appealIds.length === 0) return 0;
  const keys = await lockAppealsForClocks(ctx.db, appealIds);
  const ids = keys.map((k) => k.id);
  const [events, policies, done] = [
    await listClockEventsOf(ctx.db, ids),
    await listSlaPolicies(ctx.db, [...new Set(keys.map((k) => k.municipalityId))]),
    await listDoneStepsOf(ctx.db, ids),
  ];
  const historyOf = Map.groupBy(events, (e) => e.appealId);
  const rows: Parameters<typeof updateClockColumnsOf>[1][number][] = [];
  const jobs: ReturnType<typeof stepJob>[] = [];
  for (const appeal of keys) {
    const policy = choosePolicy(policies, appeal);
    const clocks = computeClocks(policy, clockEventsFrom(historyOf.get(appeal.id) ?? []), now);
    const duringOutage = appeal.outageId !== null;
    const next = duringOutage ? null : nextStepOf(clocks, policy, done.get(appeal.id) ?? new Set());
    rows.push({ id: appeal.id, ...clockColumns(clocks, duringOutage), nextStepAt: next });
    if (next) jobs.push(stepJob(appeal.id, next));
  }
  await updateClockColumnsOf(ctx.db, rows);
  await enqueueMany(ctx.boss, ctx.db, 'sla.step', jobs);
  return keys.length;
}

/** Appeals per transaction when every open appeal is put on the clock again. */
const REFRESH_BATCH = 200;

/**
 * Put every open appeal on the clock again (after loading a city, or a change of policies), a batch
 * at a time, each batch in its own short transaction holding its appeals' rows, so a transition
 * made meanwhile is never overwritten with deadlines computed from its older history (it waits for
 * the batch, or the batch for it). `concurrency` batches run at once. Returns how many appeals it saw.
 */
export async function refreshAllClocks(
  ctx: Context,
  municipalityId?: number,
  opts: { concurrency?: number } = {},
): Promise<number> {
  const now = ctx.clock();
  const ids = await listOpenAppealIds(ctx.db, municipalityId);
  const batches: number[][] = [];
  for (let i = 0; i < ids.length; i += REFRESH_BATCH) batches.push(ids.slice(i, i + REFRESH_BATCH));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      await inTransaction(ctx, (tx) => refreshClocksOf(tx, batch, now));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return ids.length;
}
