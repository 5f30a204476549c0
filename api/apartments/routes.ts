import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { bigIdParam, bigRecordIdParam, idParam, problems, userText } from '../schemas.ts';
import { updateApartment } from './edit-apartment.ts';
import apartmentLinkRoutes from './link-routes.ts';
import { deleteApartment } from './remove-apartment.ts';
import residentApartmentRoutes from './resident-routes.ts';
import {
  apartmentChangeSchema,
  apartmentInput,
  apartmentOutSchema,
  apartmentPatch,
  companyApartmentSchema,
  localDay,
  meterInput,
  ownWindowSchema,
  required,
  timestamp,
  values,
  windowStateSchema,
} from './schemas.ts';
import {
  addMeter,
  createApartments,
  listApartmentChanges,
  listBuildingApartments,
  listHousingBuildings,
  recordMeterReplacement,
  retireMeter,
  updateMeter,
} from './service.ts';

/*
 * Apartments and residents' links to them (issue 6): the resident's side (resident-routes.ts), the
 * company's decisions on links (link-routes.ts), and here the company's buildings, apartments and
 * meters. Records of buildings the actor does not work for answer 404, as if absent.
 */
const apartmentRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(residentApartmentRoutes);
  await app.register(apartmentLinkRoutes);

  app.get(
    '/housing/buildings',
    {
      config: { access: { action: 'apartment.manage' } },
      schema: {
        operationId: 'listHousingBuildings',
        tags: ['readings'],
        summary: 'Дома компании / The company’s buildings',
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(),
                address: z.string(),
                apartments: z.number().int(),
                meters: z.number().int().describe('Meters in service'),
                window: windowStateSchema,
                ownWindow: z.boolean(),
                ownDays: ownWindowSchema,
              }),
            ),
          }),
          ...problems,
        },
      },
    },
    async (request) => ({ items: await listHousingBuildings(contextOf(request)) }),
  );

  app.get(
    '/housing/buildings/:id/apartments',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'listBuildingApartments',
        tags: ['readings'],
        summary: 'Квартиры и счётчики дома / A building’s apartments and meters',
        params: idParam,
        response: {
          200: z.object({
            building: z.object({
              id: z.number().int(),
              address: z.string(),
              window: windowStateSchema,
              ownDays: ownWindowSchema,
            }),
            items: z.array(companyApartmentSchema),
          }),
          ...problems,
        },
      },
    },
    async (request) => listBuildingApartments(contextOf(request), request.params.id),
  );

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
        body: z.strictObject({
          apartments: z
            .array(apartmentInput)
            .min(1, 'хотя бы одна / at least one')
            .max(20_000, 'не больше 20000 / at most 20000'),
        }),
        response: {
          201: z.object({
            created: z.array(z.object({ id: z.number().int(), number: z.string() })),
            existing: z.array(z.string()),
          }),
          ...problems,
        },
      },
    },
    async (request, reply) => {
      const result = await createApartments(contextOf(request), request.params.id, request.body.apartments);
      return reply.code(201).send(result);
    },
  );

  app.post(
    '/housing/apartments/:id/meters',
    {
      config: { access: { action: 'apartment.manage', record: 'apartment' } },
      schema: {
        operationId: 'addMeter',
        tags: ['readings'],
        summary: 'Добавить счётчик / Add a meter',
        params: idParam,
        body: meterInput,
        response: { 201: z.object({ id: z.number().int() }), ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ id: await addMeter(contextOf(request), request.params.id, request.body) }),
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
        body: z
          .strictObject({ reason: userText(500).optional().describe('Told to residents whose requests are rejected') })
          .nullish(),
        response: {
          200: z.object({ id: z.number().int(), rejectedLinks: z.number().int(), retiredMeters: z.number().int() }),
          ...problems,
        },
      },
    },
    async (request) =>
      deleteApartment(contextOf(request), {
        apartmentId: request.params.id,
        reason: request.body?.reason || null,
        publicUrl: app.config.PUBLIC_URL,
      }),
  );

  app.get(
    '/housing/buildings/:id/apartment-changes',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'listApartmentChanges',
        tags: ['readings'],
        summary: 'История изменений квартир дома / A building’s apartment change history',
        description: 'Newest first: who, when, the field, old and new values; removals with the apartment as it was.',
        params: idParam,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(500).default(100),
          before: bigRecordIdParam.optional().describe('nextCursor of the previous page'),
        }),
        response: {
          200: z.object({ items: z.array(apartmentChangeSchema), nextCursor: z.number().int().nullable() }),
          ...problems,
        },
      },
    },
    async (request) => listApartmentChanges(contextOf(request), request.params.id, request.query),
  );

  app.patch(
    '/housing/meters/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'updateMeter',
        tags: ['readings'],
        summary: 'Изменить номер или дату поверки / Change a meter’s serial or verification date',
        params: bigIdParam,
        body: z.strictObject({
          serialNumber: required(60).optional(),
          verificationDue: localDay.nullable().optional(),
        }),
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await updateMeter(contextOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/housing/meters/:id/replacement',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'recordMeterReplacement',
        tags: ['readings'],
        summary: 'Отметить замену счётчика / Record a meter replacement',
        description:
          'Readings after it are compared with the new meter’s initial values, so a lower reading is accepted.',
        params: bigIdParam,
        body: z.strictObject({
          at: timestamp.optional().describe('When it was replaced; now when absent'),
          newSerialNumber: required(60),
          initialValues: values,
          verificationDue: localDay.nullable().default(null),
          note: userText(500).nullable().default(null),
        }),
        response: { 201: z.object({ id: z.number().int() }), ...problems },
      },
    },
    async (request, reply) =>
      reply.code(201).send({ id: await recordMeterReplacement(contextOf(request), request.params.id, request.body) }),
  );

  app.post(
    '/housing/meters/:id/retire',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'retireMeter',
        tags: ['readings'],
        summary: 'Снять счётчик / Retire a meter',
        params: bigIdParam,
        response: { 204: z.null(), ...problems },
      },
    },
    async (request, reply) => {
      await retireMeter(contextOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
export default apartmentRoutes;
