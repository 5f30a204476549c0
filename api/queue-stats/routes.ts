import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { sendCsv } from '../stats/csv.ts';
import { loadCsv, officesCsv, servicesCsv } from './csv.ts';
import { queueLoadAnswer, queueStatsAnswer, queueStatsQuery } from './schemas.ts';
import { queueStatsFigures, queueStatsLoad } from './service.ts';

const PERIOD =
  "The period is of local days of the municipality (default: the last 90 days, today included). An organisation's " +
  'supervisor sees its offices, city hall and admins the municipality’s; `officeId` narrows to one. No person is named.';

/** The queue's figures (issue 16): for an office's supervisor and for city hall. */
const queueStatsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/queue-stats',
    {
      config: { access: { action: 'queue.stats' } },
      schema: {
        operationId: 'queueStats',
        tags: ['queue-stats'],
        summary: 'Показатели электронной очереди / The queue’s figures',
        description:
          'Per office and per service, and the total: bookings made, appointments by outcome and the no-show rate, ' +
          'walk-ins, the wait from arrival to the first call and the service time (average, 90th percentile), lateness, ' +
          `slots offered by the schedules against slots used. format=csv: the table named by \`table\`. ${PERIOD}`,
        querystring: queueStatsQuery,
        response: { 200: queueStatsAnswer, ...problems },
      },
    },
    async (request, reply) => {
      const result = await queueStatsFigures(contextOf(request), request.query, languageOf(request));
      if (request.query.format !== 'csv') return result;
      return request.query.table === 'services'
        ? sendCsv(reply, 'queue-services', result.period, servicesCsv(result.services, result.total))
        : sendCsv(reply, 'queue-offices', result.period, officesCsv(result.offices, result.total));
    },
  );

  app.get(
    '/queue-stats/load',
    {
      config: { access: { action: 'queue.stats' } },
      schema: {
        operationId: 'queueStatsLoad',
        tags: ['queue-stats'],
        summary: 'Нагрузка по часам / The load by hour',
        description: `Hall tickets by local weekday and hour of arrival (a heat map). ${PERIOD}`,
        querystring: queueStatsQuery,
        response: { 200: queueLoadAnswer, ...problems },
      },
    },
    async (request, reply) => {
      const result = await queueStatsLoad(contextOf(request), request.query);
      if (request.query.format !== 'csv') return result;
      return sendCsv(reply, 'queue-load', result.period, loadCsv(result.cells));
    },
  );
};
export default queueStatsRoutes;
