import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addFollower, applyAppealTransition, lockAppealForTransition } from '../../db/queries/appeals.ts';
import { getCategory } from '../../db/queries/categories.ts';
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import { appealStatuses, priorities } from '../../db/schema/index.ts';
import { allowedActions, decide, type LifecycleAppeal, lifecycleActions } from '../../dispatch/lifecycle.ts';
import { can } from '../../dispatch/permissions.ts';
import { refreshClocks } from '../../jobs/clocks.ts';
import { Conflict, HttpProblem, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { problems, userText } from '../schemas.ts';

const appealKey = z.object({
  id: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{2,8}-\d{4}-\d{6,})$/, 'номер обращения или id / an appeal number or id'),
});
const keyOf = (id: string) => (/^\d+$/.test(id) ? { id: Number(id) } : { number: id });
const positiveId = z.coerce.number().int().positive().max(2 ** 31 - 1);

const actionInput = z
  .object({
    action: z.enum(lifecycleActions),
    expectedVersion: z.number().int().positive().optional(),
    note: userText(4000).optional(),
    reason: userText(2000).optional(),
    targetOrgId: positiveId.optional(),
    targetAppealId: z.number().int().positive().max(2 ** 53 - 1).optional(),
    rating: z.number().int().min(1, 'оценка 1–5 / rating 1–5').max(5, 'оценка 1–5 / rating 1–5').optional(),
    categoryId: positiveId.optional(),
    priority: z.enum(priorities).optional(),
    visibility: z.enum(['public', 'internal']).optional(),
  })
  .meta({ id: 'AppealActionInput' });

const stateSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    assignedOrgId: z.number().int().nullable(),
    version: z.number().int(),
    allowed: z.array(z.enum(lifecycleActions)),
  })
  .meta({ id: 'AppealActionState' });

const stateOf = (a: LifecycleAppeal & { number: string }, allowed: readonly (typeof lifecycleActions)[number][]) => ({
  id: a.id,
  number: a.number,
  status: a.status,
  assignedOrgId: a.assignedOrgId,
  version: a.version,
  allowed: [...allowed],
});

/** The lifecycle over HTTP: what the actor may do to an appeal now, and doing it. */
const appealActionRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/appeals/:id/actions',
    {
      schema: {
        operationId: 'listAppealActions',
        tags: ['appeals'],
        summary: 'Доступные действия / What you may do to an appeal now',
        params: appealKey,
        response: { 200: stateSchema, ...problems },
      },
    },
    async (request) => {
      if (!request.actor) throw new Unauthorized();
      const appeal = await app.db.transaction((tx) => lockAppealForTransition(tx, keyOf(request.params.id)));
      if (!appeal || !can(request.actor, 'appeal.read', resourceOf(appeal))) throw new NotFound('Обращение / Appeal');
      return stateOf(appeal, allowedActions(appeal, request.actor, app.clock()));
    },
  );

  app.post(
    '/appeals/:id/actions',
    {
      schema: {
        operationId: 'actOnAppeal',
        tags: ['appeals'],
        summary: 'Действие с обращением / Act on an appeal (accept, resolve, reassign, …)',
        description:
          'One lifecycle transition. 409 with the allowed actions when the action does not fit the state ' +
          'or expectedVersion is stale; 422 naming the missing input; 403 when the actor may not.',
        params: appealKey,
        body: actionInput,
        response: { 200: stateSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) throw new Unauthorized();
      const input = request.body;
      const now = app.clock();
      return app.db.transaction(async (tx) => {
        const appeal = await lockAppealForTransition(tx, keyOf(request.params.id));
        // An appeal one may not read does not exist for them.
        if (!appeal || !can(actor, 'appeal.read', resourceOf(appeal))) throw new NotFound('Обращение / Appeal');
        if (input.targetOrgId !== undefined) {
          const org = await getOrganisationRef(tx, input.targetOrgId);
          if (!org || org.municipalityId !== appeal.municipalityId) {
            throw new Unprocessable('Нет такой организации. Unknown organisation.', [
              { field: 'body.targetOrgId', reason: 'нет такой организации в этом муниципалитете / no such organisation here' },
            ]);
          }
        }
        if (input.categoryId !== undefined) {
          const category = await getCategory(tx, input.categoryId);
          if (!category || category.municipalityId !== appeal.municipalityId) {
            throw new Unprocessable('Нет такой категории. Unknown category.', [
              { field: 'body.categoryId', reason: 'нет такой категории в этом муниципалитете / no such category here' },
            ]);
          }
        }
        if (input.targetAppealId !== undefined) {
          const target = await lockAppealForTransition(tx, { id: input.targetAppealId });
          if (!target || target.municipalityId !== appeal.municipalityId) {
            throw new Unprocessable('Нет такого обращения. Unknown appeal.', [
              { field: 'body.targetAppealId', reason: 'нет такого обращения в этом муниципалитете / no such appeal here' },
            ]);
          }
        }
        const { action, ...rest } = input;
        const decision = decide(appeal, action, actor, rest, now);
        if (!decision.ok) {
          const { kind, allowed, field, reason } = decision.error;
          const detail = `${reason.ru}. ${reason.en}.`;
          if (kind === 'forbidden') throw new HttpProblem(403, 'forbidden', detail, { extra: { allowed } });
          if (kind === 'missing_input') {
            throw new HttpProblem(422, 'missing-input', detail, { errors: [{ field: `body.${field ?? 'action'}`, reason: `${reason.ru} / ${reason.en}` }], extra: { allowed } });
          }
          throw new Conflict(detail, { code: kind, allowed, currentVersion: appeal.version, currentStatus: appeal.status });
        }
        const { next, event, effects } = decision;
        const applied = await applyAppealTransition(
          tx,
          appeal.id,
          appeal.version,
          next,
          event,
          now,
        );
        // Unreachable while the row is locked; kept so a change of locking cannot lose an update.
        if (!applied) throw new Conflict('Обращение уже изменили. The appeal has changed.', { code: 'version_conflict' });
        for (const effect of effects) {
          if (effect.type === 'follower') await addFollower(tx, effect.appealId, effect.userId, now);
        }
        await refreshClocks(tx, app.boss, appeal.id, now);
        request.log.info({ appealId: appeal.id, action, from: appeal.status, to: next.status }, 'appeal transition');
        return stateOf({ ...next, number: appeal.number }, allowedActions(next, actor, now));
      });
    },
  );
};

function resourceOf(a: { municipalityId: number; assignedOrgId: number | null; authorId: number }) {
  return { municipalityId: a.municipalityId, organisationIds: [a.assignedOrgId], ownerId: a.authorId };
}

export default appealActionRoutes;
