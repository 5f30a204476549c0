import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { windowStateSchema } from '../apartments/schemas.ts';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { bigIdParam, filePart, idParam, parseInput, problems, recordIdParam } from '../schemas.ts';
import { exportReadings, readingsCsv, readingsXlsx } from './export-readings.ts';
import { importReadings } from './import-readings.ts';
import { historySchema, importBody, importReportSchema, period, readingSchema, windowInput } from './schemas.ts';
import { meterHistory, submitReading } from './service.ts';
import { setBuildingReadingWindow, setMunicipalityReadingWindow } from './windows.ts';
import { XLSX_TYPE } from './xlsx.ts';

// 100,000 apartments of one company fit with room to spare (about 60 bytes a row).
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/** Meter readings: submitting, history, the company's import and export, reading windows. */
const readingRoutes: FastifyPluginAsyncZod = async (app) => {
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
            .array(z.number({ error: 'ожидается число / expected a number' }))
            .min(1, 'от 1 до 3 значений / 1 to 3 values')
            .max(3, 'от 1 до 3 значений / 1 to 3 values'),
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

  app.post(
    '/housing/readings/import',
    {
      config: { access: { action: 'reading.submit' } },
      bodyLimit: IMPORT_BODY_LIMIT,
      schema: {
        operationId: 'importReadings',
        tags: ['readings'],
        summary: 'Загрузить показания / Import readings',
        description:
          'application/json `{ rows: [...] }` or multipart/form-data with a CSV file (field `file`; columns serial | building_id + apartment | account, ' +
          'kind, value1..value3, period). The same rules as a single submission, for the current period of the company’s buildings; ' +
          'each refused line is reported with the field and the reason, the rest are taken.',
        // Read by the handler once the actor may submit readings: documented here, not validated by fastify.
        documentedBody: {
          'application/json': importBody,
          'multipart/form-data': z.object({ file: filePart.describe('The CSV, UTF-8') }),
        },
        response: { 200: importReportSchema, ...problems },
      },
    },
    async (request) =>
      importReadings(contextOf(request), async () => {
        if (!request.isMultipart()) return { rows: parseInput(importBody, request.body, 'body').rows };
        const file = await request.file({ limits: { fileSize: IMPORT_BODY_LIMIT } });
        if (file?.fieldname !== 'file')
          throw new BadRequest('Нет файла. No file.', [
            { field: 'file', reason: 'CSV в поле file / a CSV in the file field' },
          ]);
        return { csv: (await file.toBuffer()).toString('utf8') };
      }),
  );

  app.get(
    '/housing/readings/export',
    {
      config: { access: { action: 'reading.export' } },
      schema: {
        operationId: 'exportReadings',
        tags: ['readings'],
        summary: 'Выгрузить показания за месяц / Export a period’s readings',
        description:
          'CSV (UTF-8 with BOM) or XLSX: address, apartment, account, meter, serial, values per tariff, consumption, flags, submitted at (Moscow time).',
        querystring: z.object({
          period,
          format: z.enum(['csv', 'xlsx']).default('csv'),
          buildingId: recordIdParam.optional(),
        }),
        response: { 200: z.string().describe('The file'), ...problems },
      },
    },
    async (request, reply) => {
      const ctx = contextOf(request);
      const q = request.query;
      const rows = await exportReadings(ctx, q, accessContext(request, ctx.clock()));
      const name = `otklik-readings-${q.period}`;
      const xlsx = q.format === 'xlsx';
      return reply
        .type(xlsx ? XLSX_TYPE : 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.${xlsx ? 'xlsx' : 'csv'}"`)
        .serializer((p: unknown) => p as string)
        .send((xlsx ? readingsXlsx(q.period, rows) : readingsCsv(rows)) as never);
    },
  );

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

export default readingRoutes;
