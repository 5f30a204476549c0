import { and, eq, type SQL, sql } from 'drizzle-orm';
import {
  type CellRange,
  cellsPerSide,
  type GridCell,
  MERCATOR_MAX_LAT,
  rangeBox,
  type SlaState,
} from '../../dispatch/map.ts';
import type { Db } from '../client.ts';
import { appealStatuses, appeals, categories } from '../schema/index.ts';
import type { AppealStatus, CategoryGroup, Priority } from '../schema/index.ts';

/** Which appeals a map may show: public ones to anybody, every one of a municipality to its dispatch. */
export type MapScope = { kind: 'public' } | { kind: 'municipality'; municipalityId: number };

export type MapFilters = {
  statuses: readonly AppealStatus[];
  group?: CategoryGroup;
  categoryId?: number;
};

/** Deadlines at or before which a running clock is at risk, per SLA target (dispatch/map.ts atRiskIfDueBy). */
export type AtRiskDeadlines = { response: Date; resolution: Date };

/** What the SLA view needs to tell on time, at risk and breached apart at `now`. */
export type SlaContext = {
  now: Date;
  /** Per priority: the municipality-wide policy's (or the default's) deadlines. */
  byPriority: Record<Priority, AtRiskDeadlines>;
  /** Categories with a policy of their own for a priority. */
  overrides: Array<{ categoryId: number; priority: Priority } & AtRiskDeadlines>;
};

/** The cell numbers of dispatch/map.ts cellOf, in SQL: mercator x and y as fractions of the world times the cells per side. */
function cellColumns(zoom: number) {
  const n = cellsPerSide(zoom);
  const lat = sql`least(greatest((${appeals.location})[1], ${-MERCATOR_MAX_LAT}::float8), ${MERCATOR_MAX_LAT}::float8)`;
  return {
    cx: sql<number>`least(greatest(floor(((${appeals.location})[0] + 180) / 360 * ${n}::float8), 0), ${n - 1})::int`,
    cy: sql<number>`least(greatest(floor((1 - asinh(tan(radians(${lat}))) / pi()) / 2 * ${n}::float8), 0), ${n - 1})::int`,
  };
}

// A hair wider than the cells, so that no point of a border cell is lost to rounding; the cell
// numbers decide (computed once per appeal, in the select list, not in the filter).
const EDGE = 1e-9;

/**
 * The statuses as literals, not parameters: the planner can then see that they are among those of the
 * partial index appeals_map_location_gist and read it, whatever plan the prepared statement keeps.
 */
function statusIn(statuses: readonly AppealStatus[]): SQL {
  if (statuses.length === 0) return sql`false`;
  for (const s of statuses) if (!appealStatuses.includes(s)) throw new Error(`not an appeal status: ${s}`);
  return sql`${appeals.status} in (${sql.raw(statuses.map((s) => `'${s}'`).join(', '))})`;
}

function whereOf(range: CellRange | null, scope: MapScope, f: MapFilters): SQL | undefined {
  const b = range ? rangeBox(range) : null;
  return and(
    scope.kind === 'public' ? eq(appeals.public, true) : eq(appeals.municipalityId, scope.municipalityId),
    statusIn(f.statuses),
    f.categoryId === undefined ? undefined : eq(appeals.categoryId, f.categoryId),
    f.group === undefined
      ? undefined
      : sql`${appeals.categoryId} in (select ${categories.id} from ${categories} where ${categories.group} = ${f.group})`,
    b
      ? sql`${appeals.location} <@ box(point(${b.minLon - EDGE}::float8, ${b.minLat - EDGE}::float8), point(${b.maxLon + EDGE}::float8, ${b.maxLat + EDGE}::float8))`
      : undefined,
  );
}

const inRange = (r: CellRange | null, cx: number, cy: number) =>
  !r || (cx >= r.cx0 && cx <= r.cx1 && cy >= r.cy0 && cy <= r.cy1);

/** The SLA state of an appeal row at `ctx.now`, as SQL (dispatch/map.ts slaStateOf says the same in words). */
function slaStateColumn(ctx: SlaContext) {
  const now = sql`${ctx.now}::timestamptz`;
  const deadline = (clock: 'response' | 'resolution') => {
    const branches = [
      ...ctx.overrides.map(
        (o) =>
          sql`when ${appeals.categoryId} = ${o.categoryId} and ${appeals.priority} = ${o.priority} then ${o[clock]}::timestamptz`,
      ),
      ...(Object.entries(ctx.byPriority) as [Priority, AtRiskDeadlines][]).map(
        ([priority, d]) => sql`when ${appeals.priority} = ${priority} then ${d[clock]}::timestamptz`,
      ),
    ];
    return sql`(case ${sql.join(branches, sql` `)} end)`;
  };
  return sql<SlaState>`case
    when ${appeals.responseBreachedAt} is not null or ${appeals.resolutionBreachedAt} is not null
      or ${appeals.responseDueAt} <= ${now} or ${appeals.resolutionDueAt} <= ${now} then 'breached'
    when ${appeals.responseDueAt} <= ${deadline('response')} or ${appeals.resolutionDueAt} <= ${deadline('resolution')} then 'at_risk'
    else 'on_time' end`;
}

/**
 * Appeals counted per grid cell at a zoom: within a block of cells, or everywhere (range null) for
 * the map cache. Counts by status (and by SLA state when `sla` is given) and coordinate sums, so
 * that cells merge exactly into coarser ones.
 */
export async function mapGridCells(
  db: Db,
  q: { zoom: number; range: CellRange | null; scope: MapScope; filters: MapFilters; sla?: SlaContext },
): Promise<GridCell[]> {
  const cell = cellColumns(q.zoom);
  const statusCounts = Object.fromEntries(
    q.filters.statuses.map((s, i) => [
      `s${i}`,
      sql<number>`count(*) filter (where ${appeals.status} = ${s})`.mapWith(Number),
    ]),
  );
  // Grouped by SLA state too, so the state is worked out once per appeal.
  const sla = q.sla ? slaStateColumn(q.sla) : sql<SlaState | null>`null`;
  const rows = await db
    .select({
      cx: cell.cx,
      cy: cell.cy,
      sla,
      count: sql<number>`count(*)`.mapWith(Number),
      sumLon: sql<number>`sum((${appeals.location})[0])`.mapWith(Number),
      sumLat: sql<number>`sum((${appeals.location})[1])`.mapWith(Number),
      minId: sql<number>`min(${appeals.id})`.mapWith(Number),
      ...statusCounts,
    })
    .from(appeals)
    .where(whereOf(q.range, q.scope, q.filters))
    .groupBy(sql`1`, sql`2`, sql`3`);
  const cells = new Map<string, GridCell>();
  for (const r of rows) {
    if (!inRange(q.range, r.cx, r.cy)) continue;
    const row = r as unknown as Record<string, number>;
    const key = `${r.cx}:${r.cy}`;
    let c = cells.get(key);
    if (!c) {
      c = { cx: r.cx, cy: r.cy, count: 0, sumLon: 0, sumLat: 0, minId: r.minId, byStatus: {} };
      if (q.sla) c.bySla = { on_time: 0, at_risk: 0, breached: 0 };
      cells.set(key, c);
    }
    c.count += r.count;
    c.sumLon += r.sumLon;
    c.sumLat += r.sumLat;
    c.minId = Math.min(c.minId, r.minId);
    q.filters.statuses.forEach((s, i) => {
      if (row[`s${i}`] > 0) c.byStatus[s] = (c.byStatus[s] ?? 0) + row[`s${i}`];
    });
    if (c.bySla && r.sla) c.bySla[r.sla] += r.count;
  }
  return [...cells.values()];
}

export type MapPoint = {
  id: number;
  number: string;
  status: AppealStatus;
  categoryId: number;
  group: CategoryGroup;
  lon: number;
  lat: number;
  sla?: SlaState;
};

/** Up to `limit` appeals within a block of cells, as map points (no order: the caller asks for one more than it shows). */
export async function mapPoints(
  db: Db,
  q: { range: CellRange; scope: MapScope; filters: MapFilters; sla?: SlaContext; limit: number },
): Promise<MapPoint[]> {
  const rows = await db
    .select({
      id: appeals.id,
      number: appeals.number,
      status: appeals.status,
      categoryId: appeals.categoryId,
      group: categories.group,
      lon: sql<number>`(${appeals.location})[0]`.mapWith(Number),
      lat: sql<number>`(${appeals.location})[1]`.mapWith(Number),
      ...(q.sla ? { sla: slaStateColumn(q.sla) } : {}),
    })
    .from(appeals)
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .where(whereOf(q.range, q.scope, q.filters))
    .limit(q.limit);
  return rows.sort((a, b) => a.id - b.id);
}
