import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { parseInput, problems } from '../schemas.ts';
import { readMultipart, type StoredPhoto } from '../uploads.ts';
import { fileAppeal } from './file-appeal.ts';
import {
  appealForm,
  appealInput,
  appealKey,
  appealViewSchema,
  attachmentParams,
  eventSchema,
  fullAppealSchema,
  idempotencyKey,
  listQuery,
  publicAppealSchema,
  similarQuery,
} from './schemas.ts';
import {
  findSimilarAppeals,
  followAppeal,
  listAppealsFor,
  readAppeal,
  readAppealHistory,
  readAttachment,
  unfollowAppeal,
} from './service.ts';
import { keyOf } from './views.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Appeals over HTTP: filing, reading, the history, following, similar appeals and photos. */
const appealRoutes: FastifyPluginAsyncZod = async (app) => {
  filingRoutes(app);
  followRoutes(app);
  readingRoutes(app);
  photoRoutes(app);
};
export default appealRoutes;

/** Before filing (similar appeals), and filing. */
function filingRoutes(app: App): void {
  app.post(
    '/appeals',
    {
      config: { access: { action: 'appeal.create' } },
      schema: {
        operationId: 'createAppeal',
        tags: ['appeals'],
        summary: 'Подать обращение / File an appeal',
        description:
          'application/json or multipart/form-data with the same fields (AppealInput) and up to 5 photos ' +
          '(field `photos`, JPEG/PNG/WebP ≤ 10 MB each, recognised by content; EXIF and GPS are removed). ' +
          'An Idempotency-Key header makes retries safe.',
        headers: z.object({ 'idempotency-key': idempotencyKey }),
        // Read by the handler once the actor may file (JSON or a form): documented here, not validated by fastify.
        documentedBody: { 'application/json': appealInput, 'multipart/form-data': appealForm },
        response: { 201: fullAppealSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      let raw: unknown;
      let photos: StoredPhoto[] = [];
      if (request.isMultipart()) {
        const form = await readMultipart(request.parts(), app.config.uploadsDir);
        raw = form.fields;
        photos = form.photos;
      } else {
        raw = request.body ?? {};
      }
      const input = parseInput(appealInput, raw, 'body');
      const filing = { input, photos, idempotencyKey: request.headers['idempotency-key'] };
      const filed = await fileAppeal(contextOf(request), filing, app.reference);
      if (filed.replayed) {
        reply.header('idempotent-replayed', 'true');
        return reply.code(201).send(filed.appeal);
      }
      return reply.code(201).header('location', `/api/appeals/${filed.appeal.number}`).send(filed.appeal);
    },
  );

  app.get(
    '/appeals/similar',
    {
      config: { access: { action: 'appeal.read_public' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listSimilarAppeals',
        tags: ['appeals'],
        summary: 'Похожие открытые обращения рядом / Open appeals that may be the same problem',
        description:
          'Before filing: open public appeals of the same category group in the same building, or within ' +
          '50 m outdoors, from the last 48 hours, nearest first. The resident may follow one instead.',
        querystring: similarQuery,
        response: {
          200: z.object({
            items: z.array(publicAppealSchema.extend({ view: z.enum(['public']), distanceMetres: z.number() })),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({ items: await findSimilarAppeals(contextOf(request), request.query, app.reference) }),
  );
}

/** Following an appeal (instead of filing the same problem again), and stopping. */
function followRoutes(app: App): void {
  for (const method of ['POST', 'DELETE'] as const) {
    app.route({
      method,
      url: '/appeals/:id/follow',
      config: { access: { action: 'appeal.follow', record: 'appeal' } },
      schema: {
        operationId: method === 'POST' ? 'followAppeal' : 'unfollowAppeal',
        tags: ['appeals'],
        summary: method === 'POST' ? 'Следить за обращением / Follow an appeal' : 'Не следить / Stop following',
        params: appealKey,
        response: { 204: z.null(), ...problems },
      },
      handler: async (request, reply) => {
        const follow = method === 'POST' ? followAppeal : unfollowAppeal;
        await follow(contextOf(request), keyOf(request.params.id));
        return reply.code(204).send(null);
      },
    });
  }
}

/** One appeal, its history, and the scoped list. */
function readingRoutes(app: App): void {
  app.get(
    '/appeals/:id',
    {
      config: { access: { action: 'appeal.read', record: 'appeal', anonymousNotFound: true }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getAppeal',
        tags: ['appeals'],
        summary: 'Обращение по номеру или id / An appeal by number or id',
        params: appealKey,
        response: { 200: appealViewSchema, ...problems },
      },
    },
    async (request) => readAppeal(contextOf(request), keyOf(request.params.id), (at) => accessContext(request, at)),
  );

  app.get(
    '/appeals/:id/events',
    {
      config: { access: { action: 'appeal.read', record: 'appeal', anonymousNotFound: true }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listAppealEvents',
        tags: ['appeals'],
        summary: 'История обращения / An appeal’s history',
        params: appealKey,
        response: { 200: z.object({ items: z.array(eventSchema) }), ...problems },
      },
    },
    async (request) => ({ items: await readAppealHistory(contextOf(request), keyOf(request.params.id)) }),
  );

  app.get(
    '/appeals',
    {
      config: { access: { action: 'appeal.read_public' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listAppeals',
        tags: ['appeals'],
        summary: 'Список обращений / List appeals',
        description:
          'Scoped by role: residents see their own appeals, organisations the ones assigned to them, ' +
          'dispatchers, city hall and admins their municipality; anonymous visitors and view=public get the public view.',
        querystring: listQuery,
        response: {
          200: z.object({ items: z.array(appealViewSchema), nextCursor: z.string().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => listAppealsFor(contextOf(request), request.query),
  );
}

/** An appeal's photos, as files. */
function photoRoutes(app: App): void {
  app.get(
    '/attachments/:id',
    {
      config: { access: { action: 'appeal.read', record: 'appeal', anonymousNotFound: true }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getAttachment',
        tags: ['appeals'],
        summary: 'Фото обращения / An appeal photo',
        params: attachmentParams,
        response: { 200: z.string().meta({ format: 'binary', description: 'JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      const photo = await readAttachment(contextOf(request), request.params.id);
      const file = path.join(app.config.uploadsDir, photo.storagePath);
      // A public appeal's photo is kept a day by anyone; any other answer is not kept (api/plugins/caching.ts).
      return reply
        .type(photo.mediaType)
        .header('cache-control', photo.public ? 'public, max-age=86400, immutable' : 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `inline; filename="photo-${photo.id}.${photo.storagePath.split('.').at(-1)}"`)
        .send(createReadStream(file) as unknown as string);
    },
  );
}
