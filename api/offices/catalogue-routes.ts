import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { problems } from '../schemas.ts';
import { createCatalogueService, listCatalogueServices, patchCatalogueService } from './catalogue.ts';
import {
  appointmentServiceCreate,
  appointmentServiceOut,
  appointmentServicePatch,
  appointmentServicesAnswer,
  serviceKey,
} from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** The catalogue of services one books: the municipality's admin keeps it, supervisors read it. */
export function catalogueRoutes(app: App) {
  app.get(
    '/admin/appointment-services',
    {
      config: { access: { action: 'office.manage' } },
      schema: {
        operationId: 'listAdminAppointmentServices',
        tags: ['offices'],
        summary: 'Услуги для записи / Services one books',
        description: "The municipality's catalogue, inactive services too.",
        response: { 200: appointmentServicesAnswer, ...problems },
      },
    },
    async (request) => listCatalogueServices(contextOf(request)),
  );

  app.post(
    '/admin/appointment-services',
    {
      config: { access: { action: 'office.manage' } },
      schema: {
        operationId: 'createAdminAppointmentService',
        tags: ['offices'],
        summary: 'Новая услуга для записи / A new service one books',
        description:
          "The municipality's admin only (a supervisor: 403 `office.catalogue_admin_only`). The code is unique (409); " +
          'the linked e-service is of the municipality (422); the letter of its hall tickets one of the allowed.',
        body: appointmentServiceCreate,
        response: { 201: appointmentServiceOut, ...problems },
      },
    },
    async (request, reply) => reply.code(201).send(await createCatalogueService(contextOf(request), request.body)),
  );

  app.patch(
    '/admin/appointment-services/:id',
    {
      config: { access: { action: 'office.manage', record: 'appointment_service' } },
      schema: {
        operationId: 'updateAdminAppointmentService',
        tags: ['offices'],
        summary: 'Изменить услугу для записи / Change a service one books',
        description:
          'Only the fields given change; `version` is the one read (409 when stale). Deactivating stops new bookings; ' +
          'appointments already booked stay.',
        params: serviceKey,
        body: appointmentServicePatch,
        response: { 200: appointmentServiceOut, ...problems },
      },
    },
    async (request) => patchCatalogueService(contextOf(request), request.params.id, request.body),
  );
}
