/**
 * Carrying out one lifecycle action for a person: the references it names are checked, the state
 * machine decides, the transition and its event are written under the appeal's row lock, and the
 * effects this process owns (followers, re-routing, clocks and timers) run in the same transaction.
 * Shared by the single-appeal action route and the dispatcher's bulk actions.
 */
import type { Database, Db } from '../db/client.ts';
import {
  addFollower,
  applyAppealTransition,
  insertAttachments,
  lockAppealForTransition,
} from '../db/queries/appeals.ts';
import { getCategory } from '../db/queries/categories.ts';
import { getOrganisationRef } from '../db/queries/organisations.ts';
import {
  allowedActions,
  decide,
  type LifecycleAction,
  type LifecycleAppeal,
  type LifecycleInput,
  type UserActor,
} from '../dispatch/lifecycle.ts';
import { can } from '../dispatch/permissions.ts';
import type { Boss } from '../jobs/queues.ts';
import { refreshClocks } from './sla/clocks.ts';
import { notifyTransition } from '../jobs/notifications.ts';
import { type RerouteOutcome, rerouteAppeal } from './routing/route-appeal.ts';
import { Conflict, HttpProblem, NotFound, Unprocessable } from './errors.ts';
import type { StoredPhoto } from './uploads.ts';

/** Actions a photo may come with: the fix, the resident's reply or dispute, a public comment. */
export const actionsWithPhotos: readonly LifecycleAction[] = ['resolve', 'provide_info', 'dispute', 'comment'];

export type AppealKey = { id: number } | { number: string };

export type ActionResult = {
  appeal: LifecycleAppeal & { number: string };
  allowed: ReturnType<typeof allowedActions>;
  reroute: RerouteOutcome | null;
};

const resourceOf = (a: { municipalityId: number; assignedOrgId: number | null; authorId: number }) => ({
  municipalityId: a.municipalityId,
  organisationIds: [a.assignedOrgId],
  ownerId: a.authorId,
});

/** The appeal under a row lock, or 404 when it does not exist for this actor. */
export async function lockReadableAppeal(db: Db, actor: UserActor, key: AppealKey) {
  const appeal = await lockAppealForTransition(db, key);
  // An appeal one may not read does not exist for them.
  if (!appeal || !can(actor, 'appeal.read', resourceOf(appeal))) throw new NotFound('Обращение / Appeal');
  return appeal;
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
      throw new Unprocessable('Нет такой организации. Unknown organisation.', [
        {
          field: 'body.targetOrgId',
          reason: 'нет такой организации в этом муниципалитете / no such organisation here',
        },
      ]);
    }
  }
  if (input.categoryId !== undefined) {
    const category = await getCategory(db, input.categoryId);
    if (!category || category.municipalityId !== appeal.municipalityId) {
      throw new Unprocessable('Нет такой категории. Unknown category.', [
        { field: 'body.categoryId', reason: 'нет такой категории в этом муниципалитете / no such category here' },
      ]);
    }
    if (!category.active) {
      throw new Unprocessable('Эта тема больше не используется. The category is no longer in use.', [
        { field: 'body.categoryId', reason: 'тема отключена / the category is deactivated' },
      ]);
    }
  }
  if (input.targetAppealId !== undefined) {
    const target = await lockAppealForTransition(db, { id: input.targetAppealId });
    if (!target || target.municipalityId !== appeal.municipalityId) {
      throw new Unprocessable('Нет такого обращения. Unknown appeal.', [
        { field: 'body.targetAppealId', reason: 'нет такого обращения в этом муниципалитете / no such appeal here' },
      ]);
    }
    // Merging into an appeal that is itself merged or withdrawn would lose the residents who follow it.
    if (target.status === 'duplicate' || target.status === 'cancelled') {
      throw new Unprocessable(
        'Основное обращение само закрыто как дубликат или отозвано. The target appeal is itself a duplicate or cancelled.',
        [
          {
            field: 'body.targetAppealId',
            reason: `основное обращение в статусе «${target.status}» / the target is ${target.status}`,
          },
        ],
      );
    }
  }
}

/**
 * Carry out one action in one transaction; refusals are HTTP problems (403, 404, 409, 422).
 * `action` may depend on the appeal's state as it stands under the lock (the dispatcher's
 * hand-over: assign when nobody holds it, reassign when an organisation does).
 */
export async function actOnAppeal(
  db: Database,
  boss: Boss,
  actor: UserActor,
  key: AppealKey,
  action: LifecycleAction | ((status: LifecycleAppeal['status']) => LifecycleAction),
  input: LifecycleInput,
  now: Date,
  photos: readonly StoredPhoto[] = [],
): Promise<ActionResult> {
  const refusePhotos = (a: LifecycleAction) => {
    if (photos.length === 0 || (actionsWithPhotos.includes(a) && !(a === 'comment' && input.visibility === 'internal')))
      return;
    // Photos are shown with the appeal to everyone who may read it: never with internal notes.
    throw new Unprocessable('Фото к этому действию не прикладываются. Photos do not go with this action.', [
      {
        field: 'photos',
        reason: `фото можно приложить к: ${actionsWithPhotos.join(', ')} (публично) / photos go with: ${actionsWithPhotos.join(', ')} (public)`,
      },
    ]);
  };
  if (typeof action === 'string') refusePhotos(action);
  return db.transaction(async (tx) => {
    const appeal = await lockReadableAppeal(tx, actor, key);
    const chosen = typeof action === 'string' ? action : action(appeal.status);
    refusePhotos(chosen);
    await checkReferences(tx, appeal, input);
    // Stored first so the event can name them; a refusal below rolls them back with everything else.
    const stored = await insertAttachments(
      tx,
      photos.map((p) => ({ ...p, appealId: appeal.id, ownerId: actor.userId, createdAt: now })),
    );
    const withPhotos = stored.length > 0 ? { ...input, photos: stored.map((p) => String(p.id)) } : input;
    const decision = decide(appeal, chosen, actor, withPhotos, now);
    if (!decision.ok) {
      const { kind, allowed, field, reason } = decision.error;
      const detail = `${reason.ru}. ${reason.en}.`;
      if (kind === 'forbidden') throw new HttpProblem(403, 'forbidden', detail, { extra: { allowed } });
      if (kind === 'missing_input') {
        throw new HttpProblem(422, 'missing-input', detail, {
          errors: [{ field: `body.${field ?? 'action'}`, reason: `${reason.ru} / ${reason.en}` }],
          extra: { allowed },
        });
      }
      throw new Conflict(detail, { code: kind, allowed, currentVersion: appeal.version, currentStatus: appeal.status });
    }
    const { next, event, effects } = decision;
    const applied = await applyAppealTransition(tx, appeal.id, appeal.version, next, event, now);
    // Unreachable while the row is locked; kept so a change of locking cannot lose an update.
    if (!applied) throw new Conflict('Обращение уже изменили. The appeal has changed.', { code: 'version_conflict' });
    let reroute: RerouteOutcome | null = null;
    for (const effect of effects) {
      if (effect.type === 'follower') await addFollower(tx, effect.appealId, effect.userId, now);
      if (effect.type === 'reroute') reroute = await rerouteAppeal({ db: tx, boss }, appeal.id, now);
    }
    // The clocks follow the new state, category and priority; the next escalation step is re-armed.
    await refreshClocks({ db: tx, boss }, appeal.id, now);
    await notifyTransition(tx, boss, { appealId: appeal.id, event, effects }, now);
    const current = reroute?.outcome === 'moved' ? await lockAppealForTransition(tx, { id: appeal.id }) : null;
    const final = current ?? { ...next, number: appeal.number };
    return { appeal: { ...final, number: appeal.number }, allowed: allowedActions(final, actor, now), reroute };
  });
}
