import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { listCatalogue, listManagedServices, patchService, publishForm, showService } from './catalogue.ts';
import {
  adminCatalogueAnswer,
  adminCatalogueQuery,
  catalogueAnswer,
  catalogueQuery,
  formInput,
  serviceDetail,
  serviceKey,
  servicePatch,
  serviceQuery,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** The catalogue: anyone reads it; the municipality's admin keeps its services and their forms. */
export function catalogueRoutes(app: App) {
  app.get(
    '/eservices',
    {
      config: { access: { action: 'eservice.read' }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'listEservices',
        tags: ['eservices'],
        summary: 'Муниципальные услуги / Municipal e-services',
        description: 'The municipality’s services offered now; `q` searches their names in Russian, English and Tatar.',
        querystring: catalogueQuery,
        response: { 200: catalogueAnswer, ...problems },
      },
    },
    async (request) => listCatalogue(contextOf(request), request.query.municipality, request.query.q),
  );

  adminCatalogueRoute(app);

  app.get(
    '/eservices/:id',
    {
      config: { access: { action: 'eservice.read', record: 'eservice' }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'getEservice',
        tags: ['eservices'],
        summary: 'Услуга / A service',
        description:
          'The service with its current form, stages, documents, term, refusal grounds and where the result is collected. ' +
          '404 for a service not offered (inactive, or of another municipality than the one named).',
        params: serviceKey,
        querystring: serviceQuery,
        response: { 200: serviceDetail, ...problems },
      },
    },
    async (request) => showService(contextOf(request), request.params.id, request.query.municipality),
  );

  app.patch(
    '/eservices/:id',
    {
      config: { access: { action: 'eservice.manage', record: 'eservice' } },
      schema: {
        operationId: 'updateEservice',
        tags: ['eservices'],
        summary: 'Изменить услугу / Change a service',
        description:
          'Only the fields given change; `version` is the one read (409 when stale). Codes of stages and grounds are unique (422).',
        params: serviceKey,
        body: servicePatch,
        response: { 200: serviceDetail, ...problems },
      },
    },
    async (request) => patchService(contextOf(request), request.params.id, request.body),
  );

  app.post(
    '/eservices/:id/form',
    {
      config: { access: { action: 'eservice.manage', record: 'eservice' } },
      schema: {
        operationId: 'publishEserviceForm',
        tags: ['eservices'],
        summary: 'Новая версия формы / A new version of the form',
        description:
          'The service’s form from now on; applications already begun keep the version they were begun with. Keys are unique, ' +
          'a choice has its choices, a pattern is a regular expression (422 naming each field).',
        params: serviceKey,
        body: formInput,
        response: { 201: serviceDetail, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await publishForm(contextOf(request), request.params.id, request.body)),
  );
}

/** The admin's own list of the municipality's services, inactive ones too. */
function adminCatalogueRoute(app: App) {
  app.get(
    '/admin/eservices',
    {
      config: { access: { action: 'eservice.manage' } },
      schema: {
        operationId: 'listAdminEservices',
        tags: ['eservices'],
        summary: 'Услуги муниципалитета / The municipality’s services, for its admin',
        description:
          'Every service of the admin’s municipality, inactive ones too, with its department and the current form version; ' +
          '`q` searches names in Russian, English and Tatar and the code.',
        querystring: adminCatalogueQuery,
        response: { 200: adminCatalogueAnswer, ...problems },
      },
    },
    async (request) => listManagedServices(contextOf(request), request.query.q),
  );
}
