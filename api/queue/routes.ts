import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { Unauthorized } from '../errors.ts';
import { problems } from '../schemas.ts';
import { queueItem, queueQuery } from './schemas.ts';
import { listQueue } from './service.ts';

/** An organisation's own queue over HTTP. */
const queueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/queue',
    {
      config: { access: { action: 'appeal.list', record: 'organisation' } },
      schema: {
        operationId: 'listOrganisationQueue',
        tags: ['dispatch'],
        summary: 'Очередь организации по сроку / An organisation’s queue, the most urgent first',
        description:
          'Organisation staff see their own organisation’s appeals; dispatchers, city hall and admins name the ' +
          'organisation. Sorted by the running deadline that comes first (sort=due) or by filing time.',
        querystring: queueQuery,
        response: { 200: z.object({ items: z.array(queueItem) }), ...problems },
      },
    },
    async (request) => {
      if (!request.actor) throw new Unauthorized();
      return { items: await listQueue(contextOf(request), request.query) };
    },
  );
};
export default queueRoutes;
