import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { messageRef } from '../../dispatch/messages/index.ts';
import { windowStateSchema } from '../apartments/schemas.ts';
import { contextOf } from '../context.ts';
import { bigIdParam, idParam, problems } from '../schemas.ts';
import readingFileRoutes from './file-routes.ts';
import { historySchema, readingSchema, windowInput } from './schemas.ts';
import { meterHistory, submitReading } from './service.ts';
import { setBuildingReadingWindow, setMunicipalityReadingWindow } from './windows.ts';

/** A meter's readings: a resident or the company submits one, and reads the history. */
const meterReadingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/meters/:id/readings',
    {
      config: { access: { action: 'reading.submit', record: 'meter' } },
      schema: {
        operationId: 'submitReading',
        tags: ['readings'],
        summary: 'Передать показания / Submit a reading',
        description:
          'One value per tariff. Refused (422) before the window opens, below the previous reading (unless the meter was replaced), negative; ' +
          'taken and flagged late after it closes. A second submission in the same period while the window is open replaces the first.',
        params: bigIdParam,
        body: z.strictObject({
          values: z
            .array(z.number({ error: messageRef('field.expected_number') }))
            .min(1, messageRef('field.values_count'))
            .max(3, messageRef('field.values_count')),
        }),
        response: { 200: readingSchema, 201: readingSchema, ...problems },
      },
    },
    async (request, reply) => {
      const result = await submitReading(contextOf(request), request.params.id, request.body.values);
      return reply.code(result.replaced ? 200 : 201).send(result);
    },
  );

  app.get(
    '/meters/:id/readings',
    {
      config: { access: { action: 'reading.read', record: 'meter' } },
      schema: {
        operationId: 'meterHistory',
        tags: ['readings'],
        summary: 'История показаний счётчика / A meter’s readings',
        params: bigIdParam,
        response: { 200: historySchema, ...problems },
      },
    },
    async (request) => meterHistory(contextOf(request), request.params.id),
  );
};

/** The days of the month readings are taken on: a building's own, or its municipality's. */
const readingWindowRoutes: FastifyPluginAsyncZod = async (app) => {
  app.put(
    '/housing/buildings/:id/reading-window',
    {
      config: { access: { action: 'apartment.manage', record: 'building' } },
      schema: {
        operationId: 'setBuildingReadingWindow',
        tags: ['readings'],
        summary: 'Окно приёма показаний дома / A building’s reading window',
        description: 'null: the building follows its municipality’s window.',
        params: idParam,
        body: windowInput.nullable(),
        response: { 200: windowStateSchema, ...problems },
      },
    },
    async (request) => setBuildingReadingWindow(contextOf(request), request.params.id, request.body),
  );

  app.put(
    '/admin/reading-window',
    {
      config: { access: { action: 'admin.buildings' } },
      schema: {
        operationId: 'setMunicipalityReadingWindow',
        tags: ['readings'],
        summary: 'Окно приёма показаний муниципалитета / The municipality’s reading window',
        body: windowInput,
        response: { 200: z.object({ fromDay: z.number().int(), toDay: z.number().int() }), ...problems },
      },
    },
    async (request) => setMunicipalityReadingWindow(contextOf(request), request.body),
  );
};

/** Meter readings: submitting, history, the company's import and export (file-routes.ts), reading windows. */
const readingRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(meterReadingRoutes);
  await app.register(readingFileRoutes);
  await app.register(readingWindowRoutes);
};

export default readingRoutes;
