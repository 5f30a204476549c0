import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { listBookableServices, listOffices, officeDays, officeSlots, showOffice } from './offices.ts';
import {
  daysAnswer,
  daysQuery,
  officeKey,
  officeQuery,
  officesAnswer,
  officesQuery,
  officeView,
  servicesAnswer,
  servicesQuery,
  slotsAnswer,
  slotsQuery,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];
const tags = ['appointments'];

/** What anyone reads before booking: services, offices, the days of the window, free times. */
export function publicRoutes(app: App) {
  app.get(
    '/appointment-services',
    {
      config: { access: { action: 'office.read' }, cache: { maxAge: 60 } },
      schema: {
        operationId: 'listAppointmentServices',
        tags,
        summary: 'Услуги для записи на приём / Services to book',
        description:
          'A municipality’s services one books at an office: a consultation, handing in or collecting, with the e-service it serves.',
        querystring: servicesQuery,
        response: { 200: servicesAnswer, ...problems },
      },
    },
    async (request) => listBookableServices(contextOf(request), request.query.municipality),
  );

  app.get(
    '/offices',
    {
      // The nearest free day changes with every booking: kept, but checked each time.
      config: { access: { action: 'office.read' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listOffices',
        tags,
        summary: 'Учреждения / Offices',
        description:
          'The municipality’s offices (giving `serviceId` when named): address, map point, how to find it, weekly hours, ' +
          'the services, and with `serviceId` the nearest day with a free slot.',
        querystring: officesQuery,
        response: { 200: officesAnswer, ...problems },
      },
    },
    async (request) => listOffices(contextOf(request), request.query.municipality, request.query.serviceId),
  );

  app.get(
    '/offices/:id',
    {
      config: { access: { action: 'office.read', record: 'office' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'getOffice',
        tags,
        summary: 'Учреждение / An office',
        description: 'Its public card; with `serviceId`, the nearest day with a free slot of it.',
        params: officeKey,
        querystring: officeQuery,
        response: { 200: officeView, ...problems },
      },
    },
    async (request) => showOffice(contextOf(request), request.params.id, request.query.serviceId),
  );
  windowRoutes(app);
}

/** An office's booking window: its days, a day's free times. */
function windowRoutes(app: App) {
  app.get(
    '/offices/:id/days',
    {
      config: { access: { action: 'office.read', record: 'office' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listOfficeDays',
        tags,
        summary: 'Дни записи / The days of the booking window',
        description:
          'Each day from today to the last day open for booking: how many free start times the service has, or why none ' +
          '(a holiday, closed by an exception, a day off of the week, all taken).',
        params: officeKey,
        querystring: daysQuery,
        response: { 200: daysAnswer, ...problems },
      },
    },
    async (request) => officeDays(contextOf(request), request.params.id, request.query.serviceId),
  );

  app.get(
    '/offices/:id/slots',
    {
      config: { access: { action: 'office.read', record: 'office' }, cache: { maxAge: 0 } },
      schema: {
        operationId: 'listOfficeSlots',
        tags,
        summary: 'Свободное время / Free times of a day',
        description: 'The free start times of the service on a local day (none outside the booking window).',
        params: officeKey,
        querystring: slotsQuery,
        response: { 200: slotsAnswer, ...problems },
      },
    },
    async (request) => officeSlots(contextOf(request), request.params.id, request.query.serviceId, request.query.date),
  );
}
