import type { Db } from '../db/client.ts';
import { listAppealEvents } from '../db/queries/appeals.ts';
import { findSlaPolicy, getAppealClockKey, listOpenAppealIds, updateClockColumns } from '../db/queries/sla.ts';
import { computeClocks, defaultSlaPolicy, type SlaClocks, type SlaPolicy } from '../dispatch/sla.ts';
import { clockEventsFrom } from '../dispatch/sla-events.ts';
import type { Priority } from '../dispatch/taxonomy.ts';

/** The SLA policy for an appeal: the municipality's own for the category or priority, else the default. */
export async function policyFor(db: Db, municipalityId: number, categoryId: number, priority: Priority): Promise<SlaPolicy> {
  const row = await findSlaPolicy(db, municipalityId, categoryId, priority);
  if (!row) return defaultSlaPolicy(priority);
  return {
    categoryId: row.categoryId,
    priority: row.priority,
    accept: { duration: row.acceptDuration, calendar: row.acceptCalendar },
    resolve: { duration: row.resolveDuration, calendar: row.resolveCalendar },
  };
}

/** Compute an appeal's clocks from its history (the one source of truth). */
export async function clocksOf(db: Db, appeal: { id: number; municipalityId: number; categoryId: number; priority: Priority }, now: Date): Promise<SlaClocks> {
  const events = await listAppealEvents(db, appeal.id);
  const policy = await policyFor(db, appeal.municipalityId, appeal.categoryId, appeal.priority);
  return computeClocks(policy, clockEventsFrom(events.map((e) => ({ ...e, organisationId: e.organisation?.id ?? null }))), now);
}

/**
 * Recompute an appeal's clocks after a change and copy the deadlines the queues sort by onto the
 * appeal row (in the caller's transaction).
 */
export async function refreshClocks(db: Db, appealId: number, now: Date): Promise<SlaClocks | null> {
  const appeal = await getAppealClockKey(db, appealId);
  if (!appeal) return null;
  const clocks = await clocksOf(db, appeal, now);
  const running = (c: SlaClocks['response']) => (c.stopped || c.paused ? null : c.dueAt);
  await updateClockColumns(db, appealId, {
    responseDueAt: running(clocks.response),
    resolutionDueAt: running(clocks.resolution),
    responseBreachedAt: clocks.response.breachedAt,
    resolutionBreachedAt: clocks.resolution.breachedAt,
  });
  return clocks;
}

/** Recompute the clocks of every open appeal (after loading a city, or a change of policies). */
export async function refreshAllClocks(db: Db, now: Date, municipalityId?: number): Promise<number> {
  const ids = await listOpenAppealIds(db, municipalityId);
  for (const id of ids) await refreshClocks(db, id, now);
  return ids.length;
}
