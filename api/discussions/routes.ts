import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_DOCUMENT_BYTES } from '../../dispatch/discussions.ts';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { BadRequest, HttpProblem } from '../errors.ts';
import { bigIdParam, filePart, parseInput, problems } from '../schemas.ts';
import { announceDiscussion, cancelDiscussion } from './announce.ts';
import { attachDiscussionDocument, documentTarget, removeDiscussionDocument } from './documents.ts';
import { checkDiscussionDates, createDiscussion, patchDiscussion } from './edit-discussion.ts';
import {
  discussionDocumentToDownload,
  discussionTimeline,
  listManagedDiscussions,
  listPublicDiscussions,
  showDiscussion,
} from './read-discussions.ts';
import {
  cancelInput,
  createInput,
  datesAnswer,
  datesInput,
  discussionDetail,
  documentFields,
  documentParams,
  documentSchema,
  eventsAnswer,
  listAnswer,
  listQuery,
  managedAnswer,
  patchInput,
  stepInput,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Public discussions (issue 17): the public list and page, the organiser's drafts, documents and steps. */
const discussionRoutes: FastifyPluginAsyncZod = async (app) => {
  readRoutes(app);
  manageRoutes(app);
  documentRoutes(app, app.config.uploadsDir);
  stepRoutes(app);
  datesRoute(app);
};
export default discussionRoutes;

const tags = ['discussions'];
const manage = { action: 'discussion.manage', record: 'discussion', visibleTo: 'discussion.read' } as const;

function readRoutes(app: App) {
  app.get(
    '/discussions',
    {
      config: { access: { action: 'discussion.read' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listDiscussions',
        tags,
        summary: 'Общественные обсуждения / Public discussions',
        description:
          'Public: the municipality’s announced, open and past discussions (never drafts), by status group and map box, with live counts of proposals.',
        querystring: listQuery,
        response: { 200: listAnswer, ...problems },
      },
    },
    async (request) => listPublicDiscussions(contextOf(request), request.query),
  );

  app.get(
    '/discussions/managed',
    {
      config: { access: { action: 'discussion.manage' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listManagedDiscussions',
        tags,
        summary: 'Обсуждения организатора / The organiser’s discussions',
        description: 'Drafts included: a supervisor’s organisation’s, the admin’s municipality’s.',
        response: { 200: managedAnswer, ...problems },
      },
    },
    async (request) => listManagedDiscussions(contextOf(request)),
  );

  app.get(
    '/discussions/:id',
    {
      config: { access: { action: 'discussion.read', record: 'discussion' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getDiscussion',
        tags,
        summary: 'Проект на обсуждении / A discussion’s page',
        description:
          'The territory with its buildings, documents, dates, status, organiser and counts. A draft (or one cancelled before its notice) is 404 to all but its organiser.',
        params: bigIdParam,
        response: { 200: discussionDetail, ...problems },
      },
    },
    async (request) => showDiscussion(contextOf(request), request.params.id),
  );

  app.get(
    '/discussions/:id/events',
    {
      config: {
        access: { action: 'discussion.moderate', record: 'discussion', visibleTo: 'discussion.read' },
        cache: { maxAge: 0 },
      },
      schema: {
        operationId: 'listDiscussionEvents',
        tags,
        summary: 'Ход обсуждения / A discussion’s timeline',
        description: 'Every step of the discussion and its proposals: who, when, from, to, why. For its organiser.',
        params: bigIdParam,
        response: { 200: eventsAnswer, ...problems },
      },
    },
    async (request) => discussionTimeline(contextOf(request), request.params.id),
  );
}

function manageRoutes(app: App) {
  app.post(
    '/discussions',
    {
      config: { access: { action: 'discussion.manage' } },
      schema: {
        operationId: 'createDiscussion',
        tags,
        summary: 'Подготовить обсуждение / Prepare a discussion',
        description:
          'A draft with its territory (areas with holes, cadastral plots), listed buildings and dates (the defaults when none are given). ' +
          '422 names each wrong field: a ring crossing itself or leaving the municipality, a date the law refuses.',
        body: createInput,
        response: { 201: discussionDetail, ...problems },
      },
    },
    async (request, reply) => {
      const created = await createDiscussion(contextOf(request), request.body);
      return reply.code(201).header('location', `/api/discussions/${created.id}`).send(created);
    },
  );

  app.patch(
    '/discussions/:id',
    {
      config: { access: manage },
      schema: {
        operationId: 'changeDiscussion',
        tags,
        summary: 'Изменить черновик / Change a draft',
        description: 'Only while a draft, with the version read; a new territory or list recomputes the buildings.',
        params: bigIdParam,
        body: patchInput,
        response: { 200: discussionDetail, ...problems },
      },
    },
    async (request) => patchDiscussion(contextOf(request), request.params.id, request.body),
  );
}

function datesRoute(app: App) {
  app.post(
    '/discussions/dates',
    {
      config: { access: { action: 'discussion.manage' } },
      schema: {
        operationId: 'checkDiscussionDates',
        tags,
        summary: 'Сроки обсуждения по закону / A discussion’s dates by the law',
        description:
          'The default dates for a notice day, or the given dates, with what the law (art. 5.1, the working calendar) finds wrong, per field. Writes nothing.',
        body: datesInput,
        response: { 200: datesAnswer, ...problems },
      },
    },
    async (request) => checkDiscussionDates(contextOf(request), request.body as never, languageOf(request)),
  );
}

function stepRoutes(app: App) {
  app.post(
    '/discussions/:id/announce',
    {
      config: { access: manage },
      schema: {
        operationId: 'announceDiscussion',
        tags,
        summary: 'Опубликовать оповещение / Announce',
        description:
          'Needs a document and dates the law accepts; arms the timers that open the exposition at its first local midnight and close proposals after their last day.',
        params: bigIdParam,
        body: stepInput,
        response: { 200: discussionDetail, ...problems },
      },
    },
    async (request) => announceDiscussion(contextOf(request), request.params.id, request.body.version),
  );

  app.post(
    '/discussions/:id/cancel',
    {
      config: { access: manage },
      schema: {
        operationId: 'cancelDiscussion',
        tags,
        summary: 'Отменить обсуждение / Cancel',
        description: 'With a reason, shown on the discussion’s page; up to the protocol.',
        params: bigIdParam,
        body: cancelInput,
        response: { 200: discussionDetail, ...problems },
      },
    },
    async (request) => cancelDiscussion(contextOf(request), request.params.id, request.body),
  );
}

/** The upload's title and its one file (multipart/form-data), at most 50 MB. */
async function readDocumentForm(request: FastifyRequest) {
  if (!request.isMultipart()) {
    throw new HttpProblem(415, 'unsupported-media-type', { id: 'request.multipart_expected' });
  }
  const fields: Record<string, unknown> = {};
  let file: { bytes: Buffer; name: string } | null = null;
  for await (const part of request.parts({ limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1 } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        throw new BadRequest({ id: 'discussion.one_file' }, [
          { field: part.fieldname, reason: { id: 'discussion.one_file' } },
        ]);
      }
      file = { bytes: await part.toBuffer(), name: part.filename || 'document' };
    } else fields[part.fieldname] = part.value;
  }
  const input = parseInput(documentFields, fields, 'body');
  if (!file) throw new BadRequest({ id: 'discussion.one_file' }, [{ field: 'file', reason: { id: 'field.required' } }]);
  return { title: input.title, name: file.name.slice(0, 200), bytes: file.bytes };
}

function documentRoutes(app: App, uploadsDir: string) {
  app.post(
    '/discussions/:id/documents',
    {
      config: { access: manage },
      schema: {
        operationId: 'uploadDiscussionDocument',
        tags,
        summary: 'Приложить документ проекта / Attach a project document',
        description:
          'multipart/form-data: `file` (PDF, PNG or JPEG recognised by content, ≤ 50 MB: else 415 / 413) and `title`. Drafts only.',
        params: bigIdParam,
        documentedBody: {
          'multipart/form-data': documentFields.extend({ file: filePart.describe('PDF, PNG or JPEG, ≤ 50 MB') }),
        },
        response: { 201: documentSchema, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      // Refuse one who may not attach before reading the upload.
      await documentTarget(ctx, request.params.id);
      const form = await readDocumentForm(request);
      const doc = await attachDiscussionDocument(ctx, request.params.id, form, form.bytes, uploadsDir);
      return reply.code(201).send(doc);
    },
  );

  app.get(
    '/discussions/:id/documents/:documentId',
    {
      config: { access: { action: 'discussion.read', record: 'discussion' } },
      schema: {
        operationId: 'downloadDiscussionDocument',
        tags,
        summary: 'Скачать документ проекта / Download a project document',
        description: 'Public once the discussion is; a draft’s to its organiser.',
        params: documentParams,
        response: { 200: z.string().meta({ format: 'binary', description: 'PDF, PNG or JPEG' }), ...problems },
      },
    },
    async (request, reply) => {
      const { document: d, public: open } = await discussionDocumentToDownload(
        contextOf(request),
        request.params.id,
        request.params.documentId,
      );
      const extension = d.storagePath.split('.').at(-1);
      return reply
        .type(d.mediaType)
        .header('cache-control', open ? 'public, max-age=3600' : 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `inline; filename="document-${d.id}.${extension}"; filename*=UTF-8''${encodeURIComponent(d.name)}`,
        )
        .send(createReadStream(path.join(uploadsDir, d.storagePath)) as unknown as string);
    },
  );

  app.delete(
    '/discussions/:id/documents/:documentId',
    {
      config: { access: manage },
      schema: {
        operationId: 'deleteDiscussionDocument',
        tags,
        summary: 'Убрать документ / Remove a document',
        description: 'Drafts only.',
        params: documentParams,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeDiscussionDocument(contextOf(request), request.params.id, request.params.documentId);
      return reply.code(204).send(null);
    },
  );
}
