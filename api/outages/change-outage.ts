/** Changing an active outage: its expected end, reason or buildings, each change recorded. */
import type { Db } from '../../db/client.ts';
import {
  addOutageBuildings,
  isOverlapViolation,
  listOutageBuildingIds,
  lockOutage,
  type Outage,
  type OverlapQuery,
  removeOutageBuildings,
  syncOutageRange,
  updateOutage,
  insertOutageUpdate,
} from '../../db/queries/outages.ts';
import { newEndProblems } from '../../dispatch/outages.ts';
import { type Actor, can, scopeOf } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, Forbidden, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { overlapAfterRace, problemsAt, refuseOverlap, resolveBuildings, resourceOf } from './checks.ts';
import { armOutageStep } from './escalate-outage.ts';
import { notifyOutageResidents } from './notify-residents.ts';
import { outageView } from './read-outages.ts';
import type { ChangeInput, OutageView } from './schemas.ts';

/** A change of an outage run under its lock, by its publisher, with the actor and the instant. */
export type OutageChange = (
  tx: Context,
  o: Outage,
  actor: NonNullable<Actor>,
  now: Date,
  /** What the change is about to hold (buildings and period), to name a collision after a rollback. */
  intend: (q: OverlapQuery) => void,
) => Promise<void>;

/** Lock the outage, check who acts and the version, run the change; answer the outage's new view. */
export async function withLockedOutage(
  ctx: Context,
  outageId: number,
  expectedVersion: number | undefined,
  change: OutageChange,
): Promise<OutageView> {
  const now = ctx.clock();
  let attempted: OverlapQuery | null = null;
  try {
    await inTransaction(ctx, async (tx) => {
      const outage = await lockOutage(tx.db, outageId);
      // An outage the actor may not change is public anyway: 403, not 404.
      if (!outage) throw new NotFound('outage');
      if (!can(ctx.actor, 'outage.publish', resourceOf(outage))) throw ctx.actor ? new Forbidden() : new Unauthorized();
      if (expectedVersion !== undefined && expectedVersion !== outage.version) throw versionConflict(outage.version);
      await change(tx, outage, ctx.actor!, now, (q) => {
        attempted = q;
      });
    });
  } catch (err) {
    if (!isOverlapViolation(err)) throw err;
    throw await overlapAfterRace(ctx.db, attempted);
  }
  return outageView(ctx, outageId, now);
}

function versionConflict(current: number) {
  return new Conflict(
    { id: 'outage.changed_meanwhile' },
    {
      currentVersion: current,
    },
  );
}

/** Only an active outage changes, is restored or cancelled. */
export function mustBeActive(o: Outage) {
  if (o.status !== 'active') {
    throw new Conflict({ id: 'outage.already_over', params: { status: o.status } }, { outage: { status: o.status } });
  }
}

/**
 * Change an outage's expected end, reason or buildings (the full new list) at the version the
 * publisher saw; the change is recorded with old and new values and the residents are told. A new
 * expected end is a new promise: the ladder starts again from it.
 */
export async function changeOutage(
  ctx: Context,
  outageId: number,
  input: ChangeInput,
  publicUrl: string,
): Promise<OutageView> {
  return withLockedOutage(ctx, outageId, input.expectedVersion, async (tx, o, actor, now, intend) => {
    mustBeActive(o);
    const { changes, set } = changedFields(o, input, now);
    const buildings = await changedBuildings(tx.db, o, actor, input);
    if (buildings.added.length > 0 || buildings.removed.length > 0)
      changes.buildings = [buildings.before, buildings.after];
    if (Object.keys(changes).length === 0 && !input.note) {
      throw new Unprocessable({ id: 'outage.nothing_to_change' }, [
        { field: 'body', reason: { id: 'outage.no_changes' } },
      ]);
    }
    const next = { ...o, ...set };
    const period = { service: o.service, startsAt: next.startsAt, endsAt: next.expectedEndAt, exceptOutageId: o.id };
    intend({ ...period, buildingIds: buildings.after });
    if (buildings.added.length > 0) await refuseOverlap(tx.db, { ...period, buildingIds: buildings.added });
    if (set.expectedEndAt) await refuseOverlap(tx.db, { ...period, buildingIds: buildings.before });
    await updateOutage(tx.db, o.id, set, now);
    await removeOutageBuildings(tx.db, o.id, buildings.removed);
    await addOutageBuildings(tx.db, next, buildings.added);
    if (set.expectedEndAt) await syncOutageRange(tx.db, next);
    await insertOutageUpdate(tx.db, {
      outageId: o.id,
      kind: 'updated',
      actorId: actor.userId,
      actorRole: actor.role,
      note: input.note ?? null,
      changes,
      at: now,
    });
    if (set.expectedEndAt) await armOutageStep(tx, next, 0);
    await notifyOutageResidents(tx, o.id, 'outage_changed', {
      note: input.note ?? null,
      actorId: actor.userId,
      publicUrl,
    });
  });
}

/** The expected end and reason a change sets, with their old and new values. */
function changedFields(o: Outage, input: ChangeInput, now: Date) {
  const changes: Record<string, [unknown, unknown]> = {};
  const set: Partial<Outage> = {};
  if (input.expectedEndAt !== undefined && new Date(input.expectedEndAt).getTime() !== o.expectedEndAt.getTime()) {
    const end = new Date(input.expectedEndAt);
    const wrong = newEndProblems({ startsAt: o.startsAt, expectedEndAt: end }, now);
    if (wrong.length > 0) throw new Unprocessable({ id: 'outage.invalid_end' }, problemsAt(wrong));
    changes.expectedEndAt = [o.expectedEndAt.toISOString(), end.toISOString()];
    set.expectedEndAt = end;
  }
  if (input.reason !== undefined && input.reason !== o.reason) {
    changes.reason = [o.reason, input.reason];
    set.reason = input.reason;
  }
  return { changes, set };
}

/** The outage's buildings before and after a change, and those added and removed. */
async function changedBuildings(db: Db, o: Outage, actor: NonNullable<Actor>, input: ChangeInput) {
  const before = await listOutageBuildingIds(db, o.id);
  if (input.buildingIds === undefined) return { before, after: before, added: [], removed: [] };
  const chosen = await resolveBuildings(db, {
    municipalityId: o.municipalityId,
    service: o.service,
    organisationId: scopeOf(actor, 'outage.publish') === 'organisation' ? o.organisationId : null,
    choice: { buildingIds: [...new Set(input.buildingIds)] },
  });
  const after = chosen.map((b) => b.id).sort((a, b) => a - b);
  return {
    before,
    after,
    added: after.filter((id) => !before.includes(id)),
    removed: before.filter((id) => !after.includes(id)),
  };
}
