import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appealStatuses, priorities } from '../../db/schema/index.ts';
import { allowedActions, type LifecycleAppeal, lifecycleActions } from '../../dispatch/lifecycle.ts';
import { BadRequest, Unauthorized } from '../errors.ts';
import { actOnAppeal, lockReadableAppeal } from '../lifecycle.ts';
import { bigRecordId, parseInput, problems, recordId, userText } from '../schemas.ts';
import { photoParts, readMultipart, type StoredPhoto } from '../uploads.ts';

const appealKey = z.object({
  id: z.string().regex(/^(\d{1,15}|[A-Za-z0-9]{2,8}-\d{4}-\d{6,})$/, 'номер обращения или id / an appeal number or id'),
});
const keyOf = (id: string) => (/^\d+$/.test(id) ? { id: Number(id) } : { number: id });

const actionInput = z
  .object({
    action: z.enum(lifecycleActions),
    expectedVersion: z.number().int().positive().optional(),
    note: userText(4000).optional(),
    reason: userText(2000).optional(),
    targetOrgId: recordId.optional(),
    targetAppealId: bigRecordId.optional(),
    rating: z.number().int().min(1, 'оценка 1–5 / rating 1–5').max(5, 'оценка 1–5 / rating 1–5').optional(),
    categoryId: recordId.optional(),
    priority: z.enum(priorities).optional(),
    visibility: z.enum(['public', 'internal']).optional(),
  })
  .meta({ id: 'AppealActionInput' });
/** The same fields as a multipart form (see numbersIn), with the photos. */
const actionForm = actionInput.extend({ photos: photoParts }).meta({ id: 'AppealActionForm' });

const numericFields = new Set(['expectedVersion', 'targetAppealId', 'rating', 'targetOrgId', 'categoryId']);
/** Form fields are text: the numeric ones are read as numbers before validation. */
const numbersIn = (fields: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      numericFields.has(k) && typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v,
    ]),
  );

const stateSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    assignedOrgId: z.number().int().nullable(),
    version: z.number().int(),
    allowed: z.array(z.enum(lifecycleActions)),
    /** After a category change: whether routing moved the appeal to another organisation. */
    reroute: z
      .union([
        z.object({ outcome: z.enum(['unchanged', 'moved']), organisationId: z.number().int() }),
        z.object({ outcome: z.literal('unroutable'), reason: z.string() }),
      ])
      .optional(),
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
      config: { access: { action: 'appeal.read', record: 'appeal' } },
      schema: {
        operationId: 'listAppealActions',
        tags: ['appeals'],
        summary: 'Доступные действия / What you may do to an appeal now',
        params: appealKey,
        response: { 200: stateSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) throw new Unauthorized();
      const appeal = await app.db.transaction((tx) => lockReadableAppeal(tx, actor, keyOf(request.params.id)));
      return stateOf(appeal, allowedActions(appeal, actor, app.clock()));
    },
  );

  app.post(
    '/appeals/:id/actions',
    {
      config: {
        access: { action: 'appeal.comment', record: 'appeal', visibleTo: 'appeal.read', visibilityFirst: true },
      },
      schema: {
        operationId: 'actOnAppeal',
        tags: ['appeals'],
        summary: 'Действие с обращением / Act on an appeal (accept, resolve, reassign, …)',
        description:
          'One lifecycle transition. 409 with the allowed actions when the action does not fit the state ' +
          'or expectedVersion is stale; 422 naming the missing input; 403 when the actor may not. ' +
          'application/json, or multipart/form-data with the same fields and up to 5 photos (field `photos`) ' +
          'for resolve, provide_info, dispute and public comments.',
        params: appealKey,
        // Optional so that a multipart form (read below) gets through; JSON is validated here.
        body: actionInput.nullish(),
        // The form is read and validated by the handler: documented here, not validated by fastify.
        documentedBody: { 'multipart/form-data': actionForm },
        response: { 200: stateSchema, ...problems },
      },
    },
    async (request) => {
      const actor = request.actor;
      if (!actor) throw new Unauthorized();
      let body = request.body;
      let photos: StoredPhoto[] = [];
      if (request.isMultipart()) {
        const form = await readMultipart(request.parts(), app.config.uploadsDir);
        body = parseInput(actionInput, numbersIn(form.fields), 'body');
        photos = form.photos;
      }
      if (!body)
        throw new BadRequest('Нужно тело запроса с действием. A body naming the action is required.', [
          { field: 'body.action', reason: 'обязательно / required' },
        ]);
      const { action, ...input } = body;
      const now = app.clock();
      const result = await actOnAppeal(app.db, app.boss, actor, keyOf(request.params.id), action, input, now, photos);
      request.log.info(
        { appealId: result.appeal.id, action, to: result.appeal.status, reroute: result.reroute?.outcome },
        'appeal transition',
      );
      return { ...stateOf(result.appeal, result.allowed), ...(result.reroute ? { reroute: result.reroute } : {}) };
    },
  );
};

export default appealActionRoutes;
