import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { bigIdParam, problems } from '../schemas.ts';
import { changeOutage } from './change-outage.ts';
import { cancelOutage, restoreOutage } from './close-outage.ts';
import { followOutage, unfollowOutage } from './follow-outage.ts';
import { previewOutageBuildings, publishOutage } from './publish-outage.ts';
import { listOutageViews, showOutage } from './read-outages.ts';
import {
  changeInput,
  closeInput,
  listAnswer,
  listQuery,
  outageDetailSchema,
  outageSchema,
  previewAnswer,
  previewInput,
  publishInput,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Outages: publication, public lists and pages, changes with their history, restoration. */
const outageRoutes: FastifyPluginAsyncZod = async (app) => {
  readRoutes(app);
  followRoutes(app);
  publishRoutes(app, app.config.PUBLIC_URL);
  changeRoutes(app, app.config.PUBLIC_URL);
};
export default outageRoutes;

function readRoutes(app: App) {
  app.get(
    '/outages',
    {
      config: { access: { action: 'outage.read' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listOutages',
        tags: ['outages'],
        summary: 'Отключения / Outages',
        description:
          'Public: active outages by default (`status=all` for every one), with filters by map box, building, district, service, organisation.',
        querystring: listQuery,
        response: { 200: listAnswer, ...problems },
      },
    },
    async (request) => listOutageViews(contextOf(request), request.query),
  );

  app.get(
    '/outages/:id',
    {
      config: { access: { action: 'outage.read', record: 'outage' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getOutage',
        tags: ['outages'],
        summary: 'Отключение с историей / An outage with its history',
        params: bigIdParam,
        response: { 200: outageDetailSchema, ...problems },
      },
    },
    async (request) => showOutage(contextOf(request), request.params.id),
  );
}

function followRoutes(app: App) {
  // Following an outage is the resident's alternative to filing an appeal about it, so it takes
  // the same permission as following an appeal.
  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/outages/:id/follow',
      config: { access: { action: 'appeal.follow', record: 'outage' } },
      schema: {
        operationId: method === 'POST' ? 'followOutage' : 'unfollowOutage',
        tags: ['outages'],
        summary: method === 'POST' ? 'Следить за отключением / Follow an outage' : 'Не следить / Stop following',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
      handler: async (request, reply) => {
        const follow = method === 'POST' ? followOutage : unfollowOutage;
        await follow(contextOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    });
  }
}

function publishRoutes(app: App, publicUrl: string) {
  app.post(
    '/outages/preview',
    {
      config: { access: { action: 'outage.publish' } },
      schema: {
        operationId: 'previewOutageBuildings',
        tags: ['outages'],
        summary: 'Какие дома попадут в отключение / The buildings an outage would cover',
        description:
          'Before publishing: the buildings a list, a drawn area or a district names, each with whether the publisher serves it (only those are published).',
        body: previewInput,
        response: { 200: previewAnswer, ...problems },
      },
    },
    async (request) => previewOutageBuildings(contextOf(request), request.body),
  );

  app.post(
    '/outages',
    {
      config: { access: { action: 'outage.publish' } },
      schema: {
        operationId: 'publishOutage',
        tags: ['outages'],
        summary: 'Опубликовать отключение / Publish an outage',
        description:
          'Buildings from a list (all must be served by the publisher for the service), inside a drawn polygon or a whole district (the served ones). ' +
          '409 names an active outage of the same service already covering one of the buildings at an overlapping time.',
        body: publishInput,
        response: { 201: outageSchema, ...problems },
      },
    },
    async (request, reply) => {
      const { id, outage } = await publishOutage(contextOf(request), request.body, publicUrl);
      return reply.code(201).header('location', `/api/outages/${id}`).send(outage);
    },
  );
}

function changeRoutes(app: App, publicUrl: string) {
  const access = { action: 'outage.publish', record: 'outage', visibleTo: 'outage.read' } as const;
  app.patch(
    '/outages/:id',
    {
      config: { access },
      schema: {
        operationId: 'changeOutage',
        tags: ['outages'],
        summary: 'Изменить отключение / Change an outage',
        description:
          'Expected end, reason, buildings (the full new list); optimistic `expectedVersion`. Each change is recorded with old and new values; residents are told.',
        params: bigIdParam,
        body: changeInput,
        response: { 200: outageSchema, ...problems },
      },
    },
    async (request) => changeOutage(contextOf(request), request.params.id, request.body, publicUrl),
  );

  app.post(
    '/outages/:id/restore',
    {
      config: { access },
      schema: {
        operationId: 'restoreOutage',
        tags: ['outages'],
        summary: 'Подача восстановлена / Service restored',
        params: bigIdParam,
        body: closeInput,
        response: { 200: outageSchema, ...problems },
      },
    },
    async (request) => restoreOutage(contextOf(request), request.params.id, request.body, publicUrl),
  );

  app.post(
    '/outages/:id/cancel',
    {
      config: { access },
      schema: {
        operationId: 'cancelOutage',
        tags: ['outages'],
        summary: 'Отменить отключение / Cancel an outage',
        params: bigIdParam,
        body: closeInput.omit({ restoredAt: true }),
        response: { 200: outageSchema, ...problems },
      },
    },
    async (request) => cancelOutage(contextOf(request), request.params.id, request.body, publicUrl),
  );
}
