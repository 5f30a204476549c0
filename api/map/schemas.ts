import { z } from 'zod';
import { appealStatuses, categoryGroups } from '../../db/schema/index.ts';
import { MAX_POINTS, MAX_ZOOM, MIN_ZOOM, slaStates } from '../../dispatch/map.ts';
import { messageRef } from '../../dispatch/messages/index.ts';
import { bboxParam, bboxPattern, recordIdParam } from '../schemas.ts';

const zoomMessage = messageRef('map.field.zoom', { min: MIN_ZOOM, max: MAX_ZOOM });
const maxPointsMessage = messageRef('field.range', { min: 0, max: MAX_POINTS });

export const mapQuery = z.object({
  bbox: z
    .string({ error: messageRef('map.field.bbox_required') })
    .regex(bboxPattern, messageRef('field.bbox'))
    .pipe(bboxParam)
    .describe(
      'minLon,minLat,maxLon,maxLat (the viewport); at most 64 grid cells of the zoom across each side ' +
        '(360 × 64 / 2^(zoom + 2) degrees: a whole-world box needs a low zoom)',
    ),
  zoom: z.coerce
    .number({ error: zoomMessage })
    .int(zoomMessage)
    .min(MIN_ZOOM, zoomMessage)
    .max(MAX_ZOOM, zoomMessage)
    .describe('The map zoom (web mercator, as Leaflet’s); the cluster cells are 64 screen pixels at this zoom'),
  status: z
    .union([z.enum(appealStatuses), z.array(z.enum(appealStatuses))])
    .transform((v) => (Array.isArray(v) ? [...new Set(v)] : [v]))
    .optional()
    .describe('Default: new, assigned, accepted, needs_info, resolved, reopened (view=sla: the open ones)'),
  group: z.enum(categoryGroups).optional(),
  categoryId: recordIdParam.optional(),
  maxPoints: z.coerce
    .number({ error: maxPointsMessage })
    .int(maxPointsMessage)
    .min(0, maxPointsMessage)
    .max(MAX_POINTS, maxPointsMessage)
    .default(MAX_POINTS)
    .describe(
      'Send the appeals one by one only when at most this many are in view, else clusters: a city-scale map asks ' +
        'for fewer to see counts (0: always clusters)',
    ),
  view: z
    .enum(['public', 'sla'])
    .default('public')
    .describe('sla: every open appeal of your municipality with its SLA state (dispatchers, city hall, admins)'),
});
export type MapQuery = z.infer<typeof mapQuery>;

const lat = z.number();
const lon = z.number();
const byStatus = z
  .partialRecord(z.enum(appealStatuses), z.number().int())
  .describe('Appeals per status (statuses with none left out)');
const bySla = z
  .object({ on_time: z.number().int(), at_risk: z.number().int(), breached: z.number().int() })
  .describe('Open appeals per SLA state (view=sla)');

const mapPointSchema = z
  .object({
    id: z.number().int(),
    number: z.string(),
    status: z.enum(appealStatuses),
    categoryId: z.number().int(),
    group: z.enum(categoryGroups),
    lat,
    lon,
    sla: z
      .enum(slaStates)
      .optional()
      .describe(
        'view=sla: breached once a clock went past its deadline, at_risk with ≥ 75 % of a running clock’s allowance used',
      ),
  })
  .meta({ id: 'MapPoint' });

const mapClusterSchema = z
  .object({
    key: z.string().describe('zoom/x/y of the grid cell: stable while the map pans'),
    lat: lat.describe('the centre of its appeals'),
    lon,
    count: z.number().int(),
    byStatus,
    bySla: bySla.optional(),
    appealId: z.number().int().optional().describe('The appeal, when the cell holds only one'),
  })
  .meta({ id: 'MapCluster' });

export const mapResponse = z
  .object({
    view: z.enum(['public', 'sla']),
    mode: z.enum(['points', 'clusters']),
    zoom: z.number().int(),
    bbox: z
      .tuple([z.number(), z.number(), z.number(), z.number()])
      .describe('minLon,minLat,maxLon,maxLat actually covered: the viewport widened to whole grid cells'),
    total: z.number().int().describe('Appeals in the covered box (the sum of the clusters, or the points)'),
    points: z.array(mapPointSchema),
    clusters: z.array(mapClusterSchema),
    asOf: z.iso
      .datetime({ offset: true })
      .describe('When the counts were taken: up to a few seconds ago at city scale'),
  })
  .meta({ id: 'MapAppeals' });
