import type { Database, Db } from '../db/client.ts';
import { applyAppealTransition, lockAppealForTransition } from '../db/queries/appeals.ts';
import { refreshClocks } from './clocks.ts';
import { notifyTransition } from './notifications.ts';
import { lockAppealForRouting, recordTriage } from '../db/queries/routing.ts';
import { decide, systemActor } from '../dispatch/lifecycle.ts';
import { route } from '../dispatch/routing.ts';
import type { Boss } from './boss.ts';
import { queues } from './queues.ts';

export type RoutingOutcome = 'assigned' | 'triage' | 'skipped';

/**
 * Route one appeal. Idempotent: it re-reads the appeal under a lock and does nothing unless the
 * appeal is still new and has not been sent to triage, so a repeated job has no second effect.
 */
export async function routeAppeal(db: Database, boss: Boss, appealId: number, now: Date): Promise<RoutingOutcome> {
  return db.transaction(async (tx) => {
    const found = await lockAppealForRouting(tx, appealId);
    const ready =
      found?.appeal.status === 'new' && found.appeal.assignedOrgId === null && found.appeal.triageReason === null;
    if (!found || !ready) return 'skipped';
    const { appeal, facts } = found;
    const routing = route(facts);
    if (!routing.ok) {
      await recordTriage(tx, appeal, routing.reason, routing.detail, now);
      return 'triage';
    }
    // The assignment is a lifecycle transition like any other: the state machine decides it.
    const transition = decide(
      { ...appeal, resolvedAt: null, reopenCount: 0, rating: null },
      'assign',
      systemActor('routing'),
      { targetOrgId: routing.organisationId, expectedVersion: appeal.version },
      now,
    );
    if (!transition.ok) throw new Error(`routing could not assign appeal ${appeal.id}: ${transition.error.kind}`);
    const { event, next, effects } = transition;
    await applyAppealTransition(
      tx,
      appeal.id,
      appeal.version,
      next,
      { ...event, payload: { ...event.payload, routing: routing.basis } },
      now,
    );
    await refreshClocks(tx, boss, appeal.id, now);
    await notifyTransition(tx, boss, { appealId: appeal.id, event, effects }, now);
    return 'assigned';
  });
}

export type RerouteOutcome =
  | { outcome: 'unchanged' | 'moved'; organisationId: number }
  | { outcome: 'unroutable'; reason: string };

/**
 * After a dispatcher changed an appeal's category: route it again and, when the responsible
 * organisation is now another one, hand it over through the lifecycle (assign from triage, reroute
 * from an organisation). Runs in the caller's transaction, with the appeal already locked there.
 * An appeal the new category cannot be routed for stays where it is (a held one keeps its
 * organisation; one in triage gets the new reason), and the outcome says so.
 */
export async function rerouteAppeal(db: Db, boss: Boss, appealId: number, now: Date): Promise<RerouteOutcome | null> {
  const found = await lockAppealForRouting(db, appealId);
  if (!found) return null;
  const { appeal, facts } = found;
  const routing = route(facts);
  const unassigned = appeal.status === 'new' || appeal.status === 'rejected';
  if (!routing.ok) {
    if (unassigned) await recordTriage(db, appeal, routing.reason, routing.detail, now);
    return { outcome: 'unroutable', reason: routing.reason };
  }
  if (routing.organisationId === appeal.assignedOrgId)
    return { outcome: 'unchanged', organisationId: routing.organisationId };
  const current = await lockAppealForTransition(db, { id: appealId });
  if (!current) return null;
  const transition = decide(
    current,
    unassigned ? 'assign' : 'reroute',
    systemActor('routing'),
    { targetOrgId: routing.organisationId },
    now,
  );
  // Closed, duplicate or cancelled appeals are not moved (a category change is refused there anyway).
  if (!transition.ok) return { outcome: 'unchanged', organisationId: routing.organisationId };
  const { event, next, effects } = transition;
  await applyAppealTransition(
    db,
    appealId,
    current.version,
    next,
    { ...event, payload: { ...event.payload, routing: routing.basis } },
    now,
  );
  await notifyTransition(db, boss, { appealId, event, effects }, now);
  return { outcome: 'moved', organisationId: routing.organisationId };
}

/** The worker: routes appeals as their jobs arrive (enqueued with the appeal at intake). */
export async function registerRouting(boss: Boss, db: Database, clock: () => Date) {
  // Burst while batches come back full: a backlog drains at once instead of 10 jobs per poll.
  await boss.work(
    'appeal.route',
    { batchSize: 10, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true },
    async (jobs) => {
      for (const job of jobs) {
        const { appealId } = queues['appeal.route'].payload.parse(job.data);
        await routeAppeal(db, boss, appealId, clock());
      }
    },
  );
}
