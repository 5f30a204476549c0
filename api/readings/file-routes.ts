import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { render } from '../../dispatch/messages/index.ts';
import { accessContext } from '../accounts/access-context.ts';
import { contextOf } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { languageOf } from '../language.ts';
import { filePart, parseInput, problems, recordIdParam } from '../schemas.ts';
import { exportReadings, readingsCsv, readingsXlsx } from './export-readings.ts';
import { importReadings } from './import-readings.ts';
import { importBody, importReportSchema, period } from './schemas.ts';
import { XLSX_TYPE } from './xlsx.ts';

// 100,000 apartments of one company fit with room to spare (about 60 bytes a row).
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

/**
 * The company's files of readings: an import (JSON rows or a CSV), each refused line reported with
 * its reason in the reader's language, and a period's export as CSV or XLSX.
 */
const readingFileRoutes: FastifyPluginAsyncZod = async (app) => {
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
    async (request) => {
      const report = await importReadings(contextOf(request), async () => {
        if (!request.isMultipart()) return { rows: parseInput(importBody, request.body, 'body').rows };
        const file = await request.file({ limits: { fileSize: IMPORT_BODY_LIMIT } });
        if (file?.fieldname !== 'file')
          throw new BadRequest({ id: 'reading.import.no_file' }, [
            { field: 'file', reason: { id: 'reading.import.csv_in_file' } },
          ]);
        return { csv: (await file.toBuffer()).toString('utf8') };
      });
      const lang = languageOf(request);
      return { ...report, refused: report.refused.map((r) => ({ ...r, reason: render(r.reason, lang) })) };
    },
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
};

export default readingFileRoutes;
