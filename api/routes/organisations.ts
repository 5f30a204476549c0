import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { listOrganisations } from '../../db/queries/organisations.ts';
import { organisationKinds } from '../../db/schema/index.ts';
import { NotFound } from '../errors.ts';
import { municipalityQuery, problems } from '../schemas.ts';

const organisationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(organisationKinds),
    nameRu: z.string(),
    nameEn: z.string(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
  })
  .meta({ id: 'Organisation' });

/** The public directory of a municipality's organisations (for residents, and the dispatcher's pickers). */
const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organisations',
    {
      config: { access: { action: 'organisation.read' } },
      schema: {
        operationId: 'listOrganisations',
        tags: ['organisations'],
        summary: 'Организации муниципалитета / A municipality’s organisations',
        querystring: z.object({ municipality: municipalityQuery }),
        response: { 200: z.object({ items: z.array(organisationSchema) }), ...problems },
      },
    },
    async (request) => {
      const municipality = await findMunicipality(app.db, request.query.municipality);
      if (!municipality) throw new NotFound('Муниципалитет / Municipality');
      return { items: await listOrganisations(app.db, municipality.id) };
    },
  );
};
export default organisationRoutes;
