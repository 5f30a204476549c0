import type { Database, Db } from '../db/client.ts';
import { listAppealEvents } from '../db/queries/appeals.ts';
import { listDoneSteps, lockAppealForTimers, setNextStepAt } from '../db/queries/escalation.ts';
import { findSlaPolicy, getAppealClockKey, listOpenAppealIds, updateClockColumns } from '../db/queries/sla.ts';
import { nextStepAt } from '../dispatch/escalation.ts';
import { computeClocks, defaultSlaPolicy, type SlaClocks, type SlaPolicy, withoutDeadlines } from '../dispatch/sla.ts';
import { clockEventsFrom } from '../dispatch/sla-events.ts';
import type { Priority } from '../dispatch/taxonomy.ts';
import { type Boss, enqueue } from './queues.ts';

/** The SLA policy for an appeal: the municipality's own for the category or priority, else the default. */
export async function policyFor(
  db: Db,
  municipalityId: number,
  categoryId: number,
  priority: Priority,
): Promise<SlaPolicy> {
  const row = await findSlaPolicy(db, municipalityId, categoryId, priority);
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

/** Compute an appeal's clocks from its history (the one source of truth), with the policy used. */
export async function clocksWithPolicy(
  db: Db,
  appeal: ClockKey,
  now: Date,
): Promise<{ clocks: SlaClocks; policy: SlaPolicy }> {
  const events = await listAppealEvents(db, appeal.id);
  const policy = await policyFor(db, appeal.municipalityId, appeal.categoryId, appeal.priority);
  const clocks = computeClocks(
    policy,
    clockEventsFrom(events.map((e) => ({ ...e, organisationId: e.organisation?.id ?? null }))),
    now,
  );
  return { clocks: appeal.outageId != null ? withoutDeadlines(clocks) : clocks, policy };
}

export async function clocksOf(db: Db, appeal: ClockKey, now: Date): Promise<SlaClocks> {
  return (await clocksWithPolicy(db, appeal, now)).clocks;
}

/**
 * Arm the timer for the appeal's next escalation step: one delayed job at that instant (a stale one
 * finds nothing due and does nothing), and the instant kept on the row for the sweeper.
 */
export async function armNextStep(
  db: Db,
  boss: Boss,
  appealId: number,
  clocks: SlaClocks,
  policy: SlaPolicy,
): Promise<Date | null> {
  const done = await listDoneSteps(db, appealId);
  const next = nextStepAt(clocks, { response: policy.accept.calendar, resolution: policy.resolve.calendar }, done);
  await setNextStepAt(db, appealId, next);
  if (next)
    await enqueue(
      boss,
      db,
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
export async function refreshClocks(db: Db, boss: Boss, appealId: number, now: Date): Promise<SlaClocks | null> {
  const appeal = await getAppealClockKey(db, appealId);
  if (!appeal) return null;
  const { clocks, policy } = await clocksWithPolicy(db, appeal, now);
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
  await armNextStep(db, boss, appealId, clocks, policy);
  return clocks;
}

/**
 * Recompute the clocks of every open appeal (after loading a city, or a change of policies), each
 * in its own short transaction holding the appeal row, so a transition made meanwhile is never
 * overwritten with deadlines computed from its older history.
 */
export async function refreshAllClocks(db: Database, boss: Boss, now: Date, municipalityId?: number): Promise<number> {
  const ids = await listOpenAppealIds(db, municipalityId);
  for (const id of ids) {
    await db.transaction(async (tx) => {
      if (await lockAppealForTimers(tx, id)) await refreshClocks(tx, boss, id, now);
    });
  }
  return ids.length;
}
