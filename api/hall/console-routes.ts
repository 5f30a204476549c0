import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { callNext, consoleView, myPoints, takeTicketStep } from './console.ts';
import {
  callAnswer,
  consoleAnswer,
  myPointsAnswer,
  pointKey,
  stepAnswer,
  stepInput,
  ticketStepKey,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
const tags = ['hall'];
const operating = { action: 'hall.operate', record: 'point', visibleTo: 'office.read' } as const;

/** The operator's console. */
export function consoleRoutes(app: App) {
  readRoutes(app);
  stepRoutes(app);
}

/** The operator's points and a point's console. */
function readRoutes(app: App) {
  app.get(
    '/service-points/mine',
    {
      config: { access: { action: 'hall.operate' } },
      schema: {
        operationId: 'listMyServicePoints',
        tags,
        summary: 'Мои окна / The points I operate',
        response: { 200: myPointsAnswer, ...problems },
      },
    },
    async (request) => ({ items: await myPoints(contextOf(request)) }),
  );

  app.get(
    '/service-points/:id/console',
    {
      config: { access: operating },
      schema: {
        operationId: 'showConsole',
        tags,
        summary: 'Пульт оператора / The operator’s console',
        description:
          'The point, its services, its current client (a booked client’s name and phone, recorded as a read of personal ' +
          'data), the steps allowed, the waiting list and the office’s other points. Live: topic office:{officeId}.',
        params: pointKey,
        response: { 200: consoleAnswer, ...problems },
      },
    },
    async (request) => consoleView(contextOf(request), request.params.id, (at) => accessContext(request, at)),
  );
}

/** Calling the next client and the steps of a ticket. */
function stepRoutes(app: App) {
  app.post(
    '/service-points/:id/call-next',
    {
      config: { access: operating },
      schema: {
        operationId: 'callNextTicket',
        tags,
        summary: 'Вызвать следующего / Call the next client',
        description:
          'The next by the office’s rule: redirected to this point first, booked clients at their time, walk-ins. 409 ' +
          '`point_busy` while the point’s current client is not finished; `ticket` null when nobody waits.',
        params: pointKey,
        response: { 200: callAnswer, ...problems },
      },
    },
    async (request) => {
      const t = await callNext(contextOf(request), request.params.id);
      return { ticket: t && { id: t.id, number: t.number, status: t.status, version: t.version } };
    },
  );

  app.post(
    '/tickets/:id/:step',
    {
      config: { access: { action: 'hall.operate', record: 'ticket' } },
      schema: {
        operationId: 'takeTicketStep',
        tags,
        summary: 'Шаг по талону / A step on a ticket',
        description:
          'recall, start, finish, no_show (after the office’s minutes since the call, else 409 `too_soon` with ' +
          '`noShowFrom`), redirect (`pointId`: another active point of the office). A stale version is 409 `stale`, a step ' +
          'not allowed 409 `invalid_transition`, both with `allowed`.',
        params: ticketStepKey,
        body: stepInput,
        response: { 200: stepAnswer, ...problems },
      },
    },
    async (request) => {
      const r = await takeTicketStep(contextOf(request), request.params.id, request.params.step, request.body);
      const t = r.ticket;
      return {
        ticket: { id: t.id, number: t.number, status: t.status, pointId: t.pointId, version: t.version },
        allowed: r.allowed,
      };
    },
  );
}
