/** Closing an active outage: the service came back (restored), or the work was called off (cancelled). */
import { insertOutageUpdate, syncOutageRange, updateOutage } from '../../db/queries/outages.ts';
import { Conflict, Unprocessable } from '../errors.ts';
import type { Context } from '../context.ts';
import { mustBeActive, withLockedOutage } from './change-outage.ts';
import { notifyOutageResidents } from './notify-residents.ts';
import type { CloseInput, OutageView } from './schemas.ts';

/** The service is back (now, or at a given past instant after the start); the residents are told. */
export async function restoreOutage(
  ctx: Context,
  outageId: number,
  input: CloseInput,
  publicUrl: string,
): Promise<OutageView> {
  return withLockedOutage(ctx, outageId, input.expectedVersion, async (tx, o, actor, now) => {
    mustBeActive(o);
    const restoredAt = input.restoredAt ? new Date(input.restoredAt) : now;
    if (restoredAt > now) {
      throw new Unprocessable({ id: 'outage.restored_in_future' }, [
        { field: 'body.restoredAt', reason: { id: 'outage.later_than_now' } },
      ]);
    }
    if (restoredAt <= o.startsAt) {
      throw new Conflict(
        { id: 'outage.not_begun' },
        {
          errors: [{ field: 'body.restoredAt', reason: { id: 'outage.before_start' } }],
        },
      );
    }
    const next = await updateOutage(tx.db, o.id, { status: 'restored', restoredAt, nextStepAt: null }, now);
    await syncOutageRange(tx.db, next);
    await insertOutageUpdate(tx.db, {
      outageId: o.id,
      kind: 'restored',
      actorId: actor.userId,
      actorRole: actor.role,
      note: input.note ?? null,
      changes: { status: ['active', 'restored'], restoredAt: [null, restoredAt.toISOString()] },
      at: now,
    });
    await notifyOutageResidents(tx, o.id, 'outage_restored', {
      note: input.note ?? null,
      actorId: actor.userId,
      publicUrl,
    });
  });
}

/** The outage is called off; the residents are told. */
export async function cancelOutage(
  ctx: Context,
  outageId: number,
  input: Omit<CloseInput, 'restoredAt'>,
  publicUrl: string,
): Promise<OutageView> {
  return withLockedOutage(ctx, outageId, input.expectedVersion, async (tx, o, actor, now) => {
    mustBeActive(o);
    const next = await updateOutage(tx.db, o.id, { status: 'cancelled', nextStepAt: null }, now);
    await syncOutageRange(tx.db, next);
    await insertOutageUpdate(tx.db, {
      outageId: o.id,
      kind: 'cancelled',
      actorId: actor.userId,
      actorRole: actor.role,
      note: input.note ?? null,
      changes: { status: ['active', 'cancelled'] },
      at: now,
    });
    await notifyOutageResidents(tx, o.id, 'outage_cancelled', {
      note: input.note ?? null,
      actorId: actor.userId,
      publicUrl,
    });
  });
}
