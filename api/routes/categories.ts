import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listCategories } from '../../db/queries/categories.ts';
import { findMunicipality } from '../../db/queries/municipalities.ts';
import { categoryGroups, priorities, utilities } from '../../db/schema/index.ts';
import { NotFound } from '../errors.ts';
import { municipalityQuery, problems } from '../schemas.ts';

export const categorySchema = z
  .object({
    id: z.number().int(),
    code: z.string(),
    nameRu: z.string(),
    nameEn: z.string(),
    group: z.enum(categoryGroups),
    defaultPriority: z.enum(priorities),
    emergency: z.boolean(),
    public: z.boolean(),
    needsBuilding: z.boolean(),
    /** For utility categories: the service (an active outage of it explains the problem). */
    utility: z.enum(utilities).nullable(),
  })
  .meta({ id: 'Category' });

const categoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/categories',
    {
      config: { access: { action: 'category.read' } },
      schema: {
        operationId: 'listCategories',
        tags: ['categories'],
        summary: 'Категории обращений / Appeal categories',
        querystring: z.object({ municipality: municipalityQuery }),
        response: { 200: z.object({ items: z.array(categorySchema) }), ...problems },
      },
    },
    async (request) => {
      const municipality = await findMunicipality(app.db, request.query.municipality);
      if (!municipality) throw new NotFound('Муниципалитет / Municipality');
      return { items: await listCategories(app.db, municipality.id) };
    },
  );
};
export default categoryRoutes;
