import type { FastifyBaseLogger } from 'fastify';
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
import { priorities } from '../../db/schema/index.ts';
import {
  atRiskIfDueBy,
  type CellRange,
  coveringRange,
  defaultMapStatuses,
  type GridCell,
  MAX_CELLS_ACROSS,
  MAX_POINTS,
  maxSpanDegrees,
  mergeCells,
  openStatuses,
  rangeBox,
  rangeWithinLimit,
} from '../../dispatch/map.ts';
import { defaultSlaPolicy, type SlaTarget } from '../../dispatch/sla.ts';
import { authorizeActor, type Context } from '../context.ts';
import { BadRequest } from '../errors.ts';
import { StaleWhileRevalidate } from './cache.ts';

export { MAX_POINTS };
/** A map request: the route's query, or a caller's with the default number of points. */
type MapRequest = Omit<MapQuery, 'maxPoints'> & { maxPoints?: number };
import type { MapQuery } from './schemas.ts';

/**
 * Zooms up to this one (a district on screen and wider) are answered from one cached grid of the
 * whole scope at this zoom, merged into coarser cells: counting 100,000 appeals on every pan takes
 * 30–300 ms of database time, merging the cached cells a millisecond or two. Finer zooms (a few
 * blocks on screen) see few enough appeals to count them on each request.
 */
export const CACHED_ZOOM = 15;
// The cached grids are at most this old (plus one reload) at city scale; street scale is always live.
export const DEFAULT_CACHE_MS = 5000;
// Each key is one scope and filter combination: the public map's defaults, a few filters, the dispatchers.
const CACHE_ENTRIES = 64;

/** The city-scale grids of one app, per scope and filters; null when caching is off (cacheMs 0). */
export type MapGridCache = StaleWhileRevalidate<GridCell[]> | null;

/** The grid cache of one app: `cacheMs` 0 turns it off (every request counts afresh). */
export function mapGridCache(opts: { cacheMs?: number; clock: () => Date; log: FastifyBaseLogger }): MapGridCache {
  const ttlMs = opts.cacheMs ?? DEFAULT_CACHE_MS;
  if (ttlMs <= 0) return null;
  return new StaleWhileRevalidate<GridCell[]>({ ttlMs, maxEntries: CACHE_ENTRIES, clock: opts.clock, log: opts.log });
}

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

/** 400 for a viewport too large for its zoom, or an SLA view asked for closed statuses. */
function checkViewport(q: MapRequest, range: CellRange): void {
  if (!rangeWithinLimit(range)) {
    const span = Math.round(maxSpanDegrees(q.zoom) * 1e4) / 1e4;
    throw new BadRequest({ id: 'map.box_too_large' }, [
      {
        field: 'querystring.bbox',
        reason: { id: 'map.field.box_too_large', params: { zoom: q.zoom, cells: MAX_CELLS_ACROSS, span } },
      },
    ]);
  }
  if (q.view === 'sla' && q.status?.some((s) => !openStatuses.includes(s))) {
    throw new BadRequest({ id: 'map.sla_open_only' }, [
      {
        field: 'querystring.status',
        reason: { id: 'map.field.only_statuses', params: { statuses: openStatuses.join(', ') } },
      },
    ]);
  }
}

/** What one request counts: its scope, filters and the SLA deadlines of its municipality (once). */
function viewOf(ctx: Context, q: MapRequest) {
  const sla = q.view === 'sla';
  const scope: MapScope = sla
    ? { kind: 'municipality', municipalityId: ctx.actor!.municipalityId }
    : { kind: 'public' };
  const filters: MapFilters = {
    statuses: [...(q.status ?? (sla ? openStatuses : defaultMapStatuses))].sort(),
    group: q.group,
    categoryId: q.categoryId,
  };
  const slaAt = async (at: Date) =>
    scope.kind === 'municipality' ? await slaContext(ctx.db, scope.municipalityId, at) : undefined;
  const now = ctx.clock();
  let slaNow: Promise<SlaContext | undefined> | null = null;
  const slaContextNow = () => {
    slaNow ??= slaAt(now);
    return slaNow;
  };
  return { scope, filters, now, slaAt, slaContextNow };
}
type View = ReturnType<typeof viewOf>;

/**
 * Count first (city scale: from the cached grid of the whole scope; street scale: now, in the
 * viewport).
 */
async function countCells(ctx: Context, cache: MapGridCache, view: View, zoom: number, range: CellRange) {
  const { scope, filters } = view;
  if (cache && zoom <= CACHED_ZOOM) {
    const key = JSON.stringify([scope, filters]);
    const cached = await cache.get(key, async (now) =>
      mapGridCells(ctx.db, { zoom: CACHED_ZOOM, range: null, scope, filters, sla: await view.slaAt(now) }),
    );
    return { cells: mergeCells(cached.value, CACHED_ZOOM, range), countedAt: cached.takenAt };
  }
  const cells = await mapGridCells(ctx.db, { zoom, range, scope, filters, sla: await view.slaContextNow() });
  return { cells, countedAt: view.now };
}

const pointsAnswer = (points: MapPoint[], asOf: Date) => ({
  mode: 'points' as const,
  total: points.length,
  points: points.map((p) => ({ ...p, lat: round6(p.lat), lon: round6(p.lon) })),
  clusters: [],
  asOf: asOf.toISOString(),
});

const clustersAnswer = (cells: GridCell[], zoom: number, total: number, asOf: Date) => ({
  mode: 'clusters' as const,
  total,
  points: [],
  // the biggest first: a client short of room draws those
  clusters: cells.map((c) => clusterView(c, zoom)).sort((a, b) => b.count - a.count),
  asOf: asOf.toISOString(),
});

/**
 * The appeals in a viewport, one by one when few, else counted per grid cell: public appeals, or
 * (view=sla) the open appeals of the actor's municipality with their SLA state.
 */
export async function appealsInView(ctx: Context, cache: MapGridCache, q: MapRequest) {
  authorizeActor(ctx, q.view === 'sla' ? 'dispatch.queue' : 'appeal.read_public');
  const range = coveringRange(q.bbox, q.zoom);
  checkViewport(q, range);
  const view = viewOf(ctx, q);
  const { cells, countedAt } = await countCells(ctx, cache, view, q.zoom, range);
  const total = cells.reduce((n, c) => n + c.count, 0);
  let answer: ReturnType<typeof pointsAnswer> | ReturnType<typeof clustersAnswer> = clustersAnswer(
    cells,
    q.zoom,
    total,
    countedAt,
  );
  // Fetch the appeals themselves only when few are in view (as few as the map asked for).
  const maxPoints = q.maxPoints ?? MAX_POINTS;
  if (total <= maxPoints) {
    const { scope, filters } = view;
    const sla = await view.slaContextNow();
    const points = await mapPoints(ctx.db, { range, scope, filters, sla, limit: maxPoints + 1 });
    // (the cached counts may be a little behind: more than fit after all keeps the clusters)
    if (points.length <= maxPoints) answer = pointsAnswer(points, view.now);
  }
  const box = rangeBox(range);
  const bbox: [number, number, number, number] = [
    round6(box.minLon),
    round6(box.minLat),
    round6(box.maxLon),
    round6(box.maxLat),
  ];
  return { view: q.view, zoom: q.zoom, bbox, ...answer };
}
