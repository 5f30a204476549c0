import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { contextOf } from '../context.ts';
import { bigIdParam, idParam, problems } from '../schemas.ts';
import { meterChange, meterInput, replacementInput } from './schemas.ts';
import { addMeter, recordMeterReplacement, retireMeter, updateMeter } from './service.ts';

/** The company keeps an apartment's meters: adds one, changes it, records its replacement, retires it. */
const meterRoutes: FastifyPluginAsyncZod = async (app) => {
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
    '/housing/meters/:id',
    {
      config: { access: { action: 'apartment.manage', record: 'meter' } },
      schema: {
        operationId: 'updateMeter',
        tags: ['readings'],
        summary: 'Изменить номер или дату поверки / Change a meter’s serial or verification date',
        params: bigIdParam,
        body: meterChange,
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
        body: replacementInput,
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
export default meterRoutes;
