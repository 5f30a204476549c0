/**
 * Acting on an appeal for a person: the references it names are checked, the state machine
 * decides, the transition and its event are written under the appeal's row lock, and the effects
 * this process owns (followers, re-routing, clocks and timers, notifications) run in the same
 * transaction. Shared by the single-appeal action route and the dispatcher's bulk hand-over
 * (api/board/service.ts).
 */
import type { Db } from '../../db/client.ts';
import { addFollower, applyAppealTransition, lockAppealForTransition } from '../../db/queries/appeals.ts';
import { insertAttachments } from '../../db/queries/attachments.ts';
import { getCategory } from '../../db/queries/categories.ts';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import {
  allowedActions,
  decide,
  type LifecycleAction,
  type LifecycleAppeal,
  type LifecycleInput,
  type UserActor,
} from '../../dispatch/lifecycle.ts';
import { can } from '../../dispatch/permissions.ts';
import { refreshClocks } from '../sla/clocks.ts';
import { notifyTransition } from '../notifications/write-notices.ts';
import { type RerouteOutcome, rerouteAppeal } from '../routing/route-appeal.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, HttpProblem, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import type { StoredPhoto } from '../uploads.ts';
import { type AppealKey, resourceOf } from './views.ts';

/** Actions a photo may come with: the fix, the resident's reply or dispute, a public comment. */
export const actionsWithPhotos: readonly LifecycleAction[] = ['resolve', 'provide_info', 'dispute', 'comment'];

export type ActionResult = {
  appeal: LifecycleAppeal & { number: string };
  allowed: ReturnType<typeof allowedActions>;
  reroute: RerouteOutcome | null;
};

/** An action, or a choice of one by the appeal's state under the lock (the dispatcher's hand-over). */
export type ActionChoice = LifecycleAction | ((status: LifecycleAppeal['status']) => LifecycleAction);

function signedIn(ctx: Context): UserActor {
  if (!ctx.actor) throw new Unauthorized();
  return ctx.actor;
}

/** The appeal under a row lock, or 404 when it does not exist for this actor. */
async function lockReadableAppeal(db: Db, actor: UserActor, key: AppealKey) {
  const appeal = await lockAppealForTransition(db, key);
  // An appeal one may not read does not exist for them.
  if (!appeal || !can(actor, 'appeal.read', resourceOf(appeal))) throw new NotFound('appeal');
  return appeal;
}

/** What the actor may do to the appeal now, read under its row lock like an action would. */
export async function listAllowedActions(ctx: Context, key: AppealKey) {
  const actor = signedIn(ctx);
  const appeal = await inTransaction(ctx, (tx) => lockReadableAppeal(tx.db, actor, key));
  return { appeal, allowed: allowedActions(appeal, actor, ctx.clock()) };
}

/**
 * Carry out one action in one transaction; refusals are HTTP problems (403, 404, 409, 422).
 * `action` may depend on the appeal's state as it stands under the lock.
 */
export async function actOnAppeal(
  ctx: Context,
  key: AppealKey,
  action: ActionChoice,
  input: LifecycleInput,
  photos: readonly StoredPhoto[] = [],
): Promise<ActionResult> {
  const actor = signedIn(ctx);
  const now = ctx.clock();
  if (typeof action === 'string') refusePhotos(action, input, photos);
  return inTransaction(ctx, async (tx) => {
    const appeal = await lockReadableAppeal(tx.db, actor, key);
    const chosen = typeof action === 'string' ? action : action(appeal.status);
    refusePhotos(chosen, input, photos);
    await checkReferences(tx.db, appeal, input);
    // Stored first so the event can name them; a refusal below rolls them back with everything else.
    const stored = await insertAttachments(
      tx.db,
      photos.map((p) => ({ ...p, appealId: appeal.id, ownerId: actor.userId, createdAt: now })),
    );
    const withPhotos = stored.length > 0 ? { ...input, photos: stored.map((p) => String(p.id)) } : input;
    const decision = decide(appeal, chosen, actor, withPhotos, now);
    if (!decision.ok) throw refusal(decision.error, appeal);
    const { next, event, effects } = decision;
    const applied = await applyAppealTransition(tx.db, appeal.id, appeal.version, next, event, now);
    // Unreachable while the row is locked; kept so a change of locking cannot lose an update.
    if (!applied) throw new Conflict({ id: 'appeal.version_conflict' }, { code: 'version_conflict' });
    let reroute: RerouteOutcome | null = null;
    for (const effect of effects) {
      if (effect.type === 'follower') await addFollower(tx.db, effect.appealId, effect.userId, now);
      if (effect.type === 'reroute') reroute = await rerouteAppeal({ db: tx.db, boss: tx.boss }, appeal.id, now);
    }
    // The clocks follow the new state, category and priority; the next escalation step is re-armed.
    await refreshClocks({ db: tx.db, boss: tx.boss }, appeal.id, now);
    await notifyTransition(tx, { appealId: appeal.id, event, effects }, now);
    const current = reroute?.outcome === 'moved' ? await lockAppealForTransition(tx.db, { id: appeal.id }) : null;
    const final = current ?? { ...next, number: appeal.number };
    return { appeal: { ...final, number: appeal.number }, allowed: allowedActions(final, actor, now), reroute };
  });
}

/** Photos are shown with the appeal to everyone who may read it: never with internal notes. */
function refusePhotos(action: LifecycleAction, input: LifecycleInput, photos: readonly StoredPhoto[]): void {
  if (
    photos.length === 0 ||
    (actionsWithPhotos.includes(action) && !(action === 'comment' && input.visibility === 'internal'))
  )
    return;
  throw new Unprocessable({ id: 'appeal.photos_not_allowed' }, [
    {
      field: 'photos',
      reason: { id: 'appeal.field.photos_go_with', params: { actions: actionsWithPhotos.join(', ') } },
    },
  ]);
}

type Refused = Extract<ReturnType<typeof decide>, { ok: false }>['error'];

/** The state machine's refusal as the problem the person gets. */
function refusal(error: Refused, appeal: { version: number; status: LifecycleAppeal['status'] }): HttpProblem {
  const { kind, allowed, field, reason } = error;
  if (kind === 'forbidden') return new HttpProblem(403, 'forbidden', reason, { extra: { allowed } });
  if (kind === 'missing_input') {
    return new HttpProblem(422, 'missing-input', reason, {
      errors: [{ field: `body.${field ?? 'action'}`, reason }],
      extra: { allowed },
    });
  }
  // The conflict's code stays the state machine's kind (version_conflict, invalid_transition,
  // window_closed): clients already tell them apart by it.
  return new Conflict(reason, { code: kind, allowed, currentVersion: appeal.version, currentStatus: appeal.status });
}

/** The organisation, category and appeal an input names must exist in the appeal's municipality. */
async function checkReferences(
  db: Db,
  appeal: { id: number; municipalityId: number },
  input: LifecycleInput,
): Promise<void> {
  if (input.targetOrgId !== undefined) {
    const org = await getOrganisationRef(db, input.targetOrgId);
    if (!org || org.municipalityId !== appeal.municipalityId) {
      throw new Unprocessable({ id: 'appeal.organisation_unknown' }, [
        { field: 'body.targetOrgId', reason: { id: 'field.no_such_organisation_here' } },
      ]);
    }
  }
  if (input.categoryId !== undefined) {
    const category = await getCategory(db, input.categoryId);
    if (!category || category.municipalityId !== appeal.municipalityId) {
      throw new Unprocessable({ id: 'appeal.category_unknown' }, [
        { field: 'body.categoryId', reason: { id: 'field.no_such_category_here' } },
      ]);
    }
    if (!category.active) {
      throw new Unprocessable({ id: 'appeal.category_inactive' }, [
        { field: 'body.categoryId', reason: { id: 'appeal.field.category_deactivated' } },
      ]);
    }
  }
  if (input.targetAppealId !== undefined) await checkTargetAppeal(db, appeal, input.targetAppealId);
}

/** A merge's target: an appeal of the same municipality that is still itself. */
async function checkTargetAppeal(db: Db, appeal: { municipalityId: number }, targetAppealId: number): Promise<void> {
  const target = await lockAppealForTransition(db, { id: targetAppealId });
  if (!target || target.municipalityId !== appeal.municipalityId) {
    throw new Unprocessable({ id: 'appeal.target_unknown' }, [
      { field: 'body.targetAppealId', reason: { id: 'field.no_such_appeal_here' } },
    ]);
  }
  // Merging into an appeal that is itself merged or withdrawn would lose the residents who follow it.
  if (target.status === 'duplicate' || target.status === 'cancelled') {
    throw new Unprocessable({ id: 'appeal.target_closed' }, [
      { field: 'body.targetAppealId', reason: { id: 'appeal.field.target_status', params: { status: target.status } } },
    ]);
  }
}
