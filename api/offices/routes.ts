import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { addException, listExceptions, removeException } from './exceptions.ts';
import { createOffice, listManagedOffices, patchOffice, showOffice } from './offices.ts';
import { addPoint, patchPoint } from './points.ts';
import { catalogueRoutes } from './catalogue-routes.ts';
import {
  exceptionCreate,
  exceptionDeleteQuery,
  exceptionKey,
  exceptionsAnswer,
  exceptionsQuery,
  officeCreate,
  officeDetail,
  officeKey,
  officePatch,
  officesAnswer,
  pointCreate,
  pointPatch,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

const AFFECTS =
  'A change that takes booked time away (hours narrowed, a day or a point closed, a service taken from a point) ' +
  'answers 409 `office.affects_appointments` with `affected: { count, first }` unless `cancelAffected` is true with a ' +
  '`reason`: then those appointments are cancelled by the office in the same transaction, each with its event, and ' +
  'each person told. Every change is recorded with who, when and why.';

/** The office admin (issue 16): an organisation's supervisor keeps its offices, the municipality's admin every office. */
const officeRoutes: FastifyPluginAsyncZod = async (app) => {
  officeListRoutes(app);

  app.get(
    '/admin/offices/:id',
    {
      config: { access: { action: 'office.manage', record: 'office' } },
      schema: {
        operationId: 'getAdminOffice',
        tags: ['offices'],
        summary: 'Офис / An office',
        description:
          'Everything of the office: its points with their services, slot lengths and operators, the exceptions of the ' +
          "next 90 days, the rules, the organisation's staff one may choose as operators and the services one may give.",
        params: officeKey,
        response: { 200: officeDetail, ...problems },
      },
    },
    async (request) => showOffice(contextOf(request), request.params.id, languageOf(request)),
  );

  app.patch(
    '/admin/offices/:id',
    {
      config: { access: { action: 'office.manage', record: 'office' } },
      schema: {
        operationId: 'updateAdminOffice',
        tags: ['offices'],
        summary: 'Изменить офис / Change an office',
        description: `Only the fields given change (rules: only the rules given); \`version\` is the one read (409 when stale). ${AFFECTS}`,
        params: officeKey,
        body: officePatch,
        response: { 200: officeDetail, ...problems },
      },
    },
    async (request) =>
      patchOffice(
        contextOf(request),
        request.params.id,
        { ...request.body, publicUrl: app.config.PUBLIC_URL },
        languageOf(request),
      ),
  );

  pointRoutes(app);
  exceptionRoutes(app);
  catalogueRoutes(app);
};
export default officeRoutes;

/** The offices one keeps, and a new one. */
function officeListRoutes(app: App) {
  app.get(
    '/admin/offices',
    {
      config: { access: { action: 'office.manage' } },
      schema: {
        operationId: 'listAdminOffices',
        tags: ['offices'],
        summary: 'Офисы приёма / The offices one keeps',
        description:
          "A supervisor's organisation's offices; an admin's every office of the municipality; inactive too.",
        response: { 200: officesAnswer, ...problems },
      },
    },
    async (request) => listManagedOffices(contextOf(request), languageOf(request)),
  );

  app.post(
    '/admin/offices',
    {
      config: { access: { action: 'office.manage' } },
      schema: {
        operationId: 'createAdminOffice',
        tags: ['offices'],
        summary: 'Новый офис / A new office',
        description:
          'An office of an organisation of the municipality (a supervisor: their own, else 422 naming organisationId); ' +
          'the week as intervals HH:MM in order, not overlapping, a lunch break as the gap; the code unique (409).',
        body: officeCreate,
        response: { 201: officeDetail, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createOffice(contextOf(request), request.body, languageOf(request))),
  );
}

function pointRoutes(app: App) {
  app.post(
    '/admin/offices/:id/points',
    {
      config: { access: { action: 'office.manage', record: 'office' } },
      schema: {
        operationId: 'createAdminServicePoint',
        tags: ['offices'],
        summary: 'Новое окно / A new service point',
        description:
          'A window or cabinet with the services it gives (slot minutes each) and its operators: staff or supervisors ' +
          "of the office's organisation (else 422 naming operators). A label is unique in the office (409).",
        params: officeKey,
        body: pointCreate,
        response: { 201: officeDetail, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addPoint(contextOf(request), request.params.id, request.body, languageOf(request))),
  );

  app.patch(
    '/admin/service-points/:id',
    {
      config: { access: { action: 'office.manage', record: 'point' } },
      schema: {
        operationId: 'updateAdminServicePoint',
        tags: ['offices'],
        summary: 'Изменить окно / Change a service point',
        description: `Only the fields given change; \`services\` and \`operators\` are given whole. ${AFFECTS} Answers the office.`,
        params: officeKey,
        body: pointPatch,
        response: { 200: officeDetail, ...problems },
      },
    },
    async (request) =>
      patchPoint(
        contextOf(request),
        request.params.id,
        { ...request.body, publicUrl: app.config.PUBLIC_URL },
        languageOf(request),
      ),
  );
}

function exceptionRoutes(app: App) {
  app.get(
    '/admin/offices/:id/exceptions',
    {
      config: { access: { action: 'office.manage', record: 'office' } },
      schema: {
        operationId: 'listAdminOfficeExceptions',
        tags: ['offices'],
        summary: 'Исключения из графика / Schedule exceptions',
        description:
          'The days closed or with other hours, for the office or a point, over from..to (default: 90 days from today).',
        params: officeKey,
        querystring: exceptionsQuery,
        response: { 200: exceptionsAnswer, ...problems },
      },
    },
    async (request) => listExceptions(contextOf(request), request.params.id, request.query),
  );

  app.post(
    '/admin/offices/:id/exceptions',
    {
      config: { access: { action: 'office.manage', record: 'office' } },
      schema: {
        operationId: 'createAdminOfficeException',
        tags: ['offices'],
        summary: 'Закрыть день или изменить часы / Close a day or change its hours',
        description: `For the office (pointId null) or one point, today or later; one exception per day and point (409). ${AFFECTS}`,
        params: officeKey,
        body: exceptionCreate,
        response: { 201: officeDetail, ...problems },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await addException(
            contextOf(request),
            request.params.id,
            { ...request.body, publicUrl: app.config.PUBLIC_URL },
            languageOf(request),
          ),
        ),
  );

  app.delete(
    '/admin/offices/:id/exceptions/:exceptionId',
    {
      config: { access: { action: 'office.manage', record: 'office' } },
      schema: {
        operationId: 'deleteAdminOfficeException',
        tags: ['offices'],
        summary: 'Отменить исключение / Take an exception back',
        description: `The day's usual hours again. Taking back extra hours (a worked Saturday) may take booked time: ${AFFECTS}`,
        params: exceptionKey,
        querystring: exceptionDeleteQuery,
        response: { 200: officeDetail, ...problems },
      },
    },
    async (request) =>
      removeException(
        contextOf(request),
        request.params.id,
        request.params.exceptionId,
        { ...request.query, publicUrl: app.config.PUBLIC_URL },
        languageOf(request),
      ),
  );
}
