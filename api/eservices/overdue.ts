/** The overdue timer: each application past its due day marked once, and its department told. */
import { insertEvent, listNewlyOverdue } from '../../db/queries/eservices.ts';
import { type Context, inTransaction } from '../context.ts';
import { notifyOverdue } from './notices.ts';

/** How many applications one run marks; the next run takes the rest. */
const BATCH = 500;

/**
 * Mark the applications that passed their due day since the last run (an `overdue` event naming the
 * due day, so a later due day after a pause is marked again) and tell their departments. Returns how
 * many were marked.
 */
export async function markOverdueApplications(ctx: Context): Promise<number> {
  return inTransaction(ctx, async (tx) => {
    const due = await listNewlyOverdue(tx.db, tx.clock(), BATCH);
    for (const a of due) {
      await insertEvent(tx.db, {
        applicationId: a.id,
        step: 'overdue',
        actorId: null,
        fromStatus: a.status,
        toStatus: a.status,
        fromStage: a.stageIndex,
        toStage: a.stageIndex,
        data: { dueOn: a.dueOn },
        at: tx.clock(),
      });
      await notifyOverdue(tx, a);
    }
    return due.length;
  });
}
