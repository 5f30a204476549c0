/**
 * The project office's figures of municipal e-services (issue 15): applications received, decided
 * and open per service or per department, the days from submission to decision and the days spent
 * in each stage, counted on the production calendar in SQL. Every figure is an aggregate over the
 * applications of the period; no application is loaded into Node, and nothing personal is read.
 *
 * Days are counted as `termDaysUsed` of dispatch/eservices.ts counts them: the days after the start
 * day up to and including the end day, less the days of the application's pauses (after a pause's
 * `from`, up to and including its `to`; still running: up to the end), and for working days only
 * the working days of the production calendar. In SQL: a running count of working days over the
 * calendar (`cal.wn`), so a span (a, b] has `wn(b) − wn(a)` working days and `b − a` calendar days.
 * Pauses of one application do not overlap (the lifecycle opens one only from in_progress or
 * submitted and closes it before the next), so each is subtracted on its own.
 */
import { type SQL, sql } from 'drizzle-orm';
import { calendarExceptions } from '../../dispatch/eservice-stats.ts';
import { openStatuses } from '../../dispatch/eservices.ts';
import { arrayLiteral, type Db } from '../client.ts';

export const eserviceStatsGroups = ['service', 'department'] as const;
export type EserviceStatsGroup = (typeof eserviceStatsGroups)[number];

export type EserviceStatsFilter = {
  municipalityId: number;
  timeZone: string;
  /** Local days of the period, inclusive. */
  from: string;
  to: string;
  /** Today in the municipality: overdue means due before today. */
  today: string;
  /** The services in view (the reader's scope, a department's or one service). */
  serviceIds: readonly number[];
  /** Only applications filed with this department (a supervisor's own; a chosen department). */
  departmentId?: number;
};

/** A service in the catalogue, without its forms or texts for applicants. */
export type ServiceRow = {
  id: number;
  code: string;
  name: { ru: string; en: string; tt: string };
  departmentId: number;
  termDays: number;
  termUnit: 'working_days' | 'calendar_days';
  stages: { code: string; name: { ru: string; en: string; tt: string }; termDays: number }[];
};

/** The services of a municipality, of one department or one service, by id. */
export async function servicesInView(
  db: Db,
  municipalityId: number,
  o: { departmentId?: number; serviceId?: number } = {},
): Promise<ServiceRow[]> {
  const rows = await db.execute<{
    id: number;
    code: string;
    name: ServiceRow['name'];
    department_id: number;
    term_days: number;
    term_unit: ServiceRow['termUnit'];
    stages: ServiceRow['stages'];
  }>(sql`
    select id, code, name, department_id, term_days, term_unit, stages from eservices
    where municipality_id = ${municipalityId}
      ${o.departmentId === undefined ? sql`` : sql`and department_id = ${o.departmentId}`}
      ${o.serviceId === undefined ? sql`` : sql`and id = ${o.serviceId}`}
    order by id`);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    departmentId: r.department_id,
    termDays: r.term_days,
    termUnit: r.term_unit,
    stages: (r.stages ?? []).map((s) => ({ code: s.code, name: s.name, termDays: s.termDays })),
  }));
}

/** A service's municipality and department, or null when there is no such service. */
export async function serviceOwner(
  db: Db,
  serviceId: number,
): Promise<{ municipalityId: number; departmentId: number } | null> {
  const [row] = await db.execute<{ municipality_id: number; department_id: number }>(
    sql`select municipality_id, department_id from eservices where id = ${serviceId}`,
  );
  return row ? { municipalityId: row.municipality_id, departmentId: row.department_id } : null;
}

/** An organisation's municipality, or null. */
export async function departmentMunicipality(db: Db, organisationId: number): Promise<number | null> {
  const [row] = await db.execute<{ municipality_id: number }>(
    sql`select municipality_id from organisations where id = ${organisationId}`,
  );
  return row?.municipality_id ?? null;
}

/** The names of organisations by id. */
export async function departmentNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { nameRu: string; nameEn: string }>();
  const rows = await db.execute<{ id: number; name_ru: string; name_en: string }>(
    sql`select id, name_ru, name_en from organisations where id = any(${arrayLiteral(ids)}::int[])`,
  );
  return new Map(rows.map((r) => [r.id, { nameRu: r.name_ru, nameEn: r.name_en }]));
}

/** A municipality's time zone. */
export async function municipalityTimeZone(db: Db, municipalityId: number): Promise<string> {
  const [row] = await db.execute<{ time_zone: string }>(
    sql`select time_zone from municipalities where id = ${municipalityId}`,
  );
  return row?.time_zone ?? 'Europe/Moscow';
}

// ── the statements ────────────────────────────────────────────────────────────────────────────────

const keyOf = (by: EserviceStatsGroup) => (by === 'service' ? sql`a.service_id` : sql`a.department_id`);

/** The applications in view: of the services in view, and of the department when one is named. */
function inView(f: EserviceStatsFilter): SQL {
  const department = f.departmentId === undefined ? sql`` : sql`and a.department_id = ${f.departmentId}`;
  return sql`a.service_id = any(${arrayLiteral(f.serviceIds)}::int[]) ${department}`;
}

/** An instant within the period's local days. */
const inPeriod = (f: EserviceStatsFilter, at: SQL) =>
  sql`${at} >= (${f.from}::date::timestamp at time zone ${f.timeZone})
    and ${at} < ((${f.to}::date + 1)::timestamp at time zone ${f.timeZone})`;

/**
 * The applications decided (issued or refused) in the period, with the local days their term ran from
 * and they were decided on (the decision: `decided_at`, else when it was closed).
 */
function decidedCte(f: EserviceStatsFilter, by: EserviceStatsGroup): SQL {
  const decidedAt = sql`coalesce(a.decided_at, a.closed_at)`;
  // Written per column (not over the coalesce) so that the planner can estimate the rows.
  const decidedInPeriod = sql`(${inPeriod(f, sql`a.decided_at`)}
    or (a.decided_at is null and ${inPeriod(f, sql`a.closed_at`)}))`;
  return sql`dec as materialized (
    select a.id, ${keyOf(by)} as key, a.service_id, a.status, a.due_on, a.pauses, a.submitted_at,
      ${decidedAt} as decided_at,
      coalesce(a.term_start_on, (a.submitted_at at time zone ${f.timeZone})::date) as start_day,
      (${decidedAt} at time zone ${f.timeZone})::date as end_day
    from applications a
    where ${inView(f)} and a.status in ('issued', 'refused') and a.submitted_at is not null
      and ${decidedInPeriod}
  )`;
}

/** The running count of working days over the days the decided applications span. */
function calendarCte(): SQL {
  const { daysOff, workingWeekendDays } = calendarExceptions();
  return sql`cal as (
    select g::date as day,
      sum(case when not (g::date = any(${arrayLiteral(daysOff)}::date[]))
                 and (g::date = any(${arrayLiteral(workingWeekendDays)}::date[]) or extract(isodow from g) < 6)
               then 1 else 0 end) over (order by g)::int as wn
    -- Both ends of every application, even one decided before the day its term was to start.
    from generate_series((select least(min(start_day), min(end_day)) from dec)::timestamp,
      (select greatest(max(start_day), max(end_day)) from dec)::timestamp, interval '1 day') g
  )`;
}

/**
 * The days of the pauses inside each span (lo, hi] of `spans` (rows of id, ord, lo, hi and the
 * application's pauses, only those that have pauses: most have none), working (`w`) and calendar
 * (`c`), per span: one set-based pass joined to the calendar by hash.
 */
function pausedCte(spans: SQL): SQL {
  return sql`paused as (
    select q.id, q.ord, sum(ph.wn - pl.wn)::int as w, sum(q.hi - q.lo)::int as c
    from (select x.id, x.ord, greatest((p->>'from')::date, x.lo) as lo, least(coalesce((p->>'to')::date, x.hi), x.hi) as hi
          from (${spans}) x cross join lateral jsonb_array_elements(x.pauses) p) q
    join cal pl on pl.day = q.lo
    join cal ph on ph.day = q.hi
    where q.hi > q.lo
    group by q.id, q.ord
  )`;
}

const pct = (p: number, column: string) => sql.raw(`percentile_cont(${p}) within group (order by ${column})::float8`);

export type ReceivedRow = { key: number | null; received: number; online: number; office: number };

/** Applications submitted in the period per group, by channel; the total has key null. */
export async function receivedBy(db: Db, f: EserviceStatsFilter, by: EserviceStatsGroup): Promise<ReceivedRow[]> {
  return db.execute<ReceivedRow>(sql`
    select ${keyOf(by)} as key, count(*)::int as received,
      count(*) filter (where a.channel = 'online')::int as online,
      count(*) filter (where a.channel = 'office')::int as office
    from applications a
    where ${inView(f)} and a.submitted_at is not null and ${inPeriod(f, sql`a.submitted_at`)}
    group by grouping sets ((${keyOf(by)}), ())`);
}

export type OpenRow = { key: number | null; open: number; overdue: number };

/** Applications open now (whenever submitted) per group, and those of them past their due day. */
export async function openBy(db: Db, f: EserviceStatsFilter, by: EserviceStatsGroup): Promise<OpenRow[]> {
  return db.execute<OpenRow>(sql`
    select ${keyOf(by)} as key, count(*)::int as open,
      count(*) filter (where a.due_on < ${f.today}::date)::int as overdue
    from applications a
    where ${inView(f)} and a.status = any(${arrayLiteral(openStatuses)}::application_status[])
    group by grouping sets ((${keyOf(by)}), ())`);
}

export type DecidedRow = {
  key: number | null;
  finished: number;
  issued: number;
  refused: number;
  withinTerm: number;
  calendarMedian: number | null;
  calendarP90: number | null;
  workingMedian: number | null;
  workingP90: number | null;
};

/**
 * Applications decided in the period per group: issued, refused, decided on or before the due day
 * (a refusal is a decision; a term paused when it was refused had not run out), and the median and
 * 90th percentile of the days from submission to decision, calendar and working.
 */
export async function decidedBy(db: Db, f: EserviceStatsFilter, by: EserviceStatsGroup): Promise<DecidedRow[]> {
  return db.execute<DecidedRow>(decidedBySql(f, by));
}

/** The statement decidedBy runs (exported for EXPLAIN in the benchmark). */
export function decidedBySql(f: EserviceStatsFilter, by: EserviceStatsGroup): SQL {
  return sql`
    with ${decidedCte(f, by)}, ${calendarCte()},
    ${pausedCte(sql`select id, 0::bigint as ord, start_day as lo, end_day as hi, pauses from dec where pauses <> '[]'::jsonb`)},
    used as (
      select d.key, d.status, d.due_on, d.end_day,
        greatest(0, e.wn - s.wn - coalesce(ps.w, 0)) as working,
        greatest(0, d.end_day - d.start_day - coalesce(ps.c, 0)) as calendar
      from dec d
      join cal s on s.day = d.start_day
      join cal e on e.day = d.end_day
      left join paused ps on ps.id = d.id
    )
    select key, count(*)::int as finished,
      count(*) filter (where status = 'issued')::int as issued,
      count(*) filter (where status = 'refused')::int as refused,
      count(*) filter (where due_on is null or end_day <= due_on)::int as "withinTerm",
      ${pct(0.5, 'calendar')} as "calendarMedian", ${pct(0.9, 'calendar')} as "calendarP90",
      ${pct(0.5, 'working')} as "workingMedian", ${pct(0.9, 'working')} as "workingP90"
    from used
    group by grouping sets ((key), ())`;
}

export type StageRow = {
  serviceId: number;
  stage: number;
  applications: number;
  overTerm: number;
  calendarMedian: number | null;
  calendarP90: number | null;
  workingMedian: number | null;
  workingP90: number | null;
};

/**
 * Time per stage of the applications decided in the period: an application is in stage 0 from its
 * start day, then in the stage each event moves it to (`to_stage`), until its decision. Per service
 * and stage: how many applications went through it, how many of them spent more working days in it
 * than the stage's own term, and the median and 90th percentile of their days in it.
 */
export async function stagesBy(db: Db, f: EserviceStatsFilter): Promise<StageRow[]> {
  return db.execute<StageRow>(stagesBySql(f));
}

/** The statement stagesBy runs (exported for EXPLAIN in the benchmark). */
export function stagesBySql(f: EserviceStatsFilter): SQL {
  return sql`
    with ${decidedCte(f, 'service')}, ${calendarCte()},
    seg as (
      select d.id, d.service_id, d.start_day, d.end_day, 0 as stage, d.start_day as enter_day,
        d.submitted_at as enter_at, 0::bigint as ord
      from dec d
      union all
      -- Only moves to another stage: a step that keeps the stage splits nothing.
      select d.id, d.service_id, d.start_day, d.end_day, e.to_stage, (e.at at time zone ${f.timeZone})::date,
        e.at, e.id
      from dec d
      join application_events e on e.application_id = d.id
      where e.to_stage is not null and e.to_stage is distinct from e.from_stage
        and e.at > d.submitted_at and e.at < d.decided_at
    ),
    span as (
      select id, ord, service_id, stage, lo, greatest(lo, hi) as hi
      from (
        select id, ord, service_id, stage,
          least(greatest(enter_day, start_day), end_day) as lo,
          least(lead(enter_day, 1, end_day) over (partition by id order by enter_at, ord), end_day) as hi
        from seg
      ) x
    ),
    ${pausedCte(sql`select x.id, x.ord, x.lo, x.hi, d.pauses from span x join dec d on d.id = x.id where d.pauses <> '[]'::jsonb`)},
    terms as (
      select s.id as service_id, (st.n - 1)::int as stage, (st.v ->> 'termDays')::int as term_days
      from eservices s cross join lateral jsonb_array_elements(s.stages) with ordinality as st(v, n)
      where s.id = any(${arrayLiteral(f.serviceIds)}::int[])
    ),
    per_app as (
      select sp.service_id, sp.stage, sp.id,
        sum(greatest(0, h.wn - l.wn - coalesce(ps.w, 0)))::int as working,
        sum(greatest(0, sp.hi - sp.lo - coalesce(ps.c, 0)))::int as calendar
      from span sp
      join cal l on l.day = sp.lo
      join cal h on h.day = sp.hi
      left join paused ps on ps.id = sp.id and ps.ord = sp.ord
      group by sp.service_id, sp.stage, sp.id
    )
    select pa.service_id as "serviceId", pa.stage::int as stage, count(*)::int as applications,
      count(*) filter (where pa.working > t.term_days)::int as "overTerm",
      ${pct(0.5, 'pa.calendar')} as "calendarMedian", ${pct(0.9, 'pa.calendar')} as "calendarP90",
      ${pct(0.5, 'pa.working')} as "workingMedian", ${pct(0.9, 'pa.working')} as "workingP90"
    from per_app pa
    left join terms t on t.service_id = pa.service_id and t.stage = pa.stage
    group by pa.service_id, pa.stage
    order by pa.service_id, pa.stage`;
}
