/**
 * A resident follows an outage instead of filing an appeal about it: they hear of its changes and
 * restoration.
 */
import { deleteOutageFollower, getOutage, insertOutageFollower } from '../../db/queries/outages.ts';
import type { Context } from '../context.ts';
import { Conflict, NotFound } from '../errors.ts';

/** Follow an active outage (following twice is following). */
export async function followOutage(ctx: Context, outageId: number): Promise<void> {
  const outage = await getOutage(ctx.db, outageId);
  if (!outage) throw new NotFound('outage');
  if (outage.status !== 'active') throw new Conflict({ id: 'outage.over' }, { outage: { status: outage.status } });
  await insertOutageFollower(ctx.db, outage.id, ctx.actor!.userId, ctx.clock());
}

/** Stop following an outage, over or not. */
export async function unfollowOutage(ctx: Context, outageId: number): Promise<void> {
  const outage = await getOutage(ctx.db, outageId);
  if (!outage) throw new NotFound('outage');
  await deleteOutageFollower(ctx.db, outage.id, ctx.actor!.userId);
}
