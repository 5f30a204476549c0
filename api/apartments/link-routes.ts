import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apartmentLinkStatuses } from '../../db/schema/meters.ts';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { bigIdParam, problems } from '../schemas.ts';
import { decideApartmentLink, type LinkDecision, linkDecisions, listApartmentLinks } from './link-requests.ts';
import { companyLinkSchema, reasonBody } from './schemas.ts';

/** The management company's side of residents' links: the requests, and its decisions on them. */
const apartmentLinkRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/housing/links',
    {
      config: { access: { action: 'apartment.confirm' } },
      schema: {
        operationId: 'listApartmentLinks',
        tags: ['readings'],
        summary: 'Заявки жителей на привязку / Residents’ link requests',
        querystring: z.object({ status: z.enum(apartmentLinkStatuses).optional().describe('pending by default') }),
        response: { 200: z.object({ items: z.array(companyLinkSchema) }), ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      const status = request.query.status ?? 'pending';
      return { items: await listApartmentLinks(ctx, status, accessContext(request, ctx.clock())) };
    },
  );

  for (const [verb, d] of Object.entries(linkDecisions) as [LinkDecision, (typeof linkDecisions)[LinkDecision]][]) {
    app.post(
      `/housing/links/:id/${verb}`,
      {
        config: { access: { action: 'apartment.confirm', record: 'link' } },
        schema: {
          operationId: `${verb}ApartmentLink`,
          tags: ['readings'],
          summary: `${d.ru} привязку / ${verb} a link`,
          params: bigIdParam,
          body: d.needsReason ? reasonBody : z.strictObject({}).optional(),
          response: { 200: z.object({ id: z.number().int(), status: z.enum(apartmentLinkStatuses) }), ...problems },
        },
      },
      async (request) => {
        const note = d.needsReason ? (request.body as { reason: string }).reason : null;
        return decideApartmentLink(contextOf(request), request.params.id, verb, note);
      },
    );
  }
};
export default apartmentLinkRoutes;
