import { listAppealEvents } from '../../db/queries/appeals.ts';
import { listDoneSteps, lockAppealForTimers, setNextStepAt } from '../../db/queries/escalation.ts';
import { findSlaPolicy, getAppealClockKey, listOpenAppealIds, updateClockColumns } from '../../db/queries/sla.ts';
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
import { enqueue } from '../../jobs/queues.ts';
import { type Context, inTransaction } from '../context.ts';

/*
 * An appeal's SLA clocks are computed from its history (the one source of truth) and its policy.
 * The steps below run in the caller's transaction (`ctx.db`) at the caller's instant (`now`), so a
 * transition and its clocks agree; they need only the database and the queue.
 */

/** The SLA policy for an appeal: the municipality's own for the category or priority, else the default. */
export async function policyFor(
  ctx: Pick<Context, 'db'>,
  municipalityId: number,
  categoryId: number,
  priority: Priority,
): Promise<SlaPolicy> {
  const row = await findSlaPolicy(ctx.db, municipalityId, categoryId, priority);
  if (!row) return defaultSlaPolicy(priority);
  return {
    categoryId: row.categoryId,
    priority: row.priority,
    accept: { duration: row.acceptDuration, calendar: row.acceptCalendar },
    resolve: { duration: row.resolveDuration, calendar: row.resolveCalendar },
  };
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
  const events = await listAppealEvents(ctx.db, appeal.id);
  const policy = await policyFor(ctx, appeal.municipalityId, appeal.categoryId, appeal.priority);
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

/**
 * Arm the timer for the appeal's next escalation step: one delayed job at that instant (a stale one
 * finds nothing due and does nothing), and the instant kept on the row for the sweeper.
 */
export async function armNextStep(
  ctx: Pick<Context, 'db' | 'boss'>,
  appealId: number,
  clocks: SlaClocks,
  policy: SlaPolicy,
): Promise<Date | null> {
  const done = await listDoneSteps(ctx.db, appealId);
  const next = nextStepAt(clocks, { response: policy.accept.calendar, resolution: policy.resolve.calendar }, done);
  await setNextStepAt(ctx.db, appealId, next);
  if (next)
    await enqueue(
      ctx.boss,
      ctx.db,
      'sla.step',
      { appealId },
      { startAfter: next, singletonKey: `sla:${appealId}:${next.getTime()}` },
    );
  return next;
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
  // Filed during an outage of its service, the appeal follows the outage: it is no breach of the
  // company, so no deadline is kept, no breach marked (the overdue queue and the statistics read
  // these columns) and no escalation step armed.
  if (appeal.outageId !== null) {
    await updateClockColumns(db, appealId, {
      responseDueAt: null,
      resolutionDueAt: null,
      responseBreachedAt: null,
      resolutionBreachedAt: null,
    });
    await setNextStepAt(db, appealId, null);
    return clocks;
  }
  const running = (c: SlaClocks['response']) => (c.stopped || c.paused ? null : c.dueAt);
  await updateClockColumns(db, appealId, {
    responseDueAt: running(clocks.response),
    resolutionDueAt: running(clocks.resolution),
    responseBreachedAt: clocks.response.breachedAt,
    resolutionBreachedAt: clocks.resolution.breachedAt,
  });
  await armNextStep(ctx, appealId, clocks, policy);
  return clocks;
}

/**
 * Put every open appeal on the clock again (after loading a city, or a change of policies), each
 * in its own short transaction holding the appeal row, so a transition made meanwhile is never
 * overwritten with deadlines computed from its older history. Returns how many appeals it saw.
 */
export async function refreshAllClocks(
  ctx: Context,
  municipalityId?: number,
  opts: { concurrency?: number } = {},
): Promise<number> {
  const now = ctx.clock();
  const ids = await listOpenAppealIds(ctx.db, municipalityId);
  // `concurrency` appeals at a time, each still in its own transaction (a freshly loaded city).
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      await inTransaction(ctx, async (tx) => {
        if (await lockAppealForTimers(tx.db, id)) await refreshClocks(tx, id, now);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 1) }, worker));
  return ids.length;
}
