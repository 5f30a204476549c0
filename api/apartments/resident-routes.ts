import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apartmentLinkStatuses } from '../../db/schema/meters.ts';
import { contextOf } from '../context.ts';
import { bigIdParam, problems } from '../schemas.ts';
import { listOwnApartments, requestApartmentLink, withdrawApartmentLink } from './link-requests.ts';
import { linkRequest, ownApartmentSchema } from './schemas.ts';

/** A resident's apartments: asking to be linked, the linked ones with their meters, withdrawing. */
const residentApartmentRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/me/apartments',
    {
      config: { access: { action: 'apartment.link' } },
      schema: {
        operationId: 'listOwnApartments',
        tags: ['readings'],
        summary: 'Мои квартиры и счётчики / My apartments and meters',
        response: { 200: z.object({ items: z.array(ownApartmentSchema) }), ...problems },
      },
    },
    async (request) => ({ items: await listOwnApartments(contextOf(request)) }),
  );

  app.post(
    '/me/apartments',
    {
      config: { access: { action: 'apartment.link' } },
      schema: {
        operationId: 'requestApartmentLink',
        tags: ['readings'],
        summary: 'Привязать квартиру / Ask to be linked to an apartment',
        description: 'The building’s management company confirms the link; until then the apartment is pending.',
        body: linkRequest,
        response: { 201: z.object({ linkId: z.number().int(), status: z.enum(apartmentLinkStatuses) }), ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await requestApartmentLink(contextOf(request), request.body)),
  );

  app.delete(
    '/me/apartments/:id',
    {
      config: { access: { action: 'apartment.link', record: 'link' } },
      schema: {
        operationId: 'withdrawApartmentLink',
        tags: ['readings'],
        summary: 'Отвязать квартиру / Withdraw a link',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await withdrawApartmentLink(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
export default residentApartmentRoutes;
