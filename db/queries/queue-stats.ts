/**
 * The queue's figures (issue 16) for a period of local days: appointments and hall tickets of the
 * offices in view, aggregated in SQL per office, per service and in total at once (grouping sets),
 * with percentiles by `percentile_cont`. Nothing personal is read: counts and durations only.
 *
 * - bookings made: appointments created in the period (whenever their time);
 * - outcomes: appointments whose time falls in the period, by status; slots used: those served or
 *   checked in; lateness: of those checked in, how many were late (`late_minutes` > 0) and by how much;
 * - the hall: tickets of the period's days — walk-ins, the wait from arrival to the first call (the
 *   first `call` event, else the ticket's `called_at`), the service time from start to finish;
 * - the load: tickets by local weekday and hour of arrival.
 */
import { type SQL, sql } from 'drizzle-orm';
import { arrayLiteral, type Db } from '../client.ts';

export type QueueStatsFilter = {
  timeZone: string;
  /** Local days, inclusive. */
  from: string;
  to: string;
  officeIds: readonly number[];
};

/** A row of a grouping: an office's (serviceId null), a service's (officeId null) or the total (both null). */
type Keyed = { officeId: number | null; serviceId: number | null };

const inPeriod = (f: QueueStatsFilter, at: SQL) =>
  sql`${at} >= (${f.from}::date::timestamp at time zone ${f.timeZone})
    and ${at} < ((${f.to}::date + 1)::timestamp at time zone ${f.timeZone})`;

const offices = (f: QueueStatsFilter, column: SQL) => sql`${column} = any(${arrayLiteral(f.officeIds)}::int[])`;

const grouping = sql`grouping sets ((office_id), (service_id), ())`;
const keys = sql`case when grouping(office_id) = 0 then office_id end as office_id,
  case when grouping(service_id) = 0 then service_id end as service_id`;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const keyed = (r: { office_id: number | null; service_id: number | null }): Keyed => ({
  officeId: r.office_id,
  serviceId: r.service_id,
});

/** Appointments created in the period. */
export async function bookingsMade(db: Db, f: QueueStatsFilter) {
  if (f.officeIds.length === 0) return [];
  const rows = await db.execute<{ office_id: number | null; service_id: number | null; made: number }>(sql`
    select ${keys}, count(*)::int as made
    from appointments
    where ${offices(f, sql`office_id`)} and ${inPeriod(f, sql`created_at`)}
    group by ${grouping}`);
  return rows.map((r) => ({ ...keyed(r), made: r.made }));
}

/** Appointments whose time falls in the period: outcomes, slots used, lateness. */
export async function appointmentOutcomes(db: Db, f: QueueStatsFilter) {
  if (f.officeIds.length === 0) return [];
  const rows = await db.execute<{
    office_id: number | null;
    service_id: number | null;
    total: number;
    served: number;
    no_show: number;
    cancelled: number;
    booked: number;
    checked_in: number;
    used: number;
    arrived: number;
    late: number;
    late_minutes_avg: string | null;
  }>(sql`
    select ${keys},
      count(*)::int as total,
      count(*) filter (where status = 'served')::int as served,
      count(*) filter (where status = 'no_show')::int as no_show,
      count(*) filter (where status = 'cancelled')::int as cancelled,
      count(*) filter (where status = 'booked')::int as booked,
      count(*) filter (where status = 'checked_in')::int as checked_in,
      count(*) filter (where status in ('served', 'checked_in'))::int as used,
      count(*) filter (where checked_in_at is not null)::int as arrived,
      count(*) filter (where checked_in_at is not null and late_minutes > 0)::int as late,
      avg(late_minutes) filter (where checked_in_at is not null and late_minutes > 0) as late_minutes_avg
    from appointments
    where ${offices(f, sql`office_id`)} and ${inPeriod(f, sql`starts_at`)}
    group by ${grouping}`);
  return rows.map((r) => ({
    ...keyed(r),
    total: r.total,
    served: r.served,
    noShow: r.no_show,
    cancelled: r.cancelled,
    booked: r.booked,
    checkedIn: r.checked_in,
    used: r.used,
    arrived: r.arrived,
    late: r.late,
    lateMinutesAvg: num(r.late_minutes_avg),
  }));
}

/** The hall's tickets of the period's days: walk-ins, waits and service times in minutes. */
export async function hallFigures(db: Db, f: QueueStatsFilter) {
  if (f.officeIds.length === 0) return [];
  const rows = await db.execute<{
    office_id: number | null;
    service_id: number | null;
    tickets: number;
    walk_ins: number;
    wait_avg: string | null;
    wait_p90: string | null;
    service_avg: string | null;
    service_p90: string | null;
  }>(sql`
    with t as (
      select t.office_id, t.service_id, t.kind,
        extract(epoch from coalesce(
          (select min(e.at) from queue_events e where e.ticket_id = t.id and e.step = 'call'), t.called_at
        ) - t.arrived_at) / 60 as wait,
        extract(epoch from t.finished_at - t.started_at) / 60 as service
      from hall_tickets t
      where ${offices(f, sql`t.office_id`)} and t.day between ${f.from}::date and ${f.to}::date
    )
    select ${keys},
      count(*)::int as tickets,
      count(*) filter (where kind = 'walk_in')::int as walk_ins,
      avg(wait) as wait_avg,
      percentile_cont(0.9) within group (order by wait) as wait_p90,
      avg(service) as service_avg,
      percentile_cont(0.9) within group (order by service) as service_p90
    from t
    group by ${grouping}`);
  return rows.map((r) => ({
    ...keyed(r),
    tickets: r.tickets,
    walkIns: r.walk_ins,
    waitAvg: num(r.wait_avg),
    waitP90: num(r.wait_p90),
    serviceAvg: num(r.service_avg),
    serviceP90: num(r.service_p90),
  }));
}

/** Tickets by local weekday (1 Monday … 7 Sunday) and hour of arrival. */
export async function arrivalsByHour(db: Db, f: QueueStatsFilter) {
  if (f.officeIds.length === 0) return [];
  const rows = await db.execute<{ weekday: number; hour: number; tickets: number }>(sql`
    select extract(isodow from arrived_at at time zone ${f.timeZone})::int as weekday,
      extract(hour from arrived_at at time zone ${f.timeZone})::int as hour,
      count(*)::int as tickets
    from hall_tickets
    where ${offices(f, sql`office_id`)} and day between ${f.from}::date and ${f.to}::date
    group by 1, 2
    order by 1, 2`);
  return rows.map((r) => ({ weekday: r.weekday, hour: r.hour, tickets: r.tickets }));
}

/** The offices in view: a municipality's, an organisation's, or one. */
export async function officesInView(db: Db, q: { municipalityId: number; organisationId?: number; officeId?: number }) {
  const rows = await db.execute<{
    id: number;
    organisation_id: number;
    municipality_id: number;
    name: { ru: string; en: string; tt: string };
    code: string;
  }>(sql`
    select id, organisation_id, municipality_id, name, code from offices
    where municipality_id = ${q.municipalityId}
      ${q.organisationId === undefined ? sql`` : sql`and organisation_id = ${q.organisationId}`}
      ${q.officeId === undefined ? sql`` : sql`and id = ${q.officeId}`}
    order by id`);
  return rows.map((r) => ({ id: r.id, organisationId: r.organisation_id, name: r.name, code: r.code }));
}

/** An office's municipality and organisation (null when there is none). */
export async function officeOwner(db: Db, id: number) {
  const [row] = await db.execute<{ municipality_id: number; organisation_id: number }>(
    sql`select municipality_id, organisation_id from offices where id = ${id}`,
  );
  return row ? { municipalityId: row.municipality_id, organisationId: row.organisation_id } : null;
}

/** Names and letters of services by id. */
export async function serviceLabels(db: Db, ids: readonly number[]) {
  if (ids.length === 0)
    return new Map<number, { name: { ru: string; en: string; tt: string }; letter: string; code: string }>();
  const rows = await db.execute<{
    id: number;
    name: { ru: string; en: string; tt: string };
    letter: string;
    code: string;
  }>(sql`select id, name, letter, code from appointment_services where id = any(${arrayLiteral(ids)}::int[])`);
  return new Map(rows.map((r) => [r.id, { name: r.name, letter: r.letter, code: r.code }]));
}
