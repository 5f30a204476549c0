import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  catchUpStats,
  categoryMunicipality,
  dimensionNames,
  districtMunicipality,
  heatCells,
  listManagementCompanies,
  organisationMunicipality,
  overdueByDimension,
  type StatsFilter,
  statsByDimension,
  statsDimensions,
} from '../../db/queries/stats.ts';
import { type Actor, scopeOf } from '../../dispatch/permissions.ts';
import {
  addSums,
  CELL_DEGREES,
  type CsvColumn,
  cellBounds,
  dayNumber,
  defaultPeriod,
  type Figures,
  figuresOf,
  MAX_PERIOD_DAYS,
  STATS_TIME_ZONE,
  rankByCompliance,
  toCsv,
  weeksOf,
} from '../../dispatch/stats.ts';
import { Forbidden, HttpProblem, NotFound, Unauthorized, Unprocessable } from '../errors.ts';
import { problems, recordIdParam } from '../schemas.ts';

const day = z.iso.date({ error: 'ожидается дата ГГГГ-ММ-ДД / expected a date YYYY-MM-DD' });

const periodQuery = {
  from: day
    .optional()
    .describe('Первый день периода (по Москве) / first day of the period, Moscow time; default: Monday 11 weeks ago'),
  to: day
    .optional()
    .describe('Последний день периода включительно / last day of the period, inclusive; default: today'),
  format: z.enum(['json', 'csv']).default('json').describe('csv: UTF-8 with BOM, Russian / English headers'),
};
const filterQuery = {
  organisationId: recordIdParam.optional().describe('only this organisation (organisations always see only their own)'),
  districtId: recordIdParam.optional(),
  categoryId: recordIdParam.optional(),
};

const figuresSchema = {
  received: z.number().int().describe('обращений получено / appeals received'),
  accepted: z.number().int(),
  resolved: z.number().int(),
  compliant: z.number().int().describe('resolved with neither SLA clock breached'),
  breached: z.number().int().describe('response or resolution deadline missed'),
  slaCompliance: z.number().nullable().describe('compliant ÷ (compliant + breached), 0…1'),
  acceptMedianHours: z.number().nullable(),
  acceptP90Hours: z.number().nullable(),
  resolveMedianHours: z.number().nullable(),
  resolveP90Hours: z.number().nullable(),
  overdueNow: z.number().int().describe('open and past a running deadline now'),
  reopened: z.number().int(),
  reopenRate: z.number().nullable().describe('reopened ÷ resolved'),
};
const periodSchema = z.object({ from: z.string(), to: z.string(), timeZone: z.string() });

const breakdownItem = z
  .object({
    /** The organisation, district or category; null for "none" and for weeks. */
    id: z.number().int().nullable(),
    /** The Monday of the week (by=week), else null. */
    week: z.string().nullable(),
    nameRu: z.string(),
    nameEn: z.string(),
    ...figuresSchema,
  })
  .meta({ id: 'StatsRow' });
const breakdownResponse = z
  .object({
    period: periodSchema,
    by: z.enum(statsDimensions),
    items: z.array(breakdownItem),
    total: z.object(figuresSchema),
  })
  .meta({ id: 'StatsBreakdown' });

const leagueItem = z
  .object({ rank: z.number().int(), id: z.number().int(), nameRu: z.string(), nameEn: z.string(), ...figuresSchema })
  .meta({ id: 'LeagueRow' });
const leagueResponse = z
  .object({ period: periodSchema, companies: z.number().int(), items: z.array(leagueItem) })
  .meta({ id: 'StatsLeague' });

const heatItem = z
  .object({
    x: z.number().int(),
    y: z.number().int(),
    west: z.number(),
    south: z.number(),
    east: z.number(),
    north: z.number(),
    appeals: z.number().int(),
  })
  .meta({ id: 'HeatCell' });
const heatResponse = z
  .object({
    period: periodSchema,
    cell: z.object({ factor: z.number().int(), lonDegrees: z.number(), latDegrees: z.number() }),
    total: z.number().int(),
    items: z.array(heatItem),
  })
  .meta({ id: 'StatsHeatmap' });

const NONE = {
  organisation: ['Не назначена', 'Not assigned'],
  district: ['Вне районов', 'No district'],
  category: ['Без категории', 'No category'],
} as const;

/** CSV columns of the figures every table shares. */
const figureColumns: CsvColumn<Figures>[] = [
  { ru: 'Получено', en: 'Received', value: (r) => r.received },
  { ru: 'Принято в работу', en: 'Accepted', value: (r) => r.accepted },
  { ru: 'Решено', en: 'Resolved', value: (r) => r.resolved },
  { ru: 'В срок', en: 'Within SLA', value: (r) => r.compliant },
  { ru: 'С нарушением срока', en: 'SLA breached', value: (r) => r.breached },
  { ru: 'Соблюдение сроков, доля', en: 'SLA compliance, share', value: (r) => r.slaCompliance },
  { ru: 'Время принятия, медиана, ч', en: 'Time to accept, median, h', value: (r) => r.acceptMedianHours },
  {
    ru: 'Время принятия, 90-й процентиль, ч',
    en: 'Time to accept, 90th percentile, h',
    value: (r) => r.acceptP90Hours,
  },
  { ru: 'Время решения, медиана, ч', en: 'Time to resolve, median, h', value: (r) => r.resolveMedianHours },
  {
    ru: 'Время решения, 90-й процентиль, ч',
    en: 'Time to resolve, 90th percentile, h',
    value: (r) => r.resolveP90Hours,
  },
  { ru: 'Просрочено сейчас', en: 'Overdue now', value: (r) => r.overdueNow },
  { ru: 'Повторно открыто', en: 'Reopened', value: (r) => r.reopened },
  { ru: 'Доля повторных открытий', en: 'Reopen rate', value: (r) => r.reopenRate },
];
const dimensionHeader: Record<(typeof statsDimensions)[number], [string, string]> = {
  organisation: ['Организация', 'Organisation'],
  district: ['Район', 'District'],
  category: ['Категория', 'Category'],
  week: ['Неделя с', 'Week of'],
};

type Period = { from: string; to: string };

/** The period asked for, or the default; 422 naming the field when it is not a period. */
function periodOf(q: { from?: string; to?: string }, now: Date): Period {
  const fallback = defaultPeriod(now);
  const period = { from: q.from ?? fallback.from, to: q.to ?? fallback.to };
  if (period.from > period.to) {
    throw new Unprocessable('Начало периода позже его конца. The period starts after it ends.', [
      { field: q.to !== undefined ? 'querystring.to' : 'querystring.from', reason: 'from ≤ to' },
    ]);
  }
  if (dayNumber(period.to) - dayNumber(period.from) + 1 > MAX_PERIOD_DAYS) {
    throw new Unprocessable(
      `Период длиннее ${MAX_PERIOD_DAYS} дней. The period is longer than ${MAX_PERIOD_DAYS} days.`,
      [
        {
          field: q.from !== undefined ? 'querystring.from' : 'querystring.to',
          reason: `не больше ${MAX_PERIOD_DAYS} дней / at most ${MAX_PERIOD_DAYS} days`,
        },
      ],
    );
  }
  return period;
}

/** Send a CSV document as an attachment. */
function sendCsv(reply: FastifyReply, name: string, period: Period, csv: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="otklik-${name}-${period.from}-${period.to}.csv"`)
    .serializer((payload: unknown) => payload as string)
    .send(csv as never);
}

/** City-hall statistics for the actor's municipality, or for its own organisation. */
const statsRoutes: FastifyPluginAsyncZod = async (app) => {
  /**
   * Who may see what: the municipality's figures, optionally narrowed; an organisation's staff
   * only their own organisation (naming another is 403, naming nothing means their own).
   */
  async function filterFor(
    request: FastifyRequest,
    q: { organisationId?: number; districtId?: number; categoryId?: number },
    period: Period,
  ): Promise<{ filter: StatsFilter; actor: NonNullable<Actor> }> {
    const actor = request.actor;
    if (!actor) throw new Unauthorized();
    const scope = scopeOf(actor, 'stats.read');
    let organisationId = q.organisationId;
    if (scope === 'organisation' && actor.organisationId !== null) {
      if (organisationId !== undefined && organisationId !== actor.organisationId) {
        throw new HttpProblem(
          403,
          'forbidden',
          'Только показатели своей организации. Only your own organisation’s figures.',
          {
            errors: [{ field: 'querystring.organisationId', reason: 'не ваша организация / not your organisation' }],
          },
        );
      }
      organisationId = actor.organisationId;
    } else if (scope !== 'municipality') {
      throw new Forbidden();
    }
    // A reference from another municipality is not there for this actor.
    if (
      q.organisationId !== undefined &&
      (await organisationMunicipality(app.db, q.organisationId)) !== actor.municipalityId
    )
      throw new NotFound('Организация / Organisation');
    if (q.districtId !== undefined && (await districtMunicipality(app.db, q.districtId)) !== actor.municipalityId)
      throw new NotFound('Район / District');
    if (q.categoryId !== undefined && (await categoryMunicipality(app.db, q.categoryId)) !== actor.municipalityId)
      throw new NotFound('Категория / Category');
    // Fold in the newest events first, unless another request is already doing it.
    await catchUpStats(app.db, { wait: false });
    return {
      actor,
      filter: {
        municipalityId: actor.municipalityId,
        ...period,
        organisationId,
        districtId: q.districtId,
        categoryId: q.categoryId,
      },
    };
  }

  const periodOut = (p: Period) => ({ ...p, timeZone: STATS_TIME_ZONE });

  app.get(
    '/stats/figures',
    {
      config: { access: { action: 'stats.read' } },
      schema: {
        operationId: 'statsFigures',
        tags: ['stats'],
        summary:
          'Показатели по организациям, районам, категориям или неделям / Figures by organisation, district, category or week',
        description:
          'Appeals received in the period (Moscow days, default the last 12 weeks) grouped one way, with SLA compliance, ' +
          'median and 90th-percentile times to accept and to resolve (from fixed-bucket histograms), overdue now, ' +
          'reopen rate, and the total. by=week is the trend series (every week of the period, empty ones too). ' +
          'format=csv: the same table as CSV (UTF-8 with BOM).',
        querystring: z.object({ by: z.enum(statsDimensions).default('organisation'), ...periodQuery, ...filterQuery }),
        response: { 200: breakdownResponse, ...problems },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const period = periodOf(q, app.clock());
      const { filter } = await filterFor(request, q, period);
      const [groups, overdue] = await Promise.all([
        statsByDimension(app.db, filter, q.by),
        overdueByDimension(app.db, filter, q.by, app.clock()),
      ]);
      const byKey = new Map(groups.map((g) => [g.key, g]));
      const keys = new Set([...byKey.keys(), ...overdue.keys()]);
      if (q.by === 'week') for (const w of weeksOf(period.from, period.to)) keys.add(w);
      const empty = addSums([]);
      const names =
        q.by === 'week'
          ? new Map()
          : await dimensionNames(
              app.db,
              q.by,
              [...keys].map(Number).filter((k) => k > 0),
            );
      const items = [...keys].map((key) => {
        const figures = figuresOf(byKey.get(key) ?? empty, overdue.get(key) ?? 0);
        if (q.by === 'week')
          return { id: null, week: key, nameRu: `Неделя с ${key}`, nameEn: `Week of ${key}`, ...figures };
        const ref = names.get(Number(key));
        const [ru, en] = NONE[q.by];
        return {
          id: Number(key) > 0 ? Number(key) : null,
          week: null,
          nameRu: ref?.nameRu ?? ru,
          nameEn: ref?.nameEn ?? en,
          ...figures,
        };
      });
      items.sort((a, b) =>
        q.by === 'week'
          ? (a.week ?? '').localeCompare(b.week ?? '')
          : (a.id === null ? 1 : 0) - (b.id === null ? 1 : 0) || a.nameRu.localeCompare(b.nameRu, 'ru'),
      );
      const total = figuresOf(
        addSums(groups),
        [...overdue.values()].reduce((a, b) => a + b, 0),
      );
      if (q.format === 'csv') {
        const [ru, en] = dimensionHeader[q.by];
        const columns: CsvColumn<(typeof items)[number]>[] = [
          ...(q.by === 'week' ? [] : [{ ru: 'Код', en: 'Id', value: (r: (typeof items)[number]) => r.id }]),
          { ru, en, value: (r) => (q.by === 'week' ? r.week : r.nameRu) },
          ...(q.by === 'week'
            ? []
            : [{ ru: `${ru} (англ.)`, en: `${en} (English)`, value: (r: (typeof items)[number]) => r.nameEn }]),
          ...figureColumns,
        ];
        const totalRow = { id: null, week: null, nameRu: 'Итого', nameEn: 'Total', ...total };
        return sendCsv(
          reply,
          `stats-${q.by}`,
          period,
          toCsv(columns, [...items, q.by === 'week' ? { ...totalRow, week: 'Итого / Total' } : totalRow]),
        );
      }
      return { period: periodOut(period), by: q.by, items, total };
    },
  );

  app.get(
    '/stats/league',
    {
      config: { access: { action: 'stats.read' } },
      schema: {
        operationId: 'statsLeague',
        tags: ['stats'],
        summary: 'Рейтинг управляющих компаний / League table of management companies',
        description:
          'Every management company of the municipality ranked by SLA compliance over the period (then fewer breaches, ' +
          'then more appeals); companies with nothing decided yet come last. An organisation sees only its own row, with its rank.',
        querystring: z.object({
          ...periodQuery,
          districtId: filterQuery.districtId,
          categoryId: filterQuery.categoryId,
        }),
        response: { 200: leagueResponse, ...problems },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const period = periodOf(q, app.clock());
      const { filter, actor } = await filterFor(request, q, period);
      // Rank among all companies: read the whole municipality, then show an organisation its own row.
      const all = { ...filter, organisationId: undefined };
      const [companies, groups, overdue] = await Promise.all([
        listManagementCompanies(app.db, actor.municipalityId),
        statsByDimension(app.db, all, 'organisation'),
        overdueByDimension(app.db, all, 'organisation', app.clock()),
      ]);
      const byKey = new Map(groups.map((g) => [g.key, g]));
      const ranked = rankByCompliance(
        companies.map((c) => ({
          ...c,
          figures: figuresOf(byKey.get(String(c.id)) ?? addSums([]), overdue.get(String(c.id)) ?? 0),
        })),
      );
      const items = ranked
        .filter((r) => filter.organisationId === undefined || r.id === filter.organisationId)
        .map(({ figures, ...r }) => ({ rank: r.rank, id: r.id, nameRu: r.nameRu, nameEn: r.nameEn, ...figures }));
      if (q.format === 'csv') {
        const columns: CsvColumn<(typeof items)[number]>[] = [
          { ru: 'Место', en: 'Rank', value: (r) => r.rank },
          { ru: 'Код', en: 'Id', value: (r) => r.id },
          { ru: 'Управляющая компания', en: 'Management company', value: (r) => r.nameRu },
          { ru: 'Управляющая компания (англ.)', en: 'Management company (English)', value: (r) => r.nameEn },
          ...figureColumns,
        ];
        return sendCsv(reply, 'league', period, toCsv(columns, items));
      }
      return { period: periodOut(period), companies: companies.length, items };
    },
  );

  app.get(
    '/stats/heatmap',
    {
      config: { access: { action: 'stats.read' } },
      schema: {
        operationId: 'statsHeatmap',
        tags: ['stats'],
        summary: 'Тепловая карта обращений / Heat map: appeals per grid cell',
        description:
          `Appeals received in the period per grid cell of ${CELL_DEGREES.lon}° longitude × ${CELL_DEGREES.lat}° latitude ` +
          '(about 630 × 555 m in Kazan), or of cells `cell` times larger; the busiest first.',
        querystring: z.object({
          ...periodQuery,
          organisationId: filterQuery.organisationId,
          cell: z.coerce
            .number()
            .int()
            .pipe(
              z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)], {
                error: 'ожидается 1, 2, 4 или 8 / expected 1, 2, 4 or 8',
              }),
            )
            .default(1),
        }),
        response: { 200: heatResponse, ...problems },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const period = periodOf(q, app.clock());
      const { filter } = await filterFor(request, q, period);
      const cells = await heatCells(app.db, filter, q.cell);
      const items = cells.map((c) => ({ ...c, ...cellBounds(c.x, c.y, q.cell) }));
      if (q.format === 'csv') {
        const columns: CsvColumn<(typeof items)[number]>[] = [
          { ru: 'Запад, долгота', en: 'West, longitude', value: (r) => r.west },
          { ru: 'Юг, широта', en: 'South, latitude', value: (r) => r.south },
          { ru: 'Восток, долгота', en: 'East, longitude', value: (r) => r.east },
          { ru: 'Север, широта', en: 'North, latitude', value: (r) => r.north },
          { ru: 'Обращений', en: 'Appeals', value: (r) => r.appeals },
        ];
        return sendCsv(reply, 'heatmap', period, toCsv(columns, items));
      }
      return {
        period: periodOut(period),
        cell: { factor: q.cell, lonDegrees: CELL_DEGREES.lon * q.cell, latDegrees: CELL_DEGREES.lat * q.cell },
        total: items.reduce((a, c) => a + c.appeals, 0),
        items,
      };
    },
  );
};
export default statsRoutes;
