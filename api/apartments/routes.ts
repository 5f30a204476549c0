import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { bigRecordIdParam, idParam, problems } from '../schemas.ts';
import apartmentRecordRoutes from './record-routes.ts';
import apartmentLinkRoutes from './link-routes.ts';
import meterRoutes from './meter-routes.ts';
import residentApartmentRoutes from './resident-routes.ts';
import { apartmentChangeSchema, companyApartmentSchema, ownWindowSchema, windowStateSchema } from './schemas.ts';
import { listApartmentChanges, listBuildingApartments, listHousingBuildings } from './service.ts';

/*
 * Apartments and residents' links to them (issue 6): the resident's side (resident-routes.ts), the
 * company's decisions on links (link-routes.ts), the company's apartments (record-routes.ts) and meters
 * (meter-routes.ts), and here the company's buildings. Records of buildings the actor does not work for answer 404, as if absent.
 */
/** The company's buildings: the list, each one's apartments with their meters, its change history. */
const companyBuildingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/housing/buildings',
    {
      config: { access: { action: 'apartment.manage' } },
      schema: {
        operationId: 'listHousingBuildings',
        tags: ['readings'],
        summary: 'Дома компании / The company’s buildings',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                address: z.string(),
                apartments: z.number().int(),
                meters: z.number().int().describe('Meters in service'),
                window: windowStateSchema,
                ownWindow: z.boolean(),
                ownDays: ownWindowSchema,
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({ items: await listHousingBuildings(contextOf(request)) }),
  );

  app.get(
    '/housing/buildings/:id/apartments',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'listBuildingApartments',
        tags: ['readings'],
        summary: 'Квартиры и счётчики дома / A building’s apartments and meters',
        params: idParam,
        response: {
          200: z.object({
            building: z.object({
              id: z.number().int(),
              address: z.string(),
              window: windowStateSchema,
              ownDays: ownWindowSchema,
            }),
            items: z.array(companyApartmentSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => listBuildingApartments(contextOf(request), request.params.id),
  );

  app.get(
    '/housing/buildings/:id/apartment-changes',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'listApartmentChanges',
        tags: ['readings'],
        summary: 'История изменений квартир дома / A building’s apartment change history',
        description: 'Newest first: who, when, the field, old and new values; removals with the apartment as it was.',
        params: idParam,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: bigRecordIdParam.optional().describe('nextCursor of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(apartmentChangeSchema), nextCursor: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => listApartmentChanges(contextOf(request), request.params.id, request.query),
  );
};

const apartmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(residentApartmentRoutes);
  await app.register(apartmentLinkRoutes);
  await app.register(companyBuildingRoutes);
  await app.register(apartmentRecordRoutes);
  await app.register(meterRoutes);
};
export default apartmentRoutes;
