import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { hallView } from './display.ts';
import { checkIn, checkInAtDesk, issueKioskKey, kioskOffice, kioskView, walkIn } from './kiosk.ts';
import {
  checkInInput,
  hallAnswer,
  issuedTicket,
  kioskAnswer,
  kioskHeaders,
  kioskKeyAnswer,
  officeKey,
  walkInInput,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
const tags = ['hall'];
const kiosk = { public: 'a kiosk in the office’s hall, by the office’s kiosk key' } as const;

/** Arrival: the kiosk's key and screen, check-in, walk-in tickets; and the public hall display. */
export function kioskRoutes(app: App) {
  keyRoutes(app);
  arrivalRoutes(app);
  displayRoutes(app);
}

/** The office's kiosk key and the kiosk's screen. */
function keyRoutes(app: App) {
  app.post(
    '/offices/:id/kiosk-key',
    {
      config: { access: { action: 'office.manage', record: 'office', visibleTo: 'office.read' } },
      schema: {
        operationId: 'issueKioskKey',
        tags,
        summary: 'Новый ключ киоска / Issue a kiosk key',
        description: 'A new random key for the office’s kiosks, shown once; the previous key stops working.',
        params: officeKey,
        response: { 201: kioskKeyAnswer, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await issueKioskKey(contextOf(request), request.params.id)),
  );

  app.get(
    '/offices/:id/kiosk',
    {
      // Public facts of the office: kept by a browser or proxy as the key it was read with says (Vary).
      config: { access: kiosk, cache: { maxAge: 0 } },
      schema: {
        operationId: 'showKiosk',
        tags,
        summary: 'Экран киоска / The kiosk’s screen',
        description:
          'The office, whether it takes walk-ins, and the services a walk-in may take now. Header X-Kiosk-Key (else 401).',
        params: officeKey,
        headers: kioskHeaders,
        response: { 200: kioskAnswer, ...problems },
      },
    },
    async (request, reply) => {
      reply.header('vary', 'X-Kiosk-Key');
      return kioskView(contextOf(request), request.params.id, request.headers['x-kiosk-key']);
    },
  );
}

/** Check-in at the kiosk or the desk, walk-in tickets. */
function arrivalRoutes(app: App) {
  app.post(
    '/offices/:id/kiosk/check-in',
    {
      config: { access: kiosk },
      schema: {
        operationId: 'kioskCheckIn',
        tags,
        summary: 'Отметиться по коду записи / Check in by booking code',
        description:
          'This office’s booking of today, still booked. Too early: 422 naming `code` with `opensAt`; on time: a booked ' +
          'ticket; late: a walk-in ticket with the minutes late recorded. Header X-Kiosk-Key (else 401).',
        params: officeKey,
        headers: kioskHeaders,
        body: checkInInput,
        response: { 201: issuedTicket, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { office, timeZone } = await kioskOffice(ctx, request.params.id, request.headers['x-kiosk-key']);
      return reply.code(201).send(await checkIn(ctx, office, timeZone, request.body.code));
    },
  );

  app.post(
    '/offices/:id/kiosk/walk-in',
    {
      config: { access: kiosk },
      schema: {
        operationId: 'kioskWalkIn',
        tags,
        summary: 'Талон без записи / A walk-in ticket',
        description:
          'When the office takes walk-ins, is open now and gives the service now (else 422 naming `serviceId`). Header X-Kiosk-Key (else 401).',
        params: officeKey,
        headers: kioskHeaders,
        body: walkInInput,
        response: { 201: issuedTicket, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const { office, timeZone } = await kioskOffice(ctx, request.params.id, request.headers['x-kiosk-key']);
      return reply.code(201).send(await walkIn(ctx, office, timeZone, request.body.serviceId));
    },
  );

  app.post(
    '/offices/:id/check-in',
    {
      config: { access: { action: 'hall.operate', record: 'office', visibleTo: 'office.read' } },
      schema: {
        operationId: 'deskCheckIn',
        tags,
        summary: 'Отметить посетителя на ресепшене / Check a client in at the desk',
        description: 'As the kiosk’s check-in, by the office’s staff.',
        params: officeKey,
        body: checkInInput,
        response: { 201: issuedTicket, ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await checkInAtDesk(contextOf(request), request.params.id, request.body.code)),
  );
}

/** The hall display. */
function displayRoutes(app: App) {
  app.get(
    '/offices/:id/hall',
    {
      config: { access: { action: 'office.read', record: 'office' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'showHall',
        tags,
        summary: 'Табло зала ожидания / The hall display',
        description:
          'The tickets called or served now with their points (the last called first, at most 8) and how many wait per ' +
          'service. Live: topic hall:{officeId}. No personal data.',
        params: officeKey,
        response: { 200: hallAnswer, ...problems },
      },
    },
    async (request) => hallView(contextOf(request), request.params.id, app.live.queueFeed.position),
  );
}
