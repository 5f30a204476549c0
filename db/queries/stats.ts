/**
 * City-hall statistics: the daily rollup (stats_daily, stats_cells) kept up to date from the appeal
 * events, and the aggregates the dashboard reads from it. Every figure is a SQL aggregate; no
 * appeal is loaded into Node.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  BUCKET_COUNT,
  CELL_DEGREES,
  type Day,
  DURATION_BUCKETS_MINUTES,
  STATS_TIME_ZONE,
  splitPeriod,
  weekStart,
} from '../../dispatch/stats.ts';
import { arrayLiteral, type Db } from '../client.ts';

const TZ = STATS_TIME_ZONE;
/** One advisory lock (class, key) serialises every rollup writer: a day is deleted and rebuilt whole. */
const LOCK = sql`pg_advisory_xact_lock(7311, 1)`;
/** Events per catch-up pass; the job loops, a dashboard request does one pass. */
const CATCH_UP_LIMIT = 50_000;
/**
 * The minute job reads again the events of the last pass (at most this many ids back): an event id
 * is drawn before its transaction commits, so a lower id may appear after a higher one was read.
 */
const RESCAN_WINDOW = 10_000;

const bucketNames = (prefix: 'accept' | 'resolve') =>
  Array.from({ length: BUCKET_COUNT }, (_, i) => `${prefix}_b${String(i).padStart(2, '0')}`);
const ACCEPT_BUCKETS = bucketNames('accept');
const RESOLVE_BUCKETS = bucketNames('resolve');
const BOUNDS = `{${DURATION_BUCKETS_MINUTES.join(',')}}`;

/** count(*) filter per bucket; width_bucket is 1-based and 0 below the first bound (clock skew). */
const bucketCounts = (column: string) =>
  Array.from({ length: BUCKET_COUNT }, (_, i) =>
    i === 0 ? `count(*) filter (where ${column} <= 1)` : `count(*) filter (where ${column} = ${i + 1})`,
  ).join(', ');

/**
 * Recompute the rollup rows of some Moscow days of a municipality from its appeals and their
 * events (the caller holds the rollup lock or owns the days alone, as a backfill does).
 */
export async function refreshStatsDays(db: Db, municipalityId: number, days: readonly Day[]): Promise<void> {
  if (days.length === 0) return;
  const dayList = arrayLiteral(days);
  await db.execute(
    sql`delete from stats_daily where municipality_id = ${municipalityId} and day = any(${dayList}::date[])`,
  );
  await db.execute(
    sql`delete from stats_cells where municipality_id = ${municipalityId} and day = any(${dayList}::date[])`,
  );
  // One pass over the days' appeals: each with its first acceptance and first resolution (the
  // events index by appeal), bucketed; then both rollups from the same rows.
  await db.execute(sql`
    with x as materialized (
      select d.day, coalesce(a.assigned_org_id, 0) as org, coalesce(a.district_id, 0) as district, a.category_id,
        a.location, a.reopen_count > 0 as reopened,
        (a.response_breached_at is not null or a.resolution_breached_at is not null) as breached,
        a.outage_id is not null as on_outage,
        ev.accepted_at, ev.resolved_at,
        width_bucket(extract(epoch from ev.accepted_at - a.created_at)::float8 / 60, ${BOUNDS}::float8[]) as ab,
        width_bucket(extract(epoch from ev.resolved_at - a.created_at)::float8 / 60, ${BOUNDS}::float8[]) as rb
      from unnest(${dayList}::date[]) as d(day)
      join appeals a on a.municipality_id = ${municipalityId}
        and a.created_at >= (d.day::timestamp at time zone ${TZ})
        and a.created_at < ((d.day + 1)::timestamp at time zone ${TZ})
      left join lateral (
        select min(e.at) filter (where e.type = 'accepted') as accepted_at,
               min(e.at) filter (where e.type = 'resolved') as resolved_at
        from appeal_events e where e.appeal_id = a.id and e.type in ('accepted', 'resolved')
      ) ev on true
    ), daily as (
      insert into stats_daily (municipality_id, day, organisation_id, district_id, category_id,
        received, accepted, resolved, compliant, breached, reopened,
        ${sql.raw(ACCEPT_BUCKETS.join(', '))}, ${sql.raw(RESOLVE_BUCKETS.join(', '))})
      select ${municipalityId}, day, org, district, category_id,
        count(*), count(accepted_at), count(resolved_at),
        -- An appeal about a running outage keeps no deadlines (it waits for the supply to return): it is
        -- neither compliant nor breached, so it leaves the SLA compliance figures alone.
        count(*) filter (where resolved_at is not null and not breached and not on_outage),
        count(*) filter (where breached), count(*) filter (where reopened),
        ${sql.raw(bucketCounts('ab'))}, ${sql.raw(bucketCounts('rb'))}
      from x group by day, org, district, category_id
      returning 1
    )
    insert into stats_cells (municipality_id, day, organisation_id, cell_x, cell_y, appeals)
    select ${municipalityId}, day, org,
      floor(location[0] / ${CELL_DEGREES.lon})::int, floor(location[1] / ${CELL_DEGREES.lat})::int, count(*)
    from x group by 2, 3, 4, 5`);
  await refreshStatsWeeks(db, municipalityId, [...new Set(days.map(weekStart))]);
}

const FIGURE_COLUMNS = [
  'received',
  'accepted',
  'resolved',
  'compliant',
  'breached',
  'reopened',
  ...ACCEPT_BUCKETS,
  ...RESOLVE_BUCKETS,
];

/** Sum the daily rows of whole weeks into the weekly rollups. */
async function refreshStatsWeeks(db: Db, municipalityId: number, weeks: readonly Day[]): Promise<void> {
  const weekList = arrayLiteral(weeks);
  await db.execute(
    sql`delete from stats_weekly where municipality_id = ${municipalityId} and week = any(${weekList}::date[])`,
  );
  await db.execute(
    sql`delete from stats_cells_weekly where municipality_id = ${municipalityId} and week = any(${weekList}::date[])`,
  );
  await db.execute(sql`
    insert into stats_weekly (municipality_id, week, organisation_id, district_id, category_id, ${sql.raw(FIGURE_COLUMNS.join(', '))})
    select ${municipalityId}, w.week, d.organisation_id, d.district_id, d.category_id, ${sql.raw(FIGURE_COLUMNS.map((c) => `sum(d.${c})`).join(', '))}
    from unnest(${weekList}::date[]) as w(week)
    join stats_daily d on d.municipality_id = ${municipalityId} and d.day between w.week and w.week + 6
    group by w.week, d.organisation_id, d.district_id, d.category_id`);
  await db.execute(sql`
    insert into stats_cells_weekly (municipality_id, week, organisation_id, cell_x, cell_y, appeals)
    select ${municipalityId}, w.week, d.organisation_id, d.cell_x, d.cell_y, sum(d.appeals)
    from unnest(${weekList}::date[]) as w(week)
    join stats_cells d on d.municipality_id = ${municipalityId} and d.day between w.week and w.week + 6
    group by w.week, d.organisation_id, d.cell_x, d.cell_y`);
}

/** The (municipality, Moscow day) pairs whose appeals have events with ids in (after, upTo]. */
async function daysTouched(db: Db, after: number, upTo: number): Promise<Map<number, Day[]>> {
  const rows = await db.execute<{ municipality_id: number; day: string }>(sql`
    select distinct a.municipality_id, to_char(a.created_at at time zone ${TZ}, 'YYYY-MM-DD') as day
    from appeal_events e join appeals a on a.id = e.appeal_id
    where e.id > ${after} and e.id <= ${upTo}`);
  const byCity = new Map<number, Day[]>();
  for (const r of rows) byCity.set(r.municipality_id, [...(byCity.get(r.municipality_id) ?? []), r.day]);
  return byCity;
}

async function progress(db: Db): Promise<{ last: number; settled: number }> {
  await db.execute(
    sql`insert into stats_progress (id, last_event_id, settled_event_id) values (1, 0, 0) on conflict (id) do nothing`,
  );
  const [row] = await db.execute<{ last: string; settled: string }>(
    sql`select last_event_id as last, settled_event_id as settled from stats_progress where id = 1`,
  );
  return { last: Number(row.last), settled: Number(row.settled) };
}

export type CatchUp = { events: number; days: number; done: boolean; skipped?: boolean };

/**
 * Bring the rollup up to the newest appeal events: one pass over at most 50,000 events after the
 * last one read, recomputing the days their appeals were received on. `wait: false` (a dashboard
 * request) waits at most a few seconds for another writer (the minute job, or the dashboard's own
 * parallel requests) and then answers from the rollup as it is, rather than hang.
 */
export async function catchUpStats(db: Db, opts: { wait: boolean; limit?: number }): Promise<CatchUp> {
  try {
    return await db.transaction(async (tx) => {
      if (!opts.wait) await tx.execute(sql`set local lock_timeout = '3s'`);
      await tx.execute(sql`select ${LOCK}`);
      const { last } = await progress(tx);
      const [slice] = await tx.execute<{ upto: string | null; n: number }>(sql`
        select max(id) as upto, count(*)::int as n
        from (select id from appeal_events where id > ${last} order by id limit ${opts.limit ?? CATCH_UP_LIMIT}) s`);
      if (!slice.upto) return { events: 0, days: 0, done: true };
      const upTo = Number(slice.upto);
      let days = 0;
      for (const [municipalityId, list] of await daysTouched(tx, last, upTo)) {
        await refreshStatsDays(tx, municipalityId, list);
        days += list.length;
      }
      await tx.execute(sql`update stats_progress set last_event_id = ${upTo}, updated_at = now() where id = 1`);
      return { events: slice.n, days, done: slice.n < (opts.limit ?? CATCH_UP_LIMIT) };
    });
  } catch (err) {
    // 55P03 lock_not_available: the other writer is still at it; its work lands on the next view.
    const e = err as { code?: string; cause?: { code?: string } };
    if (!opts.wait && (e.code ?? e.cause?.code) === '55P03') return { events: 0, days: 0, done: false, skipped: true };
    throw err;
  }
}

/**
 * The minute job's pass: catch up to the newest events, then read again the ids passed over since
 * the previous run (a transaction that committed late) and move the settled mark to where this
 * run started.
 */
export async function settleStats(db: Db): Promise<{ events: number; days: number; rescannedDays: number }> {
  const { last: startedAt } = await progress(db);
  let events = 0;
  let days = 0;
  for (;;) {
    const pass = await catchUpStats(db, { wait: true });
    events += pass.events;
    days += pass.days;
    if (pass.done) break;
  }
  const rescannedDays = await db.transaction(async (tx) => {
    await tx.execute(sql`select ${LOCK}`);
    const { settled } = await progress(tx);
    const from = Math.max(settled, startedAt - RESCAN_WINDOW);
    let n = 0;
    if (startedAt > from) {
      for (const [municipalityId, list] of await daysTouched(tx, from, startedAt)) {
        await refreshStatsDays(tx, municipalityId, list);
        n += list.length;
      }
    }
    await tx.execute(
      sql`update stats_progress set settled_event_id = greatest(settled_event_id, ${startedAt}) where id = 1`,
    );
    return n;
  });
  return { events, days, rescannedDays };
}

/** Mark every event up to now as read (after a backfill with refreshStatsDays). */
export async function markStatsCaughtUp(db: Db): Promise<void> {
  await progress(db);
  await db.execute(sql`update stats_progress set last_event_id = m, settled_event_id = m, updated_at = now()
    from (select coalesce(max(id), 0) as m from appeal_events) s where id = 1`);
}

// ── reading ──────────────────────────────────────────────────────────────────────────────────────

export const statsDimensions = ['organisation', 'district', 'category', 'week'] as const;
export type StatsDimension = (typeof statsDimensions)[number];

export type StatsFilter = {
  municipalityId: number;
  from: Day;
  to: Day;
  organisationId?: number;
  districtId?: number;
  categoryId?: number;
};

/** Sums of one group of rollup rows. */
export type StatsSums = {
  received: number;
  accepted: number;
  resolved: number;
  compliant: number;
  breached: number;
  reopened: number;
  acceptBuckets: number[];
  resolveBuckets: number[];
};
export type StatsGroup = StatsSums & { key: string };

const rollupKey: Record<StatsDimension, string> = {
  organisation: 's.organisation_id::text',
  district: 's.district_id::text',
  category: 's.category_id::text',
  // the Monday of the day's week (date arithmetic: no session time zone involved)
  week: `to_char(s.day - (extract(isodow from s.day)::int - 1), 'YYYY-MM-DD')`,
};

function filterSql(f: Partial<StatsFilter>, withDimensions: boolean): SQL[] {
  const parts: SQL[] = [];
  if (f.organisationId !== undefined) parts.push(sql`s.organisation_id = ${f.organisationId}`);
  if (withDimensions && f.districtId !== undefined) parts.push(sql`s.district_id = ${f.districtId}`);
  if (withDimensions && f.categoryId !== undefined) parts.push(sql`s.category_id = ${f.categoryId}`);
  return parts;
}

/**
 * The rollup rows of a period: whole weeks from the weekly table, the loose days at either end from
 * the daily one, as one row source with a `day` column (a week's row carries its Monday).
 */
function rollupRows(
  f: StatsFilter,
  columns: string[],
  tables: { daily: string; weekly: string },
  withDimensions: boolean,
): SQL {
  const { days, weeks } = splitPeriod(f.from, f.to);
  const cols = sql.raw(columns.map((c) => `s.${c}`).join(', '));
  const branches: SQL[] = [];
  if (days.length > 0) {
    const ranges = sql.join(
      days.map((d) => sql`s.day between ${d.from}::date and ${d.to}::date`),
      sql` or `,
    );
    const where = [sql`s.municipality_id = ${f.municipalityId}`, sql`(${ranges})`, ...filterSql(f, withDimensions)];
    branches.push(
      sql`select s.day, ${cols} from ${sql.identifier(tables.daily)} s where ${sql.join(where, sql` and `)}`,
    );
  }
  if (weeks) {
    const where = [
      sql`s.municipality_id = ${f.municipalityId}`,
      sql`s.week between ${weeks.from}::date and ${weeks.to}::date`,
      ...filterSql(f, withDimensions),
    ];
    branches.push(
      sql`select s.week as day, ${cols} from ${sql.identifier(tables.weekly)} s where ${sql.join(where, sql` and `)}`,
    );
  }
  return sql.join(branches, sql` union all `);
}

const sumList = (names: string[]) => names.map((n) => `sum(s.${n})::int`).join(', ');

/** The statement statsByDimension runs (exported for EXPLAIN in the benchmark). */
export function statsByDimensionSql(f: StatsFilter, by: StatsDimension): SQL {
  return sql`
    select ${sql.raw(rollupKey[by])} as key,
      sum(s.received)::int as received, sum(s.accepted)::int as accepted, sum(s.resolved)::int as resolved,
      sum(s.compliant)::int as compliant, sum(s.breached)::int as breached, sum(s.reopened)::int as reopened,
      array[${sql.raw(sumList(ACCEPT_BUCKETS))}] as ab, array[${sql.raw(sumList(RESOLVE_BUCKETS))}] as rb
    from (${rollupRows(f, ['organisation_id', 'district_id', 'category_id', ...FIGURE_COLUMNS], { daily: 'stats_daily', weekly: 'stats_weekly' }, true)}) s
    group by 1`;
}

/** The rollup summed over the period, per organisation, district, category or week. */
export async function statsByDimension(db: Db, f: StatsFilter, by: StatsDimension): Promise<StatsGroup[]> {
  const rows = await db.execute<{
    key: string;
    received: number;
    accepted: number;
    resolved: number;
    compliant: number;
    breached: number;
    reopened: number;
    ab: number[];
    rb: number[];
  }>(statsByDimensionSql(f, by));
  return rows.map((r) => ({
    key: r.key,
    received: r.received,
    accepted: r.accepted,
    resolved: r.resolved,
    compliant: r.compliant,
    breached: r.breached,
    reopened: r.reopened,
    acceptBuckets: r.ab.map(Number),
    resolveBuckets: r.rb.map(Number),
  }));
}

const OPEN = sql.raw(`('new', 'assigned', 'accepted', 'needs_info', 'rejected', 'reopened')`);

const appealKey: Record<StatsDimension, string> = {
  organisation: 'coalesce(a.assigned_org_id, 0)::text',
  district: 'coalesce(a.district_id, 0)::text',
  category: 'a.category_id::text',
  week: `to_char((a.created_at at time zone '${TZ}')::date - (extract(isodow from a.created_at at time zone '${TZ}')::int - 1), 'YYYY-MM-DD')`,
};

/**
 * Overdue now: appeals open and past a running deadline at `now`, whenever they were received (the
 * period does not narrow it: "now" is the same whatever period the dashboard shows). It changes
 * with the clock rather than with events, so it is counted live, from the partial index
 * appeals_overdue_stats_idx (open appeals with a running clock, a few per cent of all) alone.
 * The filter's period is not used; by=week groups by the week each appeal was received.
 */
export async function overdueByDimension(
  db: Db,
  f: StatsFilter,
  by: StatsDimension,
  now: Date,
): Promise<Map<string, number>> {
  const rows = await db.execute<{ key: string; n: number }>(overdueByDimensionSql(f, by, now));
  return new Map(rows.map((r) => [r.key, r.n]));
}

/** The statement overdueByDimension runs (exported for EXPLAIN in the benchmark). */
export function overdueByDimensionSql(f: StatsFilter, by: StatsDimension, now: Date): SQL {
  const parts = [
    sql`a.municipality_id = ${f.municipalityId}`,
    // as the partial index appeals_overdue_stats_idx states it, so the count reads only that index
    sql`a.status in ${OPEN}`,
    sql`(a.response_due_at is not null or a.resolution_due_at is not null)`,
    sql`least(a.response_due_at, a.resolution_due_at) < ${now.toISOString()}::timestamptz`,
  ];
  if (f.organisationId !== undefined) parts.push(sql`coalesce(a.assigned_org_id, 0) = ${f.organisationId}`);
  if (f.districtId !== undefined) parts.push(sql`coalesce(a.district_id, 0) = ${f.districtId}`);
  if (f.categoryId !== undefined) parts.push(sql`a.category_id = ${f.categoryId}`);
  return sql`select ${sql.raw(appealKey[by])} as key, count(*)::int as n from appeals a where ${sql.join(parts, sql` and `)} group by 1`;
}

export type NamedRef = { id: number; nameRu: string; nameEn: string };

/** Names of the organisations, districts or categories a breakdown shows. */
export async function dimensionNames(
  db: Db,
  by: 'organisation' | 'district' | 'category',
  ids: number[],
): Promise<Map<number, NamedRef>> {
  if (ids.length === 0) return new Map();
  const table = { organisation: 'organisations', district: 'districts', category: 'categories' }[by];
  const rows = await db.execute<{ id: number; name_ru: string; name_en: string }>(
    sql`select id, name_ru, name_en from ${sql.identifier(table)} where id = any(${`{${ids.join(',')}}`}::int[])`,
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, nameRu: r.name_ru, nameEn: r.name_en }]));
}

/** The management companies of a municipality (the league table lists them all, with or without appeals). */
export async function listManagementCompanies(db: Db, municipalityId: number): Promise<NamedRef[]> {
  const rows = await db.execute<{ id: number; name_ru: string; name_en: string }>(sql`
    select id, name_ru, name_en from organisations
    where municipality_id = ${municipalityId} and kind = 'management_company' order by name_ru, id`);
  return rows.map((r) => ({ id: r.id, nameRu: r.name_ru, nameEn: r.name_en }));
}

/** Appeals received in the period per heat-map cell, cells coarsened by an integer factor. */
export async function heatCells(db: Db, f: StatsFilter, factor: number) {
  const rows = await db.execute<{ x: number; y: number; n: number }>(sql`
    select floor(s.cell_x::float8 / ${factor})::int as x, floor(s.cell_y::float8 / ${factor})::int as y, sum(s.appeals)::int as n
    from (${rollupRows(f, ['cell_x', 'cell_y', 'appeals'], { daily: 'stats_cells', weekly: 'stats_cells_weekly' }, false)}) s
    group by 1, 2 order by 3 desc, 1, 2`);
  return rows.map((r) => ({ x: r.x, y: r.y, appeals: r.n }));
}

export async function organisationMunicipality(db: Db, organisationId: number): Promise<number | null> {
  const [row] = await db.execute<{ m: number }>(
    sql`select municipality_id as m from organisations where id = ${organisationId}`,
  );
  return row?.m ?? null;
}

export async function districtMunicipality(db: Db, districtId: number): Promise<number | null> {
  const [row] = await db.execute<{ m: number }>(
    sql`select municipality_id as m from districts where id = ${districtId}`,
  );
  return row?.m ?? null;
}

export async function categoryMunicipality(db: Db, categoryId: number): Promise<number | null> {
  const [row] = await db.execute<{ m: number | null }>(
    sql`select municipality_id as m from categories where id = ${categoryId}`,
  );
  return row ? row.m : null;
}
