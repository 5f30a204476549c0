import { applyAppealTransition, lockAppealForTransition } from '../../db/queries/appeals.ts';
import { lockAppealForRouting, recordTriage } from '../../db/queries/routing.ts';
import { decide, systemActor } from '../../dispatch/lifecycle.ts';
import { route } from '../../dispatch/routing.ts';
import { notifyTransition } from '../notifications/write-notices.ts';
import { type Context, inTransaction } from '../context.ts';
import { refreshClocks } from '../sla/clocks.ts';

export type RoutingOutcome = 'assigned' | 'triage' | 'skipped';

/**
 * Route one new appeal to the organisation responsible (the routing timer, after intake).
 * Idempotent: it re-reads the appeal under a lock and does nothing unless the appeal is still new
 * and has not been sent to triage, so a repeated job has no second effect.
 */
export async function routeAppeal(ctx: Context, appealId: number): Promise<RoutingOutcome> {
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const found = await lockAppealForRouting(tx.db, appealId);
    const ready =
      found?.appeal.status === 'new' && found.appeal.assignedOrgId === null && found.appeal.triageReason === null;
    if (!found || !ready) return 'skipped';
    const { appeal, facts } = found;
    const routing = route(facts);
    if (!routing.ok) {
      await recordTriage(tx.db, appeal, routing.reason, routing.detail, now);
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
      tx.db,
      appeal.id,
      appeal.version,
      next,
      { ...event, payload: { ...event.payload, routing: routing.basis } },
      now,
    );
    await refreshClocks(tx, appeal.id, now);
    await notifyTransition(tx, { appealId: appeal.id, event, effects }, now);
    return 'assigned';
  });
}

export type RerouteOutcome =
  | { outcome: 'unchanged' | 'moved'; organisationId: number }
  | { outcome: 'unroutable'; reason: string };

/**
 * After a dispatcher changed an appeal's category: route it again and, when the responsible
 * organisation is now another one, hand it over through the lifecycle (assign from triage, reroute
 * from an organisation). Runs in the caller's transaction (`ctx.db`), with the appeal already
 * locked there, at the caller's instant `now`. An appeal the new category cannot be routed for
 * stays where it is (a held one keeps its organisation; one in triage gets the new reason), and
 * the outcome says so.
 */
export async function rerouteAppeal(
  ctx: Pick<Context, 'db' | 'boss'>,
  appealId: number,
  now: Date,
): Promise<RerouteOutcome | null> {
  const { db } = ctx;
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
  await notifyTransition(ctx, { appealId, event, effects }, now);
  return { outcome: 'moved', organisationId: routing.organisationId };
}
