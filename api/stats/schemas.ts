import { z } from 'zod';
import { statsDimensions } from '../../db/queries/stats.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { MAX_PERIOD_DAYS } from '../../dispatch/stats.ts';
import { recordIdParam } from '../schemas.ts';

const day = z.iso.date({ error: messageRef('stats.field.date') });

const periodQuery = {
  from: day
    .optional()
    .describe(
      'Первый день периода (по Москве), не позже to, период не длиннее ' +
        `${MAX_PERIOD_DAYS} дней / first day of the period, Moscow time, not after to, the period at most ` +
        `${MAX_PERIOD_DAYS} days; default: Monday 11 weeks ago`,
    ),
  to: day
    .optional()
    .describe(
      'Последний день периода включительно, не раньше from / last day of the period, inclusive, not before ' +
        'from; default: today',
    ),
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
  overdueNow: z
    .number()
    .int()
    .describe(
      'open and past a running deadline now, whenever received (not limited to the period); by=week: of those received that week',
    ),
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
export const breakdownResponse = z
  .object({
    period: periodSchema,
    by: z.enum(statsDimensions),
    items: z.array(breakdownItem),
    total: z.object(figuresSchema),
  })
  .meta({ id: 'StatsBreakdown' });

const leagueItem = z
  .object({
    rank: z.number().int(),
    id: z.number().int(),
    nameRu: z.string(),
    nameEn: z.string(),
    decided: z.number().int().describe('решено или просрочено: compliant + breached, the volume the rank rests on'),
    slaLowerBound: z
      .number()
      .nullable()
      .describe(
        'the rank key: Wilson score lower bound (95 %) of compliant ÷ decided, 0…1; null when nothing was decided',
      ),
    ...figuresSchema,
  })
  .meta({ id: 'LeagueRow' });
export const leagueResponse = z
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
export const heatResponse = z
  .object({
    period: periodSchema,
    cell: z.object({ factor: z.number().int(), lonDegrees: z.number(), latDegrees: z.number() }),
    total: z.number().int(),
    items: z.array(heatItem),
  })
  .meta({ id: 'StatsHeatmap' });

export const figuresQuery = z.object({
  by: z.enum(statsDimensions).default('organisation'),
  ...periodQuery,
  ...filterQuery,
});
export type FiguresQuery = z.infer<typeof figuresQuery>;

export const leagueQuery = z.object({
  ...periodQuery,
  districtId: filterQuery.districtId,
  categoryId: filterQuery.categoryId,
});
export type LeagueQuery = z.infer<typeof leagueQuery>;

export const heatmapQuery = z.object({
  ...periodQuery,
  organisationId: filterQuery.organisationId,
  cell: z.coerce
    .number()
    .int()
    .pipe(
      z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)], {
        error: messageRef('stats.field.cell'),
      }),
    )
    .default(1)
    .meta({ enum: [1, 2, 4, 8] }),
});
export type HeatmapQuery = z.infer<typeof heatmapQuery>;
