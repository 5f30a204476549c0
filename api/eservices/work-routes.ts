import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { parseInput, problems } from '../schemas.ts';
import { attachFile } from './apply.ts';
import { answerRequest, answerableRequest, askOrganisation, interagencyInbox } from './interagency.ts';
import { applicationDetail, fileView } from './read-applications.ts';
import {
  applicationDetail as detailSchema,
  applicationKey,
  fileAnswer,
  fileFields,
  fileForm,
  inboxAnswer,
  inboxQuery,
  interagencyAnswer,
  interagencyAnswered,
  interagencyAnswerFields,
  interagencyAnswerForm,
  interagencyInput,
  interagencyKey,
  interagencyQueue,
  interagencyQueueQuery,
  stepInput,
} from './schemas.ts';
import { actableApplication } from './steps.ts';
import { readUpload } from './uploads.ts';
import { departmentInbox, workApplication } from './work.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

const links = (app: App) => ({ publicUrl: app.config.PUBLIC_URL });

/** The department works the applications of its services; others who read one are refused (403), the rest 404. */
const working = {
  access: { action: 'application.work', record: 'application', visibleTo: 'application.read', visibilityFirst: true },
} as const;
const tags = ['applications'];

/** The department's workspace and inter-agency requests. */
export function workRoutes(app: App) {
  departmentRoutes(app);
  interagencyRoutes(app);
}

function departmentRoutes(app: App) {
  app.get(
    '/applications/inbox',
    {
      config: { access: { action: 'application.work' } },
      schema: {
        operationId: 'listApplicationInbox',
        tags,
        summary: 'Входящие заявления ведомства / The department’s inbox',
        description:
          'The open applications of the actor’s department by due day (the paused last), filtered by status, service, stage ' +
          'and where the term stands; paged, with the total.',
        querystring: inboxQuery,
        response: { 200: inboxAnswer, ...problems },
      },
    },
    async (request) => departmentInbox(contextOf(request), request.query),
  );

  app.post(
    '/applications/:id/steps',
    {
      config: working,
      schema: {
        operationId: 'takeApplicationStep',
        tags,
        summary: 'Шаг по заявлению / A step on an application',
        description:
          'take, advance (to the next stage, with a note), request_documents (what is missing; the term pauses when the service ' +
          'allows), issue_result (the result file uploaded before through /results), refuse (a ground of the service, 422 ' +
          'otherwise), mark_ready (collect or electronic), deliver, hand_over. A stale version is 409 `stale`; a step not ' +
          'allowed from the status is 409 with the `allowed` steps.',
        params: applicationKey,
        body: stepInput,
        response: { 200: detailSchema, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await workApplication(ctx, request.params.id, request.body, links(app));
      return applicationDetail(ctx, request.params.id);
    },
  );

  app.post(
    '/applications/:id/results',
    {
      config: working,
      schema: {
        operationId: 'uploadApplicationResult',
        tags,
        summary: 'Загрузить результат / Upload the result document',
        description:
          'multipart/form-data: `file` (PDF, JPEG, PNG or WebP recognised by content, else 415; ≤ 20 MB, else 413). While the ' +
          'department works the application; then the step issue_result.',
        params: applicationKey,
        documentedBody: { 'multipart/form-data': fileForm },
        response: { 201: fileAnswer, ...problems, 507: problems[400] },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      await actableApplication(ctx, request.params.id, 'department');
      const { input, file } = await readUpload(request, fileFields, true);
      const stored = await attachFile(
        ctx,
        request.params.id,
        'department',
        { ...file!, documentCode: input.documentCode },
        app.config.uploadsDir,
      );
      return reply.code(201).send(fileView(stored));
    },
  );
}

function interagencyRoutes(app: App) {
  app.post(
    '/applications/:id/interagency',
    {
      config: working,
      schema: {
        operationId: 'askInteragency',
        tags,
        summary: 'Межведомственный запрос / Ask another organisation',
        description:
          'Another organisation of the municipality (422 naming `body.organisationId` otherwise); its term in working days ' +
          '(5 by default) gives its due day.',
        params: applicationKey,
        body: interagencyInput,
        response: { 201: interagencyAnswer, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await askOrganisation(contextOf(request), request.params.id, request.body)),
  );

  app.get(
    '/interagency/inbox',
    {
      config: { access: { action: 'interagency.answer' } },
      schema: {
        operationId: 'listInteragencyInbox',
        tags,
        summary: 'Запросы к организации / Requests to the organisation',
        description:
          'The requests the actor’s organisation was asked: pending by due day, then answered. The service, the number and ' +
          'the question; never the applicant.',
        querystring: interagencyQueueQuery,
        response: { 200: interagencyQueue, ...problems },
      },
    },
    async (request) => interagencyInbox(contextOf(request), request.query),
  );

  app.post(
    '/interagency/:id/answer',
    {
      config: { access: { action: 'interagency.answer', record: 'interagency' } },
      schema: {
        operationId: 'answerInteragency',
        tags,
        summary: 'Ответить на запрос / Answer a request',
        description:
          'application/json or multipart/form-data: decision (agree or refuse), note, version (the one read, 409 when stale) ' +
          'and, in a form, a `file` (PDF, JPEG, PNG or WebP, ≤ 20 MB). Once (409 when answered).',
        params: interagencyKey,
        documentedBody: { 'application/json': interagencyAnswerFields, 'multipart/form-data': interagencyAnswerForm },
        response: { 200: interagencyAnswered, ...problems, 507: problems[400] },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await answerableRequest(ctx, request.params.id);
      const { input, file } = request.isMultipart()
        ? await readUpload(request, interagencyAnswerFields, false)
        : { input: parseJson(request.body), file: null };
      const r = await answerRequest(ctx, request.params.id, input, file, app.config.uploadsDir);
      return {
        id: r.id,
        status: r.status,
        answerNote: r.answerNote,
        answerFileId: r.answerFileId,
        answeredAt: r.answeredAt?.toISOString() ?? null,
        version: r.version,
      };
    },
  );
}

const parseJson = (body: unknown) => parseInput(interagencyAnswerFields, body ?? {}, 'body');
