import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { directoryResource } from '../directory/crud.ts';
import { problems } from '../schemas.ts';
import {
  adminOrganisationSchema,
  organisationFilter,
  organisationInput,
  organisationPatch,
  organisationSchema,
  publicOrganisationsQuery,
} from './schemas.ts';
import {
  createOrganisation,
  findOrganisations,
  getOrganisation,
  publicOrganisations,
  updateOrganisation,
} from './service.ts';

/** The public directory of a municipality's organisations, and the admin's records of their own. */
const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organisations',
    {
      config: { access: { action: 'organisation.read' }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'listOrganisations',
        tags: ['organisations'],
        summary: 'Организации муниципалитета / A municipality’s organisations',
        querystring: publicOrganisationsQuery,
        response: { 200: z.object({ items: z.array(organisationSchema) }), ...problems },
      },
    },
    async (request) => ({ items: await publicOrganisations(contextOf(request), request.query.municipality) }),
  );

  directoryResource(app, {
    path: '/admin/organisations',
    action: 'admin.organisations',
    record: 'organisation',
    item: adminOrganisationSchema,
    list: {
      operationId: 'listAdminOrganisations',
      summary: 'Организации муниципалитета / The municipality’s organisations, by name',
      filter: organisationFilter,
      run: findOrganisations,
    },
    get: { operationId: 'getAdminOrganisation', summary: 'Организация / An organisation', run: getOrganisation },
    create: {
      operationId: 'createOrganisation',
      summary: 'Создать организацию / Create an organisation',
      description:
        'The code is unique in the municipality (409 naming `body.code`). A district administration needs its district.',
      body: organisationInput,
      run: createOrganisation,
    },
    patch: {
      operationId: 'updateOrganisation',
      summary: 'Изменить организацию / Update an organisation',
      description:
        'Only the fields given change. Appeals already assigned stay with the organisation. The kind cannot change while ' +
        'buildings name the organisation as their management company or supplier.',
      body: organisationPatch,
      run: updateOrganisation,
    },
  });
};
export default organisationRoutes;
