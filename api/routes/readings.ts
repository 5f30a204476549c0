import { recordAccess } from '../../db/queries/audit.ts';
import { accessContext } from '../audit.ts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  getBuildingFacts,
  getMunicipalityWindow,
  getMeter,
  lockMeter,
  hasConfirmedLink,
  importContext,
  exportReadings,
  type ExportRow,
  type MeterFacts,
  meterHistory,
  meterReplacementsOf,
  type ReadingWrite,
  upsertReadings,
} from '../../db/queries/readings.ts';
import { meterKinds, readingSources } from '../../db/schema/meters.ts';
import { can } from '../../dispatch/permissions.ts';
import {
  identificationProblem,
  type ImportRefusal,
  type ParsedImportLine,
  readImportCsv,
} from '../../dispatch/readings-import.ts';
import { checkReading, type MeterKind, periodOf, type ReadingFlag, windowPosition } from '../../dispatch/readings.ts';
import { type CsvColumn, toCsv } from '../../dispatch/stats.ts';
import { BadRequest, Conflict, NotFound, Unprocessable } from '../errors.ts';
import { authorize } from '../plugins/auth.ts';
import { bigIdParam, filePart, parseInput, problems, recordId, recordIdParam } from '../schemas.ts';
import { type Cell, XLSX_TYPE, xlsx } from '../xlsx.ts';
import apartmentRoutes, {
  authorizeBuilding,
  buildingResource,
  companyScope,
  reasonText,
  windowOut,
  windowStateSchema,
} from './apartments.ts';

/*
 * Meter readings (issue 6): one per meter and month, checked by dispatch/readings.ts. A resident
 * with a confirmed link submits for their apartment's meters; the building's company submits one
 * by one or imports a file for all its buildings; both read the history; the company exports a
 * period. A resubmission in the same period while the window is open replaces the values.
 */

const timestamp = z.iso.datetime({ offset: true });
const flagValues = ['high_consumption', 'zero_three_periods', 'verification_overdue', 'late'] as const;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const period = z.string().regex(PERIOD, 'ГГГГ-ММ / YYYY-MM');

const readingSchema = z
  .object({
    meterId: z.number().int(),
    period: z.string(),
    values: z.array(z.number()),
    consumption: z
      .array(z.number())
      .nullable()
      .describe('Since the previous reading, per tariff; null for a first reading'),
    flags: z.array(z.enum(flagValues)),
    replaced: z.boolean().describe('An earlier reading of this period was replaced'),
  })
  .meta({ id: 'ReadingResult' });

const historySchema = z
  .object({
    meter: z.object({
      id: z.number().int(),
      kind: z.enum(meterKinds),
      tariffs: z.number().int(),
      serialNumber: z.string(),
      verificationDue: z.string().nullable(),
    }),
    window: windowStateSchema,
    items: z.array(
      z.object({
        period: z.string(),
        values: z.array(z.number()),
        consumption: z.array(z.number()).nullable(),
        flags: z.array(z.string()),
        source: z.enum(readingSources),
        submittedAt: timestamp,
      }),
    ),
  })
  .meta({ id: 'MeterHistory' });

// Line numbers go through an integer column of the import's work table (db/queries/readings.ts).
const LINE_MAX = 2 ** 31 - 1;
const lineMessage = `номер строки: целое число 1…${LINE_MAX} / a line number: a whole number 1..${LINE_MAX}`;

const importRow = z.strictObject({
  line: z
    .number({ error: lineMessage })
    .int(lineMessage)
    .positive(lineMessage)
    .max(LINE_MAX, lineMessage)
    .optional()
    .describe('The line number to report; the row’s position (from 1) when absent'),
  serial: z.string().trim().min(1).max(60).optional(),
  buildingId: recordId.optional(),
  apartment: z.string().trim().min(1).max(20).optional(),
  account: z.string().trim().min(1).max(40).optional(),
  kind: z.enum(meterKinds).optional(),
  values: z.array(z.number()).min(1).max(3),
  period: period.optional(),
});
const importBody = z.strictObject({
  rows: z
    .array(importRow)
    .min(1, 'хотя бы одна строка / at least one row')
    .max(200_000, 'не больше 200000 строк / at most 200,000 rows'),
});

const importReportSchema = z
  .object({
    period: z.string(),
    received: z.number().int(),
    accepted: z.number().int(),
    replaced: z.number().int().describe('Of the accepted: replaced a reading of the same period'),
    flagged: z.record(z.enum(flagValues), z.number().int()),
    refusedCount: z.number().int(),
    refused: z
      .array(z.object({ line: z.number().int(), field: z.string(), reason: z.string() }))
      .describe('The first 1000 refused lines, by line'),
  })
  .meta({ id: 'ReadingImportReport' });

const MAX_REPORTED = 1000;
// 100,000 apartments of one company fit with room to spare (about 60 bytes a row).
const IMPORT_BODY_LIMIT = 64 * 1024 * 1024;

const kindNames: Record<MeterKind, [string, string]> = {
  cold_water: ['ХВС', 'Cold water'],
  hot_water: ['ГВС', 'Hot water'],
  electricity: ['Электроэнергия', 'Electricity'],
  heating: ['Отопление', 'Heating'],
  gas: ['Газ', 'Gas'],
};

function moscowTime(at: Date): string {
  // Europe/Moscow, as the users read it: 2026-11-20 14:05
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Moscow',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).format(at);
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

const exportColumns: CsvColumn<ExportRow>[] = [
  { ru: 'Адрес', en: 'Address', value: (r) => r.address },
  { ru: 'Квартира', en: 'Apartment', value: (r) => r.apartment },
  { ru: 'Лицевой счёт', en: 'Account', value: (r) => r.account },
  { ru: 'Счётчик', en: 'Meter kind', value: (r) => kindNames[r.kind][0] },
  { ru: 'Заводской номер', en: 'Serial', value: (r) => r.serialNumber },
  { ru: 'Т1', en: 'T1', value: (r) => r.values[0] },
  { ru: 'Т2', en: 'T2', value: (r) => r.values[1] ?? null },
  { ru: 'Т3', en: 'T3', value: (r) => r.values[2] ?? null },
  {
    ru: 'Расход',
    en: 'Consumption',
    value: (r) => (r.consumption ? round3(r.consumption.reduce((s, v) => s + v, 0)) : null),
  },
  { ru: 'Отметки', en: 'Flags', value: (r) => r.flags.join(' ') },
  { ru: 'Передано (МСК)', en: 'Submitted (Moscow)', value: (r) => moscowTime(r.submittedAt) },
];

const readingRoutes: FastifyPluginAsyncZod = async (app) => {
  // Apartments, links and meters come with the readings (one registration in app.ts).
  await app.register(apartmentRoutes);

  /**
   * The meter, if the actor may act on it: a resident needs a confirmed link to its apartment, the
   * company must manage its building. Anyone else: 404, as if it did not exist.
   */
  async function meterFor(
    request: FastifyRequest,
    action: 'reading.read' | 'reading.submit',
    meterId: number,
  ): Promise<MeterFacts> {
    authorize(request, action);
    const actor = request.actor!;
    const meter = await getMeter(app.db, meterId);
    if (!meter) throw new NotFound('Счётчик / Meter');
    if (actor.role === 'resident') {
      const linked = await hasConfirmedLink(app.db, actor.userId, meter.apartmentId);
      if (!can(actor, action, { municipalityId: meter.building.municipalityId, ownerId: linked ? actor.userId : null }))
        throw new NotFound('Счётчик / Meter');
    } else if (!can(actor, action, buildingResource(meter.building))) {
      throw new NotFound('Счётчик / Meter');
    }
    return meter;
  }

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
      const meter = await meterFor(request, 'reading.submit', request.params.id);
      if (meter.retiredAt)
        throw new Unprocessable('Счётчик снят. The meter is retired.', [
          { field: 'id', reason: 'счётчик снят / the meter is retired' },
        ]);
      const now = app.clock();
      const actor = request.actor!;
      const result = await app.db.transaction(async (tx) => {
        // One submission per meter at a time: the second waits and then sees the first.
        if ((await lockMeter(tx, meter.id)).retired)
          throw new Unprocessable('Счётчик снят. The meter is retired.', [
            { field: 'id', reason: 'счётчик снят / the meter is retired' },
          ]);
        const current = periodOf(now, meter.building.window.timeZone);
        const stored = await meterHistory(tx, meter.id);
        const existing = stored.find((r) => r.period === current);
        const history = stored
          .filter((r) => r.period !== current)
          .map((r) => ({ at: r.submittedAt, values: r.values }));
        const decision = checkReading(
          {
            id: meter.id,
            kind: meter.kind,
            tariffs: meter.tariffs,
            verificationDue: meter.verificationDue ? new Date(`${meter.verificationDue}T23:59:59Z`) : null,
          },
          request.body.values,
          history,
          await meterReplacementsOf(tx, meter.id),
          meter.building.window,
          now,
        );
        if (!decision.ok) {
          const before = decision.problems.some((p) => p.field === 'at');
          throw new Unprocessable(
            before
              ? 'Окно приёма показаний ещё не открыто. The reading window is not open yet.'
              : 'Показания не приняты. The reading was refused.',
            decision.problems.map((p) => ({
              field: p.field === 'at' ? 'at' : `body.${p.field}`,
              reason: reasonText(p),
            })),
          );
        }
        if (existing && windowPosition(now, meter.building.window) !== 'open') {
          throw new Conflict(
            'Показания за этот месяц уже переданы, окно закрыто. This month’s reading is in and the window has closed.',
          );
        }
        const write: ReadingWrite = {
          meterId: meter.id,
          period: decision.period,
          values: request.body.values,
          consumption: decision.consumption?.map(round3) ?? null,
          flags: decision.flags,
          source: actor.role === 'resident' ? 'resident' : 'company',
          submittedBy: actor.userId,
          submittedAt: now,
        };
        await upsertReadings(tx, [write]);
        return {
          meterId: meter.id,
          period: decision.period,
          values: write.values,
          consumption: write.consumption,
          flags: decision.flags,
          replaced: existing !== undefined,
        };
      });
      request.log.info({ meterId: meter.id, period: result.period, flags: result.flags }, 'reading submitted');
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
    async (request) => {
      const meter = await meterFor(request, 'reading.read', request.params.id);
      const items = await meterHistory(app.db, meter.id);
      return {
        meter: {
          id: meter.id,
          kind: meter.kind,
          tariffs: meter.tariffs,
          serialNumber: meter.serialNumber,
          verificationDue: meter.verificationDue,
        },
        window: windowOut(meter.building, app.clock()),
        items: items.map((r) => ({ ...r, submittedAt: r.submittedAt.toISOString() })),
      };
    },
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
    async (request) => {
      const scope = companyScope(request, 'reading.submit');
      const actor = request.actor!;
      const started = performance.now();
      const phases: Record<string, number> = {};
      const lap = (name: string) => {
        phases[name] = Math.round(performance.now() - started - Object.values(phases).reduce((s, v) => s + v, 0));
      };
      const municipalityWindow = await getMunicipalityWindow(app.db, actor.municipalityId);
      if (!municipalityWindow) throw new NotFound('Муниципалитет / Municipality');
      const now = app.clock();
      const current = periodOf(now, municipalityWindow.timeZone);

      let lines: ParsedImportLine[];
      const refused: ImportRefusal[] = [];
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: IMPORT_BODY_LIMIT } });
        if (file?.fieldname !== 'file')
          throw new BadRequest('Нет файла. No file.', [
            { field: 'file', reason: 'CSV в поле file / a CSV in the file field' },
          ]);
        const text = (await file.toBuffer()).toString('utf8');
        if (text.includes('\uFFFD'))
          throw new BadRequest('Файл не в UTF-8. The file is not UTF-8.', [
            { field: 'file', reason: 'сохраните CSV в UTF-8 / save the CSV as UTF-8' },
          ]);
        const parsed = readImportCsv(text);
        if (parsed.headerProblem)
          throw new Unprocessable('Не тот формат файла. Unexpected file layout.', [
            { field: 'file', reason: parsed.headerProblem },
          ]);
        lines = parsed.lines;
        refused.push(...parsed.refused);
      } else {
        const body = parseInput(importBody, request.body, 'body');
        lines = body.rows.map((r, i) => ({
          line: r.line ?? i + 1,
          buildingId: r.buildingId ?? null,
          apartment: r.apartment ?? null,
          account: r.account ?? null,
          kind: r.kind ?? null,
          serial: r.serial ?? null,
          values: r.values,
          period: r.period ?? null,
        }));
      }
      const received = lines.length + refused.length;
      const seenLines = new Set<number>();
      lines = lines.filter((l) => {
        const identification = identificationProblem(l);
        const problem: ImportRefusal | null = seenLines.has(l.line)
          ? { line: l.line, field: 'line', reason: 'номер строки повторяется / repeated line number' }
          : l.period !== null && l.period !== current
            ? {
                line: l.line,
                field: 'period',
                reason: `принимается только текущий месяц ${current} / only the current period ${current} is taken`,
              }
            : identification
              ? { line: l.line, field: identification, reason: 'не указано, какой счётчик / which meter is not said' }
              : null;
        seenLines.add(l.line);
        if (problem) refused.push(problem);
        return problem === null;
      });

      lap('parse');
      const flagged: Record<ReadingFlag, number> = {
        high_consumption: 0,
        zero_three_periods: 0,
        verification_overdue: 0,
        late: 0,
      };
      let replaced = 0;
      const writes: ReadingWrite[] = [];
      await app.db.transaction(async (tx) => {
        const contexts = new Map((await importContext(tx, scope, current, lines)).map((c) => [c.line, c]));
        lap('context');
        const meterSeen = new Set<number>();
        for (const l of lines) {
          const c = contexts.get(l.line);
          const field = l.serial !== null ? 'serial' : l.apartment !== null ? 'apartment' : 'account';
          if (!c || c.meterCount === 0 || !c.meter) {
            refused.push(
              c && c.meterCount > 1
                ? {
                    line: l.line,
                    field,
                    reason:
                      'подходит несколько счётчиков: укажите заводской номер / several meters match: give the serial',
                  }
                : {
                    line: l.line,
                    field,
                    reason: 'нет такого счётчика в ваших домах / no such meter in your buildings',
                  },
            );
            continue;
          }
          const m = c.meter;
          if (meterSeen.has(m.id)) {
            refused.push({
              line: l.line,
              field,
              reason: 'этот счётчик уже принят строкой выше / this meter was taken from an earlier line',
            });
            continue;
          }
          const decision = checkReading(
            {
              id: m.id,
              kind: m.kind,
              tariffs: m.tariffs,
              verificationDue: m.verificationDue ? new Date(`${m.verificationDue}T23:59:59Z`) : null,
            },
            l.values,
            c.history,
            c.replacements,
            m.window,
            now,
          );
          if (!decision.ok) {
            for (const p of decision.problems) refused.push({ line: l.line, field: p.field, reason: reasonText(p) });
            continue;
          }
          if (c.hasCurrent && windowPosition(now, m.window) !== 'open') {
            refused.push({
              line: l.line,
              field: 'period',
              reason:
                'показания за месяц уже есть, окно закрыто / this month’s reading is in and the window has closed',
            });
            continue;
          }
          meterSeen.add(m.id);
          if (c.hasCurrent) replaced++;
          for (const f of decision.flags) flagged[f]++;
          writes.push({
            meterId: m.id,
            period: decision.period,
            values: l.values,
            consumption: decision.consumption?.map(round3) ?? null,
            flags: decision.flags,
            source: 'import',
            submittedBy: actor.userId,
            submittedAt: now,
          });
        }
        lap('rules');
        await upsertReadings(tx, writes);
      });
      lap('write');
      refused.sort((a, b) => a.line - b.line);
      request.log.info(
        { received, accepted: writes.length, refused: refused.length, period: current, ms: phases },
        'readings imported',
      );
      return {
        period: current,
        received,
        accepted: writes.length,
        replaced,
        flagged,
        refusedCount: refused.length,
        refused: refused.slice(0, MAX_REPORTED),
      };
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
      const scope = companyScope(request, 'reading.export');
      const { buildingId } = request.query;
      if (buildingId !== undefined)
        authorizeBuilding(request, 'reading.export', await getBuildingFacts(app.db, buildingId));
      const filtered = await exportReadings(app.db, scope, request.query.period, buildingId ?? null);
      // Apartments and account numbers of a building's residents: the export is recorded as one bulk read.
      await recordAccess(app.db, accessContext(request, app.clock()), [
        {
          kind: 'reading.export',
          subjectUserId: null,
          record: `readings:${request.query.period}:building:${buildingId ?? 'all'}:rows:${filtered.length}`,
        },
      ]);
      const name = `otklik-readings-${request.query.period}`;
      if (request.query.format === 'xlsx') {
        const header: Cell[] = exportColumns.map((c) => `${c.ru} / ${c.en}`);
        const body: Cell[][] = filtered.map((r) =>
          exportColumns.map((c) => {
            const v = c.value(r);
            return v === undefined || typeof v === 'boolean' ? (v === undefined ? null : String(v)) : v;
          }),
        );
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="${name}.xlsx"`)
          .serializer((p: unknown) => p as string)
          .send(xlsx(`Показания ${request.query.period}`, [header, ...body]) as never);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}.csv"`)
        .serializer((p: unknown) => p as string)
        .send(toCsv(exportColumns, filtered) as never);
    },
  );
};

export default readingRoutes;
