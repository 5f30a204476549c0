import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { render } from '../../dispatch/messages/index.ts';
import { contextOf } from '../context.ts';
import { languageOf } from '../language.ts';
import { problems } from '../schemas.ts';
import { exportPassports, importPassports } from './csv.ts';
import { importAnswer, importQuery } from './schemas.ts';

type App = Parameters<FastifyPluginAsyncZod>[0];

/** Passports in bulk, as CSV (the text/csv body parser is the module's, in routes.ts). */
export function csvRoutes(app: App) {
  app.get(
    '/passports/export',
    {
      config: { access: { action: 'passport.import' } },
      schema: {
        operationId: 'exportPassports',
        tags: ['passports'],
        summary: 'Выгрузить паспорта в CSV / Export passports as CSV',
        description:
          'One row per building (a company’s own buildings, or the municipality’s for an admin), UTF-8 with BOM, ' +
          'header of stable column names: buildingId, address (ignored on import), version, every field by its dotted ' +
          'path, then `elevators` and `overhauls`, each one cell: items separated by " ; ", fields by " | " ' +
          '(elevators: entrance | serial | capacityKg | commissionedYear | lastInspection | manufacturer; ' +
          'overhauls: year | works | cost | contractor).',
        response: { 200: z.string().meta({ description: 'text/csv' }), ...problems },
      },
    },
    async (request, reply) => {
      const { csv, day } = await exportPassports(contextOf(request));
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="otklik-passports-${day}.csv"`)
        .send(csv as never);
    },
  );

  app.post(
    '/passports/import',
    {
      config: { access: { action: 'passport.import' } },
      schema: {
        operationId: 'importPassports',
        tags: ['passports'],
        summary: 'Загрузить паспорта из CSV / Import passports from CSV',
        description:
          'Body: text/csv in the export’s format (comma or semicolon; columns may be left out and keep their values). ' +
          'Each line is checked on its own and the valid ones are applied (history source "import"); the report ' +
          'names each line’s problems. A `version` other than the current one refuses the line. `dryRun` checks only.',
        querystring: importQuery,
        // Read by the handler (the text/csv parser in routes.ts): documented here, not validated by fastify.
        documentedBody: { 'text/csv': z.string().describe('The export’s format, UTF-8; comma or semicolon') },
        response: { 200: importAnswer, ...problems },
      },
    },
    async (request) => {
      const report = await importPassports(contextOf(request), request.body, request.query.dryRun);
      const lang = languageOf(request);
      const lines = report.lines.map((line) => ({
        ...line,
        errors: line.errors.map((e) => ({ field: e.field, reason: render(e.reason, lang), code: e.reason.id })),
      }));
      return { ...report, lines };
    },
  );
}
