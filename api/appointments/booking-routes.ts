import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { bookAppointment, cancelAppointment, rescheduleAppointment } from './book.ts';
import { appointmentDetail, appointmentQr, myAppointments } from './read.ts';
import {
  appointmentKey,
  appointmentView,
  bookHeaders,
  bookInput,
  cancelInput,
  mineAnswer,
  rescheduleInput,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
const tags = ['appointments'];
const onRecord = (action: 'appointment.read' | 'appointment.change') =>
  ({ access: { action, record: 'appointment' } }) as const;

/** The resident's bookings: book, read, reschedule, cancel; the office's staff read and cancel too. */
export function bookingRoutes(app: App) {
  app.post(
    '/appointments',
    {
      config: { access: { action: 'appointment.create' } },
      schema: {
        operationId: 'bookAppointment',
        tags,
        summary: 'Записаться на приём / Book an appointment',
        description:
          'The signed-in resident books `startsAt` (a free start time of the service at the office). 422 naming ' +
          '`body.startsAt` (past, too soon, beyond the window, a holiday, closed, outside the hours, off the grid), ' +
          '`body.serviceId` (not given there, one booking per service, at most N live bookings) or ' +
          '`body.applicationNumber`. 409 `appointment.slot_taken` when the time was taken meanwhile, with ' +
          '`alternatives`: the nearest free start times (later days too). The same Idempotency-Key answers the booking made.',
        headers: bookHeaders,
        body: bookInput,
        response: { 201: appointmentView, ...problems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const id = await bookAppointment(ctx, request.body, request.headers['idempotency-key']);
      return reply
        .code(201)
        .header('location', `/api/appointments/${id}`)
        .send(await appointmentDetail(ctx, id));
    },
  );

  app.get(
    '/appointments',
    {
      config: { access: { action: 'appointment.create' } },
      schema: {
        operationId: 'listMyAppointments',
        tags,
        summary: 'Мои записи / My appointments',
        description: 'Upcoming (the soonest first) and past (the latest first).',
        response: { 200: mineAnswer, ...problems },
      },
    },
    async (request) => myAppointments(contextOf(request)),
  );
  appointmentRoutes(app);
}

/** One appointment: read it, move it, cancel it, its QR code. */
function appointmentRoutes(app: App) {
  app.get(
    '/appointments/:id',
    {
      config: onRecord('appointment.read'),
      schema: {
        operationId: 'getAppointment',
        tags,
        summary: 'Запись на приём / An appointment',
        description: 'With its steps. The office’s staff also see the person’s name and phone.',
        params: appointmentKey,
        response: { 200: appointmentView, ...problems },
      },
    },
    async (request) => appointmentDetail(contextOf(request), request.params.id),
  );

  changeRoutes(app);
}

/** Moving and cancelling an appointment. */
function changeRoutes(app: App) {
  app.patch(
    '/appointments/:id',
    {
      config: onRecord('appointment.change'),
      schema: {
        operationId: 'rescheduleAppointment',
        tags,
        summary: 'Перенести запись / Reschedule',
        description:
          'To another free time of the same service and office, with the checks of booking (422, 409 with alternatives); ' +
          'the resident until the cut-off (409), a stale `version` 409.',
        params: appointmentKey,
        body: rescheduleInput,
        response: { 200: appointmentView, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await rescheduleAppointment(ctx, request.params.id, request.body);
      return appointmentDetail(ctx, request.params.id);
    },
  );

  app.post(
    '/appointments/:id/cancel',
    {
      config: onRecord('appointment.change'),
      schema: {
        operationId: 'cancelAppointment',
        tags,
        summary: 'Отменить запись / Cancel',
        description:
          'The resident until the cut-off (409 after); the office’s staff on the person’s behalf with a `reason` (422 ' +
          'without), the person told. A stale `version` 409.',
        params: appointmentKey,
        body: cancelInput,
        response: { 200: appointmentView, ...problems },
      },
    },
    async (request) => {
      const ctx = contextOf(request);
      await cancelAppointment(ctx, request.params.id, request.body);
      return appointmentDetail(ctx, request.params.id);
    },
  );

  app.get(
    '/appointments/:id/qr.svg',
    {
      config: onRecord('appointment.read'),
      schema: {
        operationId: 'getAppointmentQr',
        tags,
        summary: 'QR-код записи / The booking code as a QR code',
        description: 'image/svg+xml: the booking code, as the kiosk’s scanner reads it.',
        params: appointmentKey,
        response: { 200: z.string().meta({ description: 'image/svg+xml' }), ...problems },
      },
    },
    async (request, reply) => {
      const svg = await appointmentQr(contextOf(request), request.params.id);
      return reply
        .type('image/svg+xml')
        .serializer((payload: unknown) => payload as string)
        .send(svg as never);
    },
  );
}
