/**
 * Technical passports of buildings (issue 6): the full public passport, editing with an optimistic
 * version and a change history per field, attached documents, and CSV export and import.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { idParam, problems } from '../schemas.ts';
import { csvRoutes } from './csv-routes.ts';
import { documentRoutes } from './document-routes.ts';
import { patchPassport, replacePassport } from './edit-passport.ts';
import { passportChanges, passportLayout, showPassport } from './read-passport.ts';
import { changesAnswer, changesQuery, editBody, fullPassportSchema, layoutAnswer } from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

// A city's whole stock (5,000 buildings) is ~3 MB of CSV.
const CSV_BODY_LIMIT = 20 * 1024 * 1024;

const passportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_request, body, done) =>
    done(null, body),
  );
  readRoutes(app);
  editRoutes(app);
  documentRoutes(app);
  csvRoutes(app);
};
export default passportRoutes;

function readRoutes(app: App) {
  app.get(
    '/passports/layout',
    {
      config: { access: { public: 'the passport form’s layout: no data of any building' }, cache: { maxAge: 3600 } },
      schema: {
        operationId: 'passportLayout',
        tags: ['passports'],
        summary: 'Разделы и поля техпаспорта / The sections and fields of a technical passport',
        description:
          'Every field by its dotted path (list sections: the path inside an item) with Russian and English labels, type, bounds and choices.',
        response: {
          // The input guard refuses a URL with NUL before any route (api/plugins/input-guard.ts).
          400: problems[400],
          200: layoutAnswer,
        },
      },
    },
    async () => passportLayout,
  );

  app.get(
    '/buildings/:id/passport',
    {
      config: { access: { action: 'passport.read', record: 'building' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getFullPassport',
        tags: ['passports'],
        summary: 'Полный технический паспорт дома / The full technical passport of a building',
        description:
          'Public: the summary, every section and the public documents; never who uploaded or edited anything.',
        params: idParam,
        response: { 200: fullPassportSchema, ...problems },
      },
    },
    async (request) => showPassport(contextOf(request), request.params.id),
  );
}

function editRoutes(app: App) {
  app.put(
    '/buildings/:id/passport',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'replacePassport',
        tags: ['passports'],
        summary: 'Заменить паспорт дома / Replace a building passport',
        description:
          'The whole passport: fields left out become empty. 409 when `version` is stale; 422 names each field that breaks a rule.',
        params: idParam,
        body: editBody,
        response: { 200: fullPassportSchema, ...problems },
      },
    },
    async (request) => replacePassport(contextOf(request), request.params.id, request.body),
  );

  app.patch(
    '/buildings/:id/passport',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'patchPassport',
        tags: ['passports'],
        summary: 'Изменить поля паспорта / Change fields of a building passport',
        description:
          'Only the fields given change; objects merge field by field, `elevators` and `overhauls` are replaced whole; null clears a field.',
        params: idParam,
        body: editBody,
        response: { 200: fullPassportSchema, ...problems },
      },
    },
    async (request) => patchPassport(contextOf(request), request.params.id, request.body),
  );

  app.get(
    '/buildings/:id/passport/changes',
    {
      config: { access: { action: 'passport.edit', record: 'building' } },
      schema: {
        operationId: 'listPassportChanges',
        tags: ['passports'],
        summary: 'История изменений паспорта / The passport change history',
        description:
          'Newest first: who (staff name, role, organisation), when, the field, old and new values. For those who may edit the passport.',
        params: idParam,
        querystring: changesQuery,
        response: { 200: changesAnswer, ...problems },
      },
    },
    async (request) => passportChanges(contextOf(request), request.params.id, request.query),
  );
}
