import { applyAppealTransition, lockAppealForTransition } from '../../db/queries/appeals.ts';
import { listResolvedBefore } from '../../db/queries/escalation.ts';
import { DISPUTE_WINDOW_MS, decide, systemActor } from '../../dispatch/lifecycle.ts';
import { notifyTransition } from '../notifications/write-notices.ts';
import { type Context, inTransaction } from '../context.ts';
import { refreshClocks } from './clocks.ts';

/**
 * Close resolved appeals nobody disputed within the dispute window (15 days), through the
 * lifecycle (auto_close by the timers system), each in its own transaction. Idempotent: an appeal
 * already closed or reopened is left alone. Returns how many it closed.
 */
export async function autoCloseResolved(ctx: Context, batch = 500): Promise<number> {
  const now = ctx.clock();
  let closed = 0;
  for (const id of await listResolvedBefore(ctx.db, new Date(now.getTime() - DISPUTE_WINDOW_MS), batch)) {
    closed += await inTransaction(ctx, (tx) => autoCloseOne(tx, id, now));
  }
  return closed;
}

async function autoCloseOne(tx: Context, id: number, now: Date): Promise<number> {
  const appeal = await lockAppealForTransition(tx.db, { id });
  if (!appeal) return 0;
  const decision = decide(appeal, 'auto_close', systemActor('timers'), { expectedVersion: appeal.version }, now);
  if (!decision.ok) return 0;
  const { next, event, effects } = decision;
  const applied = await applyAppealTransition(tx.db, id, appeal.version, next, event, now);
  if (!applied) return 0;
  await refreshClocks(tx, id, now);
  await notifyTransition(tx, { appealId: id, event, effects }, now);
  return 1;
}
