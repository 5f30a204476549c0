import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { contextOf } from '../context.ts';
import { idParam, problems } from '../schemas.ts';
import { updateApartment } from './edit-apartment.ts';
import { deleteApartment } from './remove-apartment.ts';
import {
  apartmentOutSchema,
  apartmentPatch,
  apartmentsCreated,
  apartmentsInput,
  removalBody,
  removalSchema,
} from './schemas.ts';
import { createApartments } from './service.ts';

/** The company keeps a building's apartments: adds them (one or many), changes one, removes one. */
const apartmentRecordRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/housing/buildings/:id/apartments',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        operationId: 'createApartments',
        tags: ['readings'],
        summary: 'Внести квартиры (одну или много) / Add apartments (one or many)',
        description:
          'Set-based: any number of apartments with their meters in two statements. Numbers already in the building are reported, not changed.',
        params: idParam,
        body: apartmentsInput,
        response: {
          201: apartmentsCreated,
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const result = await createApartments(contextOf(request), request.params.id, request.body.apartments);
      return reply.code(201).send(result);
    },
  );

  app.patch(
    '/housing/apartments/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'apartment' } },
      schema: {
        operationId: 'updateApartment',
        tags: ['readings'],
        summary: 'Изменить квартиру / Change an apartment',
        description:
          'Renumber it, fix its personal account, entrance, floor or area. Only the fields given change. ' +
          '409 when `version` is stale (`currentVersion`) or another apartment of the building has the number (`field`); ' +
          '422 names each field that breaks a rule. Every changed field is recorded (who, when, old and new value).',
        params: idParam,
        body: apartmentPatch,
        response: { 200: apartmentOutSchema, ...problems },
      },
    },
    async (request) => updateApartment(contextOf(request), request.params.id, request.body),
  );

  app.delete(
    '/housing/apartments/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'apartment' } },
      schema: {
        operationId: 'deleteApartment',
        tags: ['readings'],
        summary: 'Удалить квартиру / Remove an apartment',
        description:
          'Only an apartment with no readings and no confirmed residents (else 409 naming why in `blockers`: retire its meters instead). ' +
          'Its pending link requests are rejected with the reason and the residents told (`apartment_link`); its meters are retired; the removal is recorded.',
        params: idParam,
        body: removalBody,
        response: { 200: removalSchema, ...problems },
      },
    },
    async (request) =>
      deleteApartment(contextOf(request), {
        apartmentId: request.params.id,
        reason: request.body?.reason || null,
        publicUrl: app.config.PUBLIC_URL,
      }),
  );
};
export default apartmentRecordRoutes;
