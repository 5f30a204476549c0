import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { render } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { boardPageQuery, bulkOutcome, bulkReassign, overduePage, triagePage, wrongKindProblem } from './schemas.ts';
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
        summary: 'Просроченные у исполнителей / Overdue: held by an organisation past the city’s deadline',
        description:
          'Appeals an organisation holds (assigned, accepted, needs_info, reopened) past a running deadline of the ' +
          'city’s clock, the latest first, a page at a time with the total. Never an appeal of the triage list. ' +
          '`assignedAt` is when the organisation holding it received it (its own clock).',
        querystring: boardPageQuery,
        response: { 200: overduePage, ...problems },
      },
    },
    async (request) => listOverdueAppeals(contextOf(request), request.query),
  );

  app.get(
    '/dispatch/triage',
    {
      config: { access: { action: 'dispatch.queue' } },
      schema: {
        operationId: 'listTriage',
        tags: ['dispatch'],
        summary: 'Разбор: не распределённые и отклонённые / Triage: unrouted and rejected appeals',
        description:
          'Appeals waiting for a dispatcher’s decision: new ones routing could not place, and ones an organisation ' +
          'returned; the oldest first, a page at a time with the total. Nobody holds them, so none is on the overdue list.',
        querystring: boardPageQuery,
        response: { 200: triagePage, ...problems },
      },
    },
    async (request) => listTriageAppeals(contextOf(request), request.query),
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
          'hold back the others, and each outcome is reported. When the organisation is of the wrong kind for an ' +
          'appeal’s category (a bus-schedule complaint to a housing company), nothing moves and the answer is a 409 ' +
          'problem `board.wrong_kind` listing them in `wrongKind`, unless `confirmWrongKind` is true.',
        body: bulkReassign,
        response: { 200: z.object({ results: z.array(bulkOutcome) }), ...problems, 409: wrongKindProblem },
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
