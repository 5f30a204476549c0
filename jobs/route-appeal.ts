import type { Database } from '../db/client.ts';
import { lockAppealForRouting, recordRouting } from '../db/queries/routing.ts';
import { route } from '../dispatch/routing.ts';
import type { Boss } from './boss.ts';
import { queues } from './queues.ts';

export type RoutingOutcome = 'assigned' | 'triage' | 'skipped';

/**
 * Route one appeal. Idempotent: it re-reads the appeal under a lock and does nothing unless the
 * appeal is still new and has not been sent to triage, so a repeated job has no second effect.
 */
export async function routeAppeal(db: Database, appealId: number, now: Date): Promise<RoutingOutcome> {
  return db.transaction(async (tx) => {
    const found = await lockAppealForRouting(tx, appealId);
    if (!found || found.appeal.status !== 'new' || found.appeal.assignedOrgId !== null || found.appeal.triageReason !== null) {
      return 'skipped';
    }
    const decision = route(found.facts);
    if (decision.ok) {
      await recordRouting(tx, found.appeal, { organisationId: decision.organisationId, basis: decision.basis }, now);
      return 'assigned';
    }
    await recordRouting(tx, found.appeal, { triageReason: decision.reason, detail: decision.detail }, now);
    return 'triage';
  });
}

/** The worker: routes appeals as their jobs arrive (enqueued with the appeal at intake). */
export async function registerRouting(boss: Boss, db: Database, clock: () => Date) {
  await boss.work('appeal.route', { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const { appealId } = queues['appeal.route'].payload.parse(job.data);
      await routeAppeal(db, appealId, clock());
    }
  });
}
