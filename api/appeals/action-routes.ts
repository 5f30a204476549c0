import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BadRequest, Unauthorized } from '../errors.ts';
import { contextOf } from '../context.ts';
import { parseInput, problems } from '../schemas.ts';
import { readMultipart, type StoredPhoto } from '../uploads.ts';
import { actOnAppeal, listAllowedActions } from './act-on-appeal.ts';
import { actionAppealKey, actionForm, actionInput, actionStateSchema } from './schemas.ts';
import { actionStateOf, keyOf } from './views.ts';

const numericFields = new Set(['expectedVersion', 'targetAppealId', 'rating', 'targetOrgId', 'categoryId']);
/** Form fields are text: the numeric ones are read as numbers before validation. */
const numbersIn = (fields: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      numericFields.has(k) && typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v,
    ]),
  );

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
        params: actionAppealKey,
        response: { 200: actionStateSchema, ...problems },
      },
    },
    async (request) => {
      if (!request.actor) throw new Unauthorized();
      const { appeal, allowed } = await listAllowedActions(contextOf(request), keyOf(request.params.id));
      return actionStateOf(appeal, allowed);
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
        params: actionAppealKey,
        // Optional so that a multipart form (read below) gets through; JSON is validated here.
        body: actionInput.nullish(),
        // The form is read and validated by the handler: documented here, not validated by fastify. The JSON
        // documented is the action itself: a body that is none of it (null) is refused by the handler.
        documentedBody: { 'application/json': actionInput, 'multipart/form-data': actionForm },
        response: { 200: actionStateSchema, ...problems },
      },
    },
    async (request) => {
      if (!request.actor) throw new Unauthorized();
      let body = request.body;
      let photos: StoredPhoto[] = [];
      if (request.isMultipart()) {
        const form = await readMultipart(request.parts(), app.config.uploadsDir);
        body = parseInput(actionInput, numbersIn(form.fields), 'body');
        photos = form.photos;
      }
      if (!body)
        throw new BadRequest({ id: 'appeal.action_body_required' }, [
          { field: 'body.action', reason: { id: 'field.required' } },
        ]);
      const { action, ...input } = body;
      const result = await actOnAppeal(contextOf(request), keyOf(request.params.id), action, input, photos);
      request.log.info(
        { appealId: result.appeal.id, action, to: result.appeal.status, reroute: result.reroute?.outcome },
        'appeal transition',
      );
      return {
        ...actionStateOf(result.appeal, result.allowed),
        ...(result.reroute ? { reroute: result.reroute } : {}),
      };
    },
  );
};

export default appealActionRoutes;
