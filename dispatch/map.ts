/**
 * The public map's grid: appeals are clustered by snapping them to square cells of the web-mercator
 * plane whose size follows the zoom, and the dispatcher's map colours open appeals by SLA state.
 * Pure: the database computes the same cell numbers (db/queries/map.ts), time is passed in.
 */
import { addWorkingMillis } from './calendar.ts';
import { allowedMillis, type SlaTarget } from './sla.ts';
import type { AppealStatus } from './taxonomy.ts';

export const MIN_ZOOM = 0;
export const MAX_ZOOM = 20;
/**
 * A cell is 64 screen pixels square (four per side of a 256-pixel map tile): about the size of a
 * cluster marker, so markers of neighbouring cells do not overlap.
 */
export const CELL_PIXELS = 64;
const CELLS_PER_TILE_LOG2 = 2;
/** Up to this many appeals in view are sent one by one (or fewer, as the map asks); more are clustered. */
export const MAX_POINTS = 500;
/** A viewport may span at most this many cells each way (64 × 64 px cells: a 4096-pixel screen). */
export const MAX_CELLS_ACROSS = 64;
/** Web-mercator stops at ±85.0511° (the square world); points beyond are counted at the edge. */
export const MERCATOR_MAX_LAT = 85.05112878;

/** Cells along each side of the world at a zoom; a cell at zoom z is four cells at z + 1. */
export function cellsPerSide(zoom: number): number {
  return 2 ** (zoom + CELLS_PER_TILE_LOG2);
}

/** Mercator x and y of a point as fractions of the world, 0..1 (y grows southwards, as on screen). */
export function mercator(lon: number, lat: number): { u: number; v: number } {
  const clamped = Math.max(-MERCATOR_MAX_LAT, Math.min(MERCATOR_MAX_LAT, lat));
  const u = (lon + 180) / 360;
  const v = (1 - Math.asinh(Math.tan((clamped * Math.PI) / 180)) / Math.PI) / 2;
  return { u, v };
}

/** The cell a point falls in at a zoom (the formula db/queries/map.ts uses in SQL). */
export function cellOf(lon: number, lat: number, zoom: number): { cx: number; cy: number } {
  const n = cellsPerSide(zoom);
  const { u, v } = mercator(lon, lat);
  const clamp = (i: number) => Math.max(0, Math.min(n - 1, i));
  return { cx: clamp(Math.floor(u * n)), cy: clamp(Math.floor(v * n)) };
}

export type LonLatBox = { minLon: number; minLat: number; maxLon: number; maxLat: number };
/** A block of cells at a zoom, bounds included. cy0 is the northern edge. */
export type CellRange = { zoom: number; cx0: number; cx1: number; cy0: number; cy1: number };

const latOfV = (v: number) => (Math.atan(Math.sinh(Math.PI * (1 - 2 * v))) * 180) / Math.PI;

/** The lon/lat box a block of cells covers. */
export function rangeBox(r: CellRange): LonLatBox {
  const n = cellsPerSide(r.zoom);
  return {
    minLon: (r.cx0 / n) * 360 - 180,
    maxLon: ((r.cx1 + 1) / n) * 360 - 180,
    minLat: latOfV((r.cy1 + 1) / n),
    maxLat: latOfV(r.cy0 / n),
  };
}

/** The cells a viewport touches: the viewport snapped outwards to whole cells, so clusters do not change while it pans. */
export function coveringRange(box: LonLatBox, zoom: number): CellRange {
  const nw = cellOf(box.minLon, box.maxLat, zoom);
  const se = cellOf(box.maxLon, box.minLat, zoom);
  return { zoom, cx0: nw.cx, cx1: se.cx, cy0: nw.cy, cy1: se.cy };
}

/** How far a viewport at this zoom may reach, in degrees of longitude. */
export function maxSpanDegrees(zoom: number): number {
  return (MAX_CELLS_ACROSS * 360) / cellsPerSide(zoom);
}

/** Is the block of cells small enough to answer (so no request can ask for the whole world at street scale)? */
export function rangeWithinLimit(r: CellRange): boolean {
  return r.cx1 - r.cx0 + 1 <= MAX_CELLS_ACROSS && r.cy1 - r.cy0 + 1 <= MAX_CELLS_ACROSS;
}

/**
 * What the public map shows unless asked otherwise: appeals still being worked on, and fixes awaiting
 * the resident. The map's partial GiST index (appeals_map_location_gist) holds these statuses.
 */
export const defaultMapStatuses: readonly AppealStatus[] = [
  'new',
  'assigned',
  'accepted',
  'needs_info',
  'resolved',
  'reopened',
];
/** Open appeals: their SLA clocks may run (the dispatcher's map). */
export const openStatuses: readonly AppealStatus[] = ['new', 'assigned', 'accepted', 'needs_info', 'reopened'];

export const slaStates = ['on_time', 'at_risk', 'breached'] as const;
export type SlaState = (typeof slaStates)[number];
/** An open appeal is at risk once a running clock has used 75 % of its allowance (the ladder's warning step). */
export const AT_RISK_USED = 0.75;

/**
 * The latest deadline that is at risk at `now`: a running clock due at or before it has at most a
 * quarter of its allowance left in working time. Working time only grows with the deadline, so one
 * instant per policy target answers for every appeal under it.
 */
export function atRiskIfDueBy(target: SlaTarget, now: Date): Date {
  return addWorkingMillis(target.calendar, now, allowedMillis(target) * (1 - AT_RISK_USED));
}

/** The SLA state of an open appeal from the deadlines kept on its row. */
export function slaStateOf(
  row: {
    responseDueAt: Date | null;
    resolutionDueAt: Date | null;
    responseBreachedAt: Date | null;
    resolutionBreachedAt: Date | null;
  },
  atRisk: { response: Date; resolution: Date },
  now: Date,
): SlaState {
  const t = now.getTime();
  if (row.responseBreachedAt || row.resolutionBreachedAt) return 'breached';
  if (
    (row.responseDueAt && row.responseDueAt.getTime() <= t) ||
    (row.resolutionDueAt && row.resolutionDueAt.getTime() <= t)
  )
    return 'breached';
  if (
    (row.responseDueAt && row.responseDueAt.getTime() <= atRisk.response.getTime()) ||
    (row.resolutionDueAt && row.resolutionDueAt.getTime() <= atRisk.resolution.getTime())
  ) {
    return 'at_risk';
  }
  return 'on_time';
}

/** One grid cell's appeals: how many, where (sums for the centroid), which statuses and SLA states. */
export type GridCell = {
  cx: number;
  cy: number;
  count: number;
  sumLon: number;
  sumLat: number;
  /** The lowest appeal id in the cell: the appeal itself when the cell holds one. */
  minId: number;
  byStatus: Partial<Record<AppealStatus, number>>;
  bySla?: Record<SlaState, number>;
};

const addCounts = <K extends string>(into: Partial<Record<K, number>>, from: Partial<Record<K, number>>) => {
  for (const [k, n] of Object.entries(from) as [K, number][]) into[k] = (into[k] ?? 0) + n;
};

/**
 * The cells of a coarser zoom inside a range, made from the cells of a finer one (a cell at zoom z is
 * the 4^(f−z) cells under it at zoom f): counts and sums add up exactly.
 */
export function mergeCells(cells: Iterable<GridCell>, fromZoom: number, range: CellRange): GridCell[] {
  const k = 2 ** (fromZoom - range.zoom);
  const merged = new Map<number, GridCell>();
  const width = range.cx1 - range.cx0 + 1;
  for (const c of cells) {
    const cx = Math.floor(c.cx / k);
    const cy = Math.floor(c.cy / k);
    if (cx < range.cx0 || cx > range.cx1 || cy < range.cy0 || cy > range.cy1) continue;
    const key = (cy - range.cy0) * width + (cx - range.cx0);
    const m = merged.get(key);
    if (!m) {
      merged.set(key, {
        cx,
        cy,
        count: c.count,
        sumLon: c.sumLon,
        sumLat: c.sumLat,
        minId: c.minId,
        byStatus: { ...c.byStatus },
        ...(c.bySla ? { bySla: { ...c.bySla } } : {}),
      });
      continue;
    }
    m.count += c.count;
    m.sumLon += c.sumLon;
    m.sumLat += c.sumLat;
    m.minId = Math.min(m.minId, c.minId);
    addCounts(m.byStatus, c.byStatus);
    if (m.bySla && c.bySla) addCounts(m.bySla, c.bySla);
  }
  return [...merged.values()].sort((a, b) => a.cy - b.cy || a.cx - b.cx);
}
