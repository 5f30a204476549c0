import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import {
  type MapFilters,
  type MapPoint,
  type MapScope,
  mapGridCells,
  mapPoints,
  type SlaContext,
} from '../../db/queries/map.ts';
import { selectSlaPolicies } from '../../db/queries/sla-policies.ts';
import { appealStatuses, categoryGroups, priorities } from '../../db/schema/index.ts';
import {
  atRiskIfDueBy,
  coveringRange,
  defaultMapStatuses,
  type GridCell,
  MAX_CELLS_ACROSS,
  MAX_ZOOM,
  MIN_ZOOM,
  maxSpanDegrees,
  mergeCells,
  openStatuses,
  rangeBox,
  rangeWithinLimit,
  slaStates,
} from '../../dispatch/map.ts';
import { defaultSlaPolicy, type SlaTarget } from '../../dispatch/sla.ts';
import { BadRequest } from '../errors.ts';
import { StaleWhileRevalidate } from '../map-cache.ts';
import { authorize } from '../plugins/auth.ts';
import { bboxParam, problems } from '../schemas.ts';

/** Up to this many appeals in view are sent one by one; more are clustered. */
export const MAX_POINTS = 500;
/**
 * Zooms up to this one (a district on screen and wider) are answered from one cached grid of the
 * whole scope at this zoom, merged into coarser cells: counting 100,000 appeals on every pan takes
 * 30–300 ms of database time, merging the cached cells a millisecond or two. Finer zooms (a few
 * blocks on screen) see few enough appeals to count them on each request.
 */
export const CACHED_ZOOM = 15;
// The cached grids are at most this old (plus one reload) at city scale; street scale is always live.
const DEFAULT_CACHE_MS = 5000;
// Each key is one scope and filter combination: the public map's defaults, a few filters, the dispatchers.
const CACHE_ENTRIES = 64;

const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);

const zoomMessage = `масштаб: целое число ${MIN_ZOOM}–${MAX_ZOOM} / zoom: a whole number ${MIN_ZOOM}–${MAX_ZOOM}`;

const mapQuery = z.object({
  bbox: z
    .string({ error: 'обязателен: minLon,minLat,maxLon,maxLat / required: minLon,minLat,maxLon,maxLat' })
    .pipe(bboxParam)
    .describe('minLon,minLat,maxLon,maxLat (the viewport)'),
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
  categoryId: idParam.optional(),
  view: z
    .enum(['public', 'sla'])
    .default('public')
    .describe('sla: every open appeal of your municipality with its SLA state (dispatchers, city hall, admins)'),
});

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

const mapResponse = z
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

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The deadlines that are at risk at `now`, per priority and per category with its own policy. */
async function slaContext(db: Db, municipalityId: number, now: Date): Promise<SlaContext> {
  const rows = await selectSlaPolicies(db, municipalityId);
  const deadlines = (accept: SlaTarget, resolve: SlaTarget) => ({
    response: atRiskIfDueBy(accept, now),
    resolution: atRiskIfDueBy(resolve, now),
  });
  const byPriority = Object.fromEntries(
    priorities.map((priority) => {
      const wide = rows.find((r) => r.categoryId === null && r.priority === priority);
      const policy = wide
        ? {
            accept: { duration: wide.acceptDuration, calendar: wide.acceptCalendar },
            resolve: { duration: wide.resolveDuration, calendar: wide.resolveCalendar },
          }
        : defaultSlaPolicy(priority);
      return [priority, deadlines(policy.accept, policy.resolve)];
    }),
  ) as SlaContext['byPriority'];
  const overrides = rows
    .filter((r) => r.categoryId !== null)
    .map((r) => ({
      categoryId: r.categoryId!,
      priority: r.priority,
      ...deadlines(
        { duration: r.acceptDuration, calendar: r.acceptCalendar },
        { duration: r.resolveDuration, calendar: r.resolveCalendar },
      ),
    }));
  return { now, byPriority, overrides };
}

function clusterView(c: GridCell, zoom: number) {
  return {
    key: `${zoom}/${c.cx}/${c.cy}`,
    lat: round6(c.sumLat / c.count),
    lon: round6(c.sumLon / c.count),
    count: c.count,
    byStatus: c.byStatus,
    ...(c.bySla ? { bySla: c.bySla } : {}),
    ...(c.count === 1 ? { appealId: c.minId } : {}),
  };
}

const mapRoutes: FastifyPluginAsyncZod<{ cacheMs?: number }> = async (app, opts) => {
  const cacheMs = opts.cacheMs ?? DEFAULT_CACHE_MS;
  const cache = new StaleWhileRevalidate<GridCell[]>({
    ttlMs: cacheMs,
    maxEntries: CACHE_ENTRIES,
    clock: app.clock,
    log: app.log,
  });

  app.get(
    '/map/appeals',
    {
      config: { access: { action: 'appeal.read_public' } },
      schema: {
        operationId: 'mapAppeals',
        tags: ['map'],
        summary: 'Обращения на карте: точки или кластеры / Appeals on the map: points or clusters',
        description:
          `The appeals in a viewport: one by one when at most ${MAX_POINTS}, otherwise counted per grid cell of 64 screen ` +
          'pixels at the zoom (web mercator; the viewport is widened to whole cells). Public view: public appeals of every ' +
          'municipality, no personal data. view=sla: the open appeals of your municipality with their SLA state. ' +
          `Up to zoom ${CACHED_ZOOM} the counts may be up to ${DEFAULT_CACHE_MS / 1000} s old (asOf); finer zooms are live.`,
        querystring: mapQuery,
        response: { 200: mapResponse, ...problems },
      },
    },
    async (request) => {
      const q = request.query;
      const sla = q.view === 'sla';
      authorize(request, sla ? 'dispatch.queue' : 'appeal.read_public');
      const range = coveringRange(q.bbox, q.zoom);
      if (!rangeWithinLimit(range)) {
        const span = Math.round(maxSpanDegrees(q.zoom) * 1e4) / 1e4;
        throw new BadRequest('Слишком большая область для этого масштаба. The box is too large for this zoom.', [
          {
            field: 'querystring.bbox',
            reason:
              `на масштабе ${q.zoom} — не больше ${MAX_CELLS_ACROSS} × ${MAX_CELLS_ACROSS} ячеек (≈ ${span}° по долготе); уменьшите масштаб / ` +
              `at zoom ${q.zoom} at most ${MAX_CELLS_ACROSS} × ${MAX_CELLS_ACROSS} cells (about ${span}° of longitude); zoom out`,
          },
        ]);
      }
      if (sla && q.status?.some((s) => !openStatuses.includes(s))) {
        throw new BadRequest(
          'Карта сроков показывает только открытые обращения. The SLA view shows open appeals only.',
          [
            {
              field: 'querystring.status',
              reason: `только ${openStatuses.join(', ')} / only ${openStatuses.join(', ')}`,
            },
          ],
        );
      }
      const scope: MapScope = sla
        ? { kind: 'municipality', municipalityId: request.actor!.municipalityId }
        : { kind: 'public' };
      const filters: MapFilters = {
        statuses: [...(q.status ?? (sla ? openStatuses : defaultMapStatuses))].sort(),
        group: q.group,
        categoryId: q.categoryId,
      };
      const slaAt = async (at: Date) =>
        scope.kind === 'municipality' ? await slaContext(app.db, scope.municipalityId, at) : undefined;
      const now = app.clock();
      let slaNow: Promise<SlaContext | undefined> | null = null;
      const slaContextNow = () => {
        slaNow ??= slaAt(now);
        return slaNow;
      };
      const pointsAnswer = (points: MapPoint[], asOf: Date) => ({
        mode: 'points' as const,
        total: points.length,
        points: points.map((p) => ({ ...p, lat: round6(p.lat), lon: round6(p.lon) })),
        clusters: [],
        asOf: asOf.toISOString(),
      });
      const clustersAnswer = (cells: GridCell[], total: number, asOf: Date) => ({
        mode: 'clusters' as const,
        total,
        points: [],
        // the biggest first: a client short of room draws those
        clusters: cells.map((c) => clusterView(c, q.zoom)).sort((a, b) => b.count - a.count),
        asOf: asOf.toISOString(),
      });

      // Count first (city scale: from the cached grid of the whole scope; street scale: now, in the
      // viewport), then fetch the appeals themselves only when few are in view.
      let cells: GridCell[];
      let countedAt: Date;
      if (cacheMs > 0 && q.zoom <= CACHED_ZOOM) {
        const key = JSON.stringify([scope, filters]);
        const cached = await cache.get(key, async (now) =>
          mapGridCells(app.db, { zoom: CACHED_ZOOM, range: null, scope, filters, sla: await slaAt(now) }),
        );
        cells = mergeCells(cached.value, CACHED_ZOOM, range);
        countedAt = cached.takenAt;
      } else {
        countedAt = now;
        cells = await mapGridCells(app.db, { zoom: q.zoom, range, scope, filters, sla: await slaContextNow() });
      }
      const total = cells.reduce((n, c) => n + c.count, 0);
      let answer: ReturnType<typeof pointsAnswer> | ReturnType<typeof clustersAnswer> = clustersAnswer(
        cells,
        total,
        countedAt,
      );
      if (total <= MAX_POINTS) {
        const points = await mapPoints(app.db, {
          range,
          scope,
          filters,
          sla: await slaContextNow(),
          limit: MAX_POINTS + 1,
        });
        // (the cached counts may be a little behind: more than fit after all keeps the clusters)
        if (points.length <= MAX_POINTS) answer = pointsAnswer(points, now);
      }
      const box = rangeBox(range);
      return {
        view: q.view,
        zoom: q.zoom,
        bbox: [round6(box.minLon), round6(box.minLat), round6(box.maxLon), round6(box.maxLat)] as [
          number,
          number,
          number,
          number,
        ],
        ...answer,
      };
    },
  );
};
export default mapRoutes;
