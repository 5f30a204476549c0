import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { render } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { bulkOutcome, bulkReassign, limit, overdueItem, triageItem } from './schemas.ts';
import { listOverdueAppeals, listTriageAppeals, reassignMany } from './service.ts';

/** The dispatch board's queues for the actor's municipality, and the bulk hand-over. */
const boardRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/dispatch/overdue',
    {
      config: { access: { action: 'dispatch.queue' } },
      schema: {
        operationId: 'listOverdue',
        tags: ['dispatch'],
        summary: 'Просроченные обращения / Overdue appeals, the latest first',
        querystring: limit,
        response: { 200: z.object({ items: z.array(overdueItem) }), ...problems },
      },
    },
    async (request) => ({ items: await listOverdueAppeals(contextOf(request), request.query.limit) }),
  );

  app.get(
    '/dispatch/triage',
    {
      config: { access: { action: 'dispatch.queue' } },
      schema: {
        operationId: 'listTriage',
        tags: ['dispatch'],
        summary: 'Разбор: не распределённые и отклонённые / Triage: unrouted and rejected appeals',
        querystring: limit,
        response: { 200: z.object({ items: z.array(triageItem) }), ...problems },
      },
    },
    async (request) => ({ items: await listTriageAppeals(contextOf(request), request.query.limit) }),
  );

  app.post(
    '/dispatch/reassign',
    {
      config: { access: { action: 'appeal.reassign' } },
      schema: {
        operationId: 'reassignMany',
        tags: ['dispatch'],
        summary: 'Передать несколько обращений / Reassign several appeals at once',
        description:
          'Each appeal is handed over in its own transaction, exactly as POST /appeals/{id}/actions would: ' +
          'action=assign for an appeal nobody holds (new or returned to triage), action=reassign for one an ' +
          'organisation holds. One refusal (a stale expectedVersion, a state that does not allow it) does not ' +
          'hold back the others, and each outcome is reported.',
        body: bulkReassign,
        response: { 200: z.object({ results: z.array(bulkOutcome) }), ...problems },
      },
    },
    async (request) => {
      const lang = languageOf(request);
      const results = await reassignMany(contextOf(request), request.body);
      return {
        results: results.map((r) =>
          'problem' in r
            ? {
                ...r,
                problem: {
                  ...r.problem,
                  detail: typeof r.problem.detail === 'string' ? r.problem.detail : render(r.problem.detail, lang),
                },
              }
            : r,
        ),
      };
    },
  );
};
export default boardRoutes;
