import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import {
  attachFile,
  createDraft,
  patchDraft,
  provideDocuments,
  removeFile,
  submitApplication,
  withdrawApplication,
} from './apply.ts';
import { applicationDetail, fileToDownload, fileView, listMyApplications } from './read-applications.ts';
import {
  answerInput,
  applicationDetail as detailSchema,
  applicationKey,
  createInput,
  fileAnswer,
  fileFields,
  fileForm,
  fileKey,
  mineAnswer,
  patchInput,
  submitHeaders,
  withdrawInput,
} from './schemas.ts';
import { actableApplication } from './steps.ts';
import { readUpload } from './uploads.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

const links = (app: App) => ({ publicUrl: app.config.PUBLIC_URL });

/** The applicant's own application (another's does not exist for them). */
const applicant = { access: { action: 'application.create', record: 'application' } } as const;
const tags = ['applications'];

/** The applicant's side: a draft, its files, submitting, answering, withdrawing; and reading. */
export function applicationRoutes(app: App) {
  draftRoutes(app);
  fileRoutes(app);
  lifecycleRoutes(app);
}

function draftRoutes(app: App) {
  app.post(
    '/applications',
    {
      config: { access: { action: 'application.create' } },
      schema: {
        operationId: 'createApplication',
        tags,
        summary: 'Черновик заявления / A draft application',
        description:
          'For a service offered now (404 otherwise). The values are checked for their types only (422 naming ' +
          '`body.values.<key>`); a kind of applicant the service does not admit, or an organisation without its name, is 422.',
        body: createInput,
        response: { 201: detailSchema, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const a = await createDraft(ctx, request.body);
      return reply
        .code(201)
        .header('location', `/api/applications/${a.id}`)
        .send(await applicationDetail(ctx, a.id));
    },
  );

  app.get(
    '/applications/mine',
    {
      config: { access: { action: 'application.create' } },
      schema: {
        operationId: 'listMyApplications',
        tags,
        summary: 'Мои заявления / My applications',
        description: 'Each with its status, current stage, due day and where its term stands.',
        response: { 200: mineAnswer, ...problems },
      },
    },
    async (request) => listMyApplications(contextOf(request)),
  );

  app.get(
    '/applications/:id',
    {
      config: { access: { action: 'application.read', record: 'application' } },
      schema: {
        operationId: 'getApplication',
        tags,
        summary: 'Заявление / An application',
        description:
          'With its form version’s fields, files, inter-agency requests, the timeline (who and when) and the steps the reader may take. ' +
          'The applicant’s name and contacts only to those who may read them.',
        params: applicationKey,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => applicationDetail(contextOf(request), request.params.id),
  );

  app.patch(
    '/applications/:id',
    {
      config: applicant,
      schema: {
        operationId: 'updateApplication',
        tags,
        summary: 'Изменить черновик / Change a draft',
        description: 'A draft only (409 otherwise); `version` is the one read (409 when stale).',
        params: applicationKey,
        body: patchInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await patchDraft(ctx, request.params.id, request.body);
      return applicationDetail(ctx, request.params.id);
    },
  );
}

function fileRoutes(app: App) {
  app.post(
    '/applications/:id/files',
    {
      config: applicant,
      schema: {
        operationId: 'uploadApplicationFile',
        tags,
        summary: 'Приложить документ / Attach a document',
        description:
          'multipart/form-data: `file` (PDF, JPEG, PNG or WebP recognised by content, else 415; ≤ 20 MB, else 413) and ' +
          '`documentCode` (the service’s document it stands for). In a draft, or while documents are asked for. ' +
          'An application’s files together: at most 100 MB (413).',
        params: applicationKey,
        documentedBody: { 'multipart/form-data': fileForm },
        response: { 201: fileAnswer, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await actableApplication(ctx, request.params.id, 'applicant');
      const { input, file } = await readUpload(request, fileFields, true);
      const stored = await attachFile(
        ctx,
        request.params.id,
        'applicant',
        { ...file!, documentCode: input.documentCode },
        app.config.uploadsDir,
      );
      return reply.code(201).send(fileView(stored));
    },
  );

  app.get(
    '/applications/:id/files/:fileId',
    {
      config: { access: { action: 'application.read', record: 'application' } },
      schema: {
        operationId: 'downloadApplicationFile',
        tags,
        summary: 'Файл заявления / A file of an application',
        params: fileKey,
        response: { 200: z.string().meta({ format: 'binary', description: 'PDF, JPEG, PNG or WebP' }), ...problems },
      },
    },
    async (request, reply) => {
      const f = await fileToDownload(contextOf(request), request.params.id, request.params.fileId);
      return reply
        .type(f.mediaType)
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .header(
          'content-disposition',
          `attachment; filename="file-${f.id}"; filename*=UTF-8''${encodeURIComponent(f.name)}`,
        )
        .send(createReadStream(path.join(app.config.uploadsDir, f.storagePath)) as unknown as string);
    },
  );

  app.delete(
    '/applications/:id/files/:fileId',
    {
      config: applicant,
      schema: {
        operationId: 'deleteApplicationFile',
        tags,
        summary: 'Убрать файл из черновика / Remove a file from a draft',
        params: fileKey,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await removeFile(contextOf(request), request.params.id, request.params.fileId);
      return reply.code(204).send(null);
    },
  );
}

function lifecycleRoutes(app: App) {
  app.post(
    '/applications/:id/submit',
    {
      config: applicant,
      schema: {
        operationId: 'submitApplication',
        tags,
        summary: 'Подать заявление / Submit the application',
        description:
          'The complete form (422 naming each `body.values.<key>`) and the required documents (`files.<code>`) are checked; ' +
          'then the number, the term from the local day of submission and the first stage. With an Idempotency-Key a retry ' +
          'answers the same application again.',
        params: applicationKey,
        headers: submitHeaders,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await submitApplication(ctx, request.params.id, request.headers['idempotency-key'], links(app));
      return applicationDetail(ctx, request.params.id);
    },
  );

  app.post(
    '/applications/:id/documents',
    {
      config: applicant,
      schema: {
        operationId: 'provideApplicationDocuments',
        tags,
        summary: 'Ответить на запрос документов / Answer the request for documents',
        description:
          'The note, with the files uploaded before through /files; the term runs again and the due day is recomputed.',
        params: applicationKey,
        body: answerInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await provideDocuments(ctx, request.params.id, request.body, links(app));
      return applicationDetail(ctx, request.params.id);
    },
  );

  app.post(
    '/applications/:id/withdraw',
    {
      config: applicant,
      schema: {
        operationId: 'withdrawApplication',
        tags,
        summary: 'Отозвать заявление / Withdraw the application',
        description: 'Before the decision (409 with the allowed steps after it).',
        params: applicationKey,
        body: withdrawInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await withdrawApplication(ctx, request.params.id, request.body, links(app));
      return applicationDetail(ctx, request.params.id);
    },
  );
}
