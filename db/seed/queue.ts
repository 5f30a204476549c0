/**
 * The demo electronic queue (issue 16), loaded after the e-services: the offices of
 * db/seed/queue-catalogue.ts with their points, services, operators, exceptions and kiosk keys; two
 * weeks of bookings — the past 7 days served, missed or cancelled with their hall tickets, and the
 * booking window ahead (about 60 % of the slots of the near days, busier in the mornings, thinning out
 * towards the horizon) — and the hall of today so far: check-ins (some late), walk-ins, calls, starts,
 * finishes, no-shows, a redirect, and tickets still waiting, called or being served at `now`.
 *
 * Every appointment lies on a slot that dispatch/appointments.ts `pointIntervals` gives (the grid of
 * its service from the start of each working interval, holidays, breaks and exceptions honoured);
 * every status is reached through the transition tables, each step a queue event with its actor and
 * time. Deterministic for a seed and `now`; rows are written with COPY in one transaction.
 */
import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import {
  type AppointmentStatus,
  bookingCode,
  lastBookableDate,
  liveAppointmentStatuses,
  nextAppointmentStatus,
  type OfficeRules,
  pointIntervals,
  type ScheduleException,
} from '../../dispatch/appointments.ts';
import { nextTicketStatus, type TicketStatus, ticketNumber } from '../../dispatch/hall.ts';
import { localInstant, weekdays } from '../../dispatch/calendar.ts';
import { addDays, daysBetween, type LocalDate, localDate } from '../../dispatch/eservices.ts';
import type { Database } from '../client.ts';
import * as s from '../schema/index.ts';
import { personName } from './generate.ts';
import { DEMO_RESIDENTS } from './kazan.ts';
import { copyRows } from './load.ts';
import {
  demoKioskKey,
  EXECUTIVE_COMMITTEE_WEEK,
  INNOPOLIS_OFFICES,
  INNOPOLIS_QUEUE_SERVICES,
  KAZAN_EXCEPTIONS,
  KAZAN_OFFICES,
  KAZAN_QUEUE_SERVICES,
  QUEUE_OPERATORS_FROM_DEMO_STAFF,
  QUEUE_STAFF,
  type QueueExceptionSpec,
} from './queue-catalogue.ts';
import { Random } from './random.ts';
import {
  ev,
  type Office,
  type PlannedAppointment,
  type PlannedEvent,
  type PlannedTicket,
  type Service,
  simulateDay,
} from './queue-hall.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Days of history before today. */
const HISTORY_DAYS = 7;

type Sql = postgres.Sql | postgres.TransactionSql;
type Municipality = { id: number; code: 'KZN' | 'INN'; timeZone: string };

// ---------------------------------------------------------------------------------------------
// What the seed finds in the database

type Found = {
  municipalities: Municipality[];
  orgs: Map<string, number>;
  logins: Map<string, number>;
  eservices: Map<string, number>;
  residents: Map<number, number[]>;
  residentCount: number;
  demoResidents: number[];
  ready: { id: number; applicantId: number; eservice: string; municipalityId: number }[];
};

async function find(sql: Sql): Promise<Found> {
  const municipalities = await sql<{ id: number; code: 'KZN' | 'INN'; time_zone: string }[]>`
    select id, code, time_zone from municipalities where code in ('KZN', 'INN') order by id`;
  const orgs = await sql<{ id: number; code: string; municipality_id: number }[]>`
    select id, code, municipality_id from organisations`;
  const logins = await sql<{ id: string; login: string }[]>`select id, login from users where login is not null`;
  const eservices = await sql<{ id: number; code: string; municipality_id: number }[]>`
    select id, code, municipality_id from eservices`;
  const residents = await sql<{ id: string; municipality_id: number }[]>`
    select id, municipality_id from users where role = 'resident' order by id`;
  const demo = await sql<{ id: string; phone: string }[]>`
    select user_id as id, phone from user_personal where phone in ${sql(DEMO_RESIDENTS.map((r) => r.phone))}`;
  const ready = await sql<{ id: string; applicant_id: string; code: string; municipality_id: number }[]>`
    select a.id, a.applicant_id, s.code, s.municipality_id from applications a join eservices s on s.id = a.service_id
    where a.status = 'ready' order by a.id`;
  const byMunicipality = new Map<number, number[]>();
  for (const r of residents) {
    const list = byMunicipality.get(r.municipality_id) ?? [];
    list.push(Number(r.id));
    byMunicipality.set(r.municipality_id, list);
  }
  return {
    municipalities: municipalities.map((m) => ({ id: m.id, code: m.code, timeZone: m.time_zone })),
    orgs: new Map(orgs.map((o) => [`${o.municipality_id}:${o.code}`, o.id])),
    logins: new Map(logins.map((u) => [u.login, Number(u.id)])),
    eservices: new Map(eservices.map((e) => [`${e.municipality_id}:${e.code}`, e.id])),
    residents: byMunicipality,
    residentCount: residents.length,
    demoResidents: DEMO_RESIDENTS.map((r) => Number(demo.find((d) => d.phone === r.phone)?.id ?? 0)),
    ready: ready.map((r) => ({
      id: Number(r.id),
      applicantId: Number(r.applicant_id),
      eservice: r.code,
      municipalityId: r.municipality_id,
    })),
  };
}

/** A block of `n` ids drawn from a table's sequence at once, in order. */
async function nextIds(sql: Sql, table: string, n: number): Promise<number[]> {
  if (n === 0) return [];
  const [row] = await sql<{ last: string }[]>`
    select setval(pg_get_serial_sequence(${table}, 'id'), nextval(pg_get_serial_sequence(${table}, 'id')) + ${n - 1}) as last`;
  const first = Number(row!.last) - n + 1;
  return Array.from({ length: n }, (_, i) => first + i);
}

/** The tables of the queue's history, written in bulk by this seed. */
const HISTORY_TABLES = ['appointments', 'hall_tickets', 'hall_ticket_numbers', 'queue_events'];
/** The queue's own tables: nobody else writes them while the seed runs. */
const OWN_TABLES = ['offices', 'service_points', 'appointment_services', ...HISTORY_TABLES];

/**
 * As db/seed/load.ts does for the city, drop what makes a bulk copy slow — the history tables'
 * secondary indexes, the exclusion constraint and the foreign keys between the queue's own tables —
 * and return how to put them back: a sorted index build and one validating join each are far
 * cheaper than an index insertion and a trigger per row. The keys to users, municipalities and
 * applications stay, so the parts of the seed running alongside never wait on a lock of ours; the
 * definitions are read from the catalogue, so they come back exactly as the migrations made them.
 */
async function dropForLoad(sql: Sql): Promise<() => Promise<void>> {
  const constraints = await sql<{ table: string; name: string; def: string }[]>`
    select cl.relname as table, c.conname as name, pg_get_constraintdef(c.oid) as def
    from pg_constraint c join pg_class cl on cl.oid = c.conrelid left join pg_class ref on ref.oid = c.confrelid
    where cl.relnamespace = current_schema()::regnamespace and cl.relname in ${sql(HISTORY_TABLES)}
      and (c.contype = 'x' or (c.contype = 'f' and ref.relname in ${sql(OWN_TABLES)}))
    order by c.contype, cl.relname, c.conname`;
  const indexes = await sql<{ name: string; def: string }[]>`
    select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in ${sql(HISTORY_TABLES)}
      and not exists (select 1 from pg_constraint c where c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass)
    order by i.tablename, i.indexname`;
  for (const c of constraints) await sql`alter table ${sql(c.table)} drop constraint ${sql(c.name)}`;
  for (const i of indexes) await sql`drop index ${sql(i.name)}`;
  return async () => {
    for (const i of indexes) await sql.unsafe(i.def);
    for (const c of constraints) await sql.unsafe(`alter table "${c.table}" add constraint "${c.name}" ${c.def}`);
  };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------------------------------------
// The offices, their points and staff

type Setup = {
  offices: Office[];
  services: Service[];
  staff: { user: typeof s.users.$inferInsert; personal: typeof s.userPersonal.$inferInsert }[];
  operators: (typeof s.servicePointOperators.$inferInsert)[];
  exceptionRows: (typeof s.scheduleExceptions.$inferInsert)[];
};

/** The exception's local date: today, or the weekday of next week. */
function exceptionDate(spec: QueueExceptionSpec, today: LocalDate): LocalDate {
  if (spec.when === 'today') return today;
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7; // 0 = Monday
  return addDays(today, 7 - weekday + weekdays.indexOf(spec.when));
}

async function setUp(sql: Sql, found: Found, passwordHash: string, now: Date, seed: number): Promise<Setup> {
  const rng = new Random(seed, 'queue-staff');
  const services: Service[] = [];
  const offices: Office[] = [];
  const staff: Setup['staff'] = [];
  const operators: Setup['operators'] = [];
  const exceptionRows: Setup['exceptionRows'] = [];
  const createdAt = new Date(now.getTime() - 200 * DAY);
  const plans = found.municipalities.map((m) => ({
    m,
    services: m.code === 'KZN' ? KAZAN_QUEUE_SERVICES : INNOPOLIS_QUEUE_SERVICES,
    offices: (m.code === 'KZN' ? KAZAN_OFFICES : INNOPOLIS_OFFICES).filter((o) =>
      found.orgs.has(`${m.id}:${o.organisation}`),
    ),
  }));
  const serviceIds = await nextIds(
    sql,
    'appointment_services',
    plans.reduce((n, p) => n + p.services.length, 0),
  );
  const officeIds = await nextIds(
    sql,
    'offices',
    plans.reduce((n, p) => n + p.offices.length, 0),
  );
  const pointCount = plans.reduce((n, p) => n + p.offices.reduce((k, o) => k + o.points.length, 0), 0);
  const pointIds = await nextIds(sql, 'service_points', pointCount);
  const staffCount = QUEUE_STAFF.length + pointCount;
  const userIds = await nextIds(sql, 'users', staffCount);
  const addUser = (
    municipalityId: number,
    organisationId: number,
    role: 'org_staff' | 'org_supervisor',
    login: string | null,
    fullName: string,
  ) => {
    const id = userIds[staff.length]!;
    staff.push({
      user: { id, municipalityId, role, organisationId, login, passwordHash: login ? passwordHash : null, createdAt },
      personal: { userId: id, fullName, phone: null, email: null },
    });
    return id;
  };
  for (const { m, services: specs, offices: officeSpecs } of plans) {
    for (const spec of specs) {
      services.push({
        ...spec,
        id: serviceIds[services.length]!,
        municipalityId: m.id,
        eserviceId: spec.eservice ? (found.eservices.get(`${m.id}:${spec.eservice}`) ?? null) : null,
      });
    }
    const serviceOf = (code: string) => services.find((x) => x.municipalityId === m.id && x.code === code)!;
    for (const spec of QUEUE_STAFF.filter((st) => st.municipality === m.code)) {
      const org = found.orgs.get(`${m.id}:${spec.organisation}`);
      if (org !== undefined) addUser(m.id, org, spec.role, spec.login, spec.fullName);
    }
    const today = localDate(now, m.timeZone);
    for (const spec of officeSpecs) {
      const organisationId = found.orgs.get(`${m.id}:${spec.organisation}`)!;
      const id = officeIds[offices.length]!;
      const demoOperators = [
        ...QUEUE_STAFF.filter((st) => st.office === spec.code && st.municipality === m.code).map((st) => st.login),
        ...QUEUE_OPERATORS_FROM_DEMO_STAFF.filter((o) => o.office === spec.code).map((o) => o.login),
      ]
        .map((login) => found.logins.get(login) ?? staff.find((st) => st.user.login === login)?.user.id)
        .filter((x): x is number => x !== undefined);
      const points = spec.points.map((p, i) => {
        const pointId = pointIds[offices.reduce((n, o) => n + o.points.length, 0) + i]!;
        // the demo operator works at the first window; a colleague (who does not sign in) at each other
        const operatorId =
          i === 0 && demoOperators.length > 0
            ? demoOperators[0]!
            : addUser(m.id, organisationId, 'org_staff', null, personName(rng).fullName);
        for (const userId of new Set([operatorId, ...demoOperators])) operators.push({ pointId, userId });
        return {
          id: pointId,
          label: p.label,
          kind: p.kind,
          week: p.week ?? null,
          operatorId,
          services: p.services.map(([code, slotMinutes]) => ({ serviceId: serviceOf(code).id, slotMinutes })),
        };
      });
      const exceptions: ScheduleException[] = [];
      for (const e of m.code === 'KZN' ? KAZAN_EXCEPTIONS.filter((x) => x.office === spec.code) : []) {
        const pointId = e.point === null ? null : points.find((p) => p.label === e.point)!.id;
        const date = exceptionDate(e, today);
        exceptions.push({ date, pointId, hours: e.hours });
        const head =
          found.logins.get('adm-vakh.head') ?? staff.find((st) => st.user.login === 'adm-vakh.head')?.user.id;
        exceptionRows.push({
          officeId: id,
          pointId,
          date,
          hours: e.hours,
          reason: e.reason,
          createdBy: spec.organisation === 'adm-vakh-priv' ? (head ?? null) : (demoOperators[0] ?? null),
          createdAt: new Date(
            Math.min(now.getTime(), localInstant(m.timeZone, today, '08:15')) - (e.when === 'today' ? 0 : 3 * DAY),
          ),
        });
      }
      offices.push({
        ...spec,
        id,
        municipalityId: m.id,
        calendar: { kind: 'working_hours', timeZone: m.timeZone, week: EXECUTIVE_COMMITTEE_WEEK, holidays: 'ru' },
        points,
        exceptions,
      });
    }
  }
  return { offices, services, staff, operators, exceptionRows };
}

// ---------------------------------------------------------------------------------------------
// Bookings

/**
 * The share of a point's slots booked on a day, by the time of the slot: near days fuller (about 60 %
 * on a popular one), Mondays busiest and Fridays quietest, mornings busier than the evening.
 */
function fillRates(office: Office, date: LocalDate, today: LocalDate): (start: number) => number {
  const ahead = daysBetween(today, date);
  const base = ahead < 0 ? 0.56 : Math.max(0.16, 0.58 - 0.03 * ahead);
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  const day = base * [1.12, 1.05, 1, 0.95, 0.82, 1, 1][weekday]! * office.load;
  const noon = localInstant(office.calendar.timeZone, date, '12:00');
  const evening = localInstant(office.calendar.timeZone, date, '17:00');
  return (start) => Math.min(0.85, day * (start < noon ? 1.18 : start >= evening ? 0.7 : 0.9));
}

/** The slots booked at one point on one day: on each service's grid, never overlapping. */
function bookDay(
  office: Office,
  point: Office['points'][number],
  date: LocalDate,
  today: LocalDate,
  services: Map<number, Service>,
  rng: Random,
): { service: Service; start: number; end: number }[] {
  const booked: { service: Service; start: number; end: number }[] = [];
  const fill = fillRates(office, date, today);
  for (const [a, b] of pointIntervals(office.calendar, point, office.exceptions, date)) {
    let t = a;
    while (t < b) {
      const options = point.services.filter(
        (x) => (t - a) % (x.slotMinutes * MINUTE) === 0 && t + x.slotMinutes * MINUTE <= b,
      );
      if (options.length > 0 && rng.chance(fill(t))) {
        const choice = rng.weighted(options, (x) => services.get(x.serviceId)!.demand);
        const end = t + choice.slotMinutes * MINUTE;
        booked.push({ service: services.get(choice.serviceId)!, start: t, end });
        t = end;
      } else t += 15 * MINUTE;
    }
  }
  return booked;
}

/** When the slot was booked: mostly days ahead, never before its day opened nor after `now`. */
function bookingTime(rules: OfficeRules, tz: string, date: LocalDate, start: number, now: number, rng: Random): number {
  const opened = localInstant(tz, addDays(date, -rules.horizonDays), rules.opensAt);
  const latest = Math.min(now, start - rules.minLeadMinutes * MINUTE);
  let at = start - rng.logNormal(3 * DAY, 2.5);
  // those who would have booked later than now book in the last two days instead
  if (at > latest) at = latest - rng.float(0, Math.max(0, Math.min(latest - opened, 2 * DAY)));
  return Math.floor(Math.max(opened, at) / SECOND) * SECOND;
}

// ---------------------------------------------------------------------------------------------
// Planning everything

type Plan = {
  appointments: PlannedAppointment[];
  tickets: PlannedTicket[];
};

function planBookings(setup: Setup, now: Date, seed: number): Plan {
  const rng = new Random(seed, 'queue');
  const services = new Map(setup.services.map((x) => [x.id, x]));
  const appointments: PlannedAppointment[] = [];
  const tickets: PlannedTicket[] = [];
  const codes = new Set<string>();
  const ids = { appointment: 0, ticket: 0 };
  const nowMs = now.getTime();
  for (const office of setup.offices) {
    const tz = office.calendar.timeZone;
    const today = localDate(now, tz);
    const last = lastBookableDate(office.calendar, office.rules, nowMs);
    for (let day = addDays(today, -HISTORY_DAYS); day <= last; day = addDays(day, 1)) {
      const ofDay: PlannedAppointment[] = [];
      for (const point of office.points) {
        for (const slot of bookDay(office, point, day, today, services, rng)) {
          const bookedAt = bookingTime(office.rules, tz, day, slot.start, nowMs, rng);
          if (bookedAt > nowMs || bookedAt > slot.start - office.rules.minLeadMinutes * MINUTE) continue;
          let code = '';
          do code = bookingCode(Uint8Array.from({ length: 8 }, () => rng.int(0, 255)));
          while (codes.has(code));
          codes.add(code);
          const a: PlannedAppointment = {
            id: ids.appointment++,
            office,
            pointId: point.id,
            service: slot.service,
            start: slot.start,
            end: slot.end,
            bookedAt,
            code,
            person: -1,
            applicationId: null,
            status: 'booked',
            checkedInAt: null,
            lateMinutes: null,
            closedAt: null,
            events: [ev('book', bookedAt, 'person', null, 'booked', point.id)],
            ticket: null,
          };
          // some cancel in good time (the cut-off is two hours before the slot)
          const cancelBy = Math.min(nowMs, slot.start - office.rules.changeCutoffMinutes * MINUTE);
          if (cancelBy > bookedAt + HOUR && rng.chance(day < today ? 0.09 : 0.05)) {
            a.events.push(
              ev('cancel', rng.float(bookedAt + HOUR, cancelBy), 'person', 'booked', 'cancelled', point.id),
            );
          } else ofDay.push(a);
          appointments.push(a);
        }
      }
      if (day <= today) {
        const held = simulateDay(office, day, ofDay, services, ids, nowMs, rng);
        tickets.push(...held);
      }
    }
  }
  return { appointments, tickets };
}

/** Keep what happened by `now`: steps after it have not happened yet; a ticket not yet issued is not there. */
function truncate(plan: Plan, now: number): Plan {
  for (const a of plan.appointments) {
    const ticketEvents = a.ticket?.events ?? [];
    // an appointment is served or missed by its ticket's finish or no-show
    const finish = ticketEvents.find((e) => e.step === 'finish');
    const gone = ticketEvents.find((e) => e.step === 'no_show');
    if (finish) a.events.push(ev('serve', finish.at, finish.actor, 'checked_in', 'served', finish.pointId));
    if (gone)
      a.events.push(ev('miss', gone.at, gone.actor, 'checked_in', 'no_show', gone.pointId, {}, 'not come when called'));
    a.events = a.events.filter((e) => e.at <= now).sort((x, y) => x.at - y.at || order(x) - order(y));
    if (a.ticket && a.ticket.arrivedAt > now) a.ticket = null;
  }
  const tickets = plan.tickets.filter((t) => t.arrivedAt <= now);
  for (const t of tickets) t.events = t.events.filter((e) => e.at <= now).sort((x, y) => x.at - y.at);
  return { appointments: plan.appointments, tickets };
}

/** Steps at the same second keep the order of the lifecycle. */
const order = (e: PlannedEvent) => ['book', 'cancel', 'check_in', 'late', 'serve', 'miss'].indexOf(e.step);

// ---------------------------------------------------------------------------------------------
// People: who booked

type People = { ids: number[]; extra: { municipalityId: number; index: number }[] };

/**
 * Give every appointment a person of its municipality. Live ones respect the limits (one per service,
 * at most `maxActivePerPerson`); new residents are added when the existing ones are all taken. The
 * demo residents and the applicants of applications ready to collect get theirs first.
 */
function assignPeople(plan: Plan, found: Found, now: number, seed: number): Map<number, People> {
  const rng = new Random(seed, 'queue-people');
  const people = new Map<number, People>();
  const live = new Map<string, Set<number>>(); // `${municipality}:${person}` → live service ids
  const isLive = (a: PlannedAppointment) => liveAppointmentStatuses.includes(statusOf(a));
  const poolOf = (m: number) => {
    let p = people.get(m);
    if (!p) {
      p = { ids: [...(found.residents.get(m) ?? [])], extra: [] };
      people.set(m, p);
    }
    return p;
  };
  const take = (a: PlannedAppointment, person: number) => {
    a.person = person;
    if (!isLive(a)) return;
    const key = `${a.office.municipalityId}:${person}`;
    live.set(key, new Set([...(live.get(key) ?? []), a.service.id]));
  };
  const fits = (a: PlannedAppointment, person: number) => {
    const mine = live.get(`${a.office.municipalityId}:${person}`);
    return !mine || (!mine.has(a.service.id) && mine.size < a.office.rules.maxActivePerPerson);
  };
  const indexOf = (m: number, userId: number) => poolOf(m).ids.indexOf(userId);
  // applications ready to collect: their applicant books the collection at the department's office
  for (const app of found.ready) {
    const a = plan.appointments.find(
      (x) =>
        x.person < 0 &&
        isLive(x) &&
        x.start > now + DAY &&
        x.service.purpose === 'collect' &&
        x.service.eservice === app.eservice &&
        x.office.municipalityId === app.municipalityId,
    );
    const person = indexOf(app.municipalityId, app.applicantId);
    if (a && person >= 0 && fits(a, person)) {
      a.applicationId = app.id;
      take(a, person);
    }
  }
  // the first demo resident: a housing consultation ahead and a visit last week
  const kazan = found.municipalities.find((m) => m.code === 'KZN');
  const alsu = kazan ? indexOf(kazan.id, found.demoResidents[0]!) : -1;
  if (kazan && alsu >= 0) {
    const ahead = plan.appointments.find(
      (x) =>
        x.person < 0 &&
        isLive(x) &&
        x.start > now + DAY &&
        x.office.code === 'vakhitovsky' &&
        x.service.code === 'housing-consult',
    );
    if (ahead && fits(ahead, alsu)) take(ahead, alsu);
    const past = plan.appointments.find(
      (x) =>
        x.person < 0 &&
        statusOf(x) === 'served' &&
        x.office.code === 'vakhitovsky' &&
        x.service.code === 'registration-consult',
    );
    if (past) take(past, alsu);
  }
  for (const a of plan.appointments) {
    if (a.person >= 0) continue;
    const pool = poolOf(a.office.municipalityId);
    const size = () => pool.ids.length + pool.extra.length;
    let person = -1;
    for (let tries = 0; tries < 12 && size() > 0; tries++) {
      const candidate = rng.int(0, size() - 1);
      if (!isLive(a) || fits(a, candidate)) {
        person = candidate;
        break;
      }
    }
    if (person < 0) {
      pool.extra.push({ municipalityId: a.office.municipalityId, index: pool.extra.length });
      person = size() - 1;
    }
    take(a, person);
  }
  return people;
}

/** The status an appointment's events end in. */
function statusOf(a: PlannedAppointment): AppointmentStatus {
  let status: AppointmentStatus | 'new' = 'new';
  for (const e of a.events) {
    if (e.step === 'late') continue;
    status = nextAppointmentStatus(status, e.step as Parameters<typeof nextAppointmentStatus>[1]) ?? status;
  }
  return status === 'new' ? 'booked' : status;
}

// ---------------------------------------------------------------------------------------------
// Writing

function ticketRow(t: PlannedTicket, seqs: Map<string, number>): typeof s.hallTickets.$inferInsert {
  let status: TicketStatus | 'new' = 'new';
  let pointId: number | null = null;
  let operatorId: number | null = null;
  let calledAt: number | null = null;
  let startedAt: number | null = null;
  let finishedAt: number | null = null;
  let calls = 0;
  for (const e of t.events) {
    status = nextTicketStatus(status, e.step as Parameters<typeof nextTicketStatus>[1]) ?? status;
    if (e.step === 'call' || e.step === 'recall') {
      calledAt = e.at;
      calls += 1;
      pointId = e.pointId;
      operatorId = typeof e.actor === 'number' ? e.actor : null;
    } else if (e.step === 'start') startedAt = e.at;
    else if (e.step === 'finish' || e.step === 'no_show') finishedAt = e.at;
    else if (e.step === 'redirect') {
      pointId = e.pointId;
      operatorId = null;
      startedAt = null;
    }
  }
  const key = `${t.office.id}:${t.day}:${t.service.letter}`;
  const seq = (seqs.get(key) ?? 0) + 1;
  seqs.set(key, seq);
  const date = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    id: t.id,
    officeId: t.office.id,
    day: t.day,
    letter: t.service.letter,
    seq,
    number: ticketNumber(t.service.letter, seq),
    appointmentId: t.appointment?.id ?? null,
    serviceId: t.service.id,
    kind: t.kind,
    status: status === 'new' ? 'waiting' : status,
    pointId,
    operatorId,
    dueAt: new Date(t.dueAt),
    arrivedAt: new Date(t.arrivedAt),
    calledAt: date(calledAt),
    calls,
    startedAt: date(startedAt),
    finishedAt: date(finishedAt),
    lateMinutes: t.lateMinutes,
    version: t.events.length,
  };
}

function appointmentRow(a: PlannedAppointment, userId: number): typeof s.appointments.$inferInsert {
  const status = statusOf(a);
  const checkIn = a.events.find((e) => e.step === 'check_in');
  const late = a.events.find((e) => e.step === 'late');
  const closing = a.events.find((e) => e.step === 'serve' || e.step === 'miss' || e.step === 'cancel');
  const last = a.events.at(-1)!;
  return {
    id: a.id,
    municipalityId: a.office.municipalityId,
    officeId: a.office.id,
    pointId: a.pointId,
    serviceId: a.service.id,
    userId,
    startsAt: new Date(a.start),
    endsAt: new Date(a.end),
    code: a.code,
    status,
    applicationId: a.applicationId,
    checkedInAt: checkIn ? new Date(checkIn.at) : null,
    lateMinutes: late ? (late.data.lateMinutes as number) : null,
    closedAt: closing ? new Date(closing.at) : null,
    version: a.events.filter((e) => e.step !== 'late').length,
    createdAt: new Date(a.bookedAt),
    updatedAt: new Date(last.at),
  };
}

/** Residents added for the bookings, named like the generator's and with phones it never gives. */
function extraResidents(people: Map<number, People>, firstK: number, ids: number[], now: Date, seed: number) {
  const rng = new Random(seed, 'queue-residents');
  const rows: { user: typeof s.users.$inferInsert; personal: typeof s.userPersonal.$inferInsert }[] = [];
  let k = firstK;
  for (const pool of people.values()) {
    for (const x of pool.extra) {
      const id = ids[rows.length]!;
      // the generator's bijection of k onto 7-digit numbers, continued past its own residents
      const digits = 1000 + ((k * 7919 + 1_234_567) % 9_999_000);
      const phone = `+7${k % 2 === 0 ? '917' : '987'}${String(digits).padStart(7, '0')}`;
      k += 1;
      rows.push({
        user: {
          id,
          municipalityId: x.municipalityId,
          role: 'resident',
          organisationId: null,
          login: null,
          passwordHash: null,
          createdAt: new Date(Math.floor((now.getTime() - rng.float(30, 700) * DAY) / 1000) * 1000),
        },
        personal: { userId: id, fullName: personName(rng).fullName, phone, email: null },
      });
    }
  }
  return rows;
}

export type QueueSeedSummary = { offices: number; appointments: number; tickets: number; events: number };

/**
 * Load the demo electronic queue after the city and its e-services: Kazan's nine offices and 28
 * services, Innopolis's office, the operators, the bookings of the past week and of the window ahead,
 * and the hall's history. A municipality whose organisations are missing gets nothing.
 */
export async function seedQueue(
  db: Database,
  opts: { seed: number; now: Date; passwordHash: string },
): Promise<QueueSeedSummary> {
  const { seed, now } = opts;
  return db.$client.begin(async (sql) => {
    const found = await find(sql);
    const setup = await setUp(sql, found, opts.passwordHash, now, seed);
    if (setup.offices.length === 0) return { offices: 0, appointments: 0, tickets: 0, events: 0 };
    const planned = planBookings(setup, now, seed);
    const plan = truncate(planned, now.getTime());
    const people = assignPeople(plan, found, now.getTime(), seed);

    await copyRows(
      sql,
      s.appointmentServices,
      setup.services.map((x) => ({
        id: x.id,
        municipalityId: x.municipalityId,
        code: x.code,
        name: x.name,
        description: x.description,
        purpose: x.purpose,
        eserviceId: x.eserviceId,
        letter: x.letter,
      })),
    );
    await copyRows(
      sql,
      s.users,
      setup.staff.map((x) => x.user),
    );
    await copyRows(
      sql,
      s.userPersonal,
      setup.staff.map((x) => x.personal),
    );
    const createdAt = new Date(now.getTime() - 200 * DAY);
    await copyRows(
      sql,
      s.offices,
      setup.offices.map((o) => ({
        id: o.id,
        municipalityId: o.municipalityId,
        organisationId: found.orgs.get(`${o.municipalityId}:${o.organisation}`)!,
        code: o.code,
        name: o.name,
        address: o.address,
        lon: o.lonLat[0],
        lat: o.lonLat[1],
        howToFind: o.howToFind,
        week: o.calendar.week as typeof s.offices.$inferInsert.week,
        rules: o.rules,
        kioskKeyHash: sha256(demoKioskKey(o.code)),
        createdAt,
        updatedAt: createdAt,
      })),
    );
    await copyRows(
      sql,
      s.servicePoints,
      setup.offices.flatMap((o) =>
        o.points.map((p) => ({
          id: p.id,
          officeId: o.id,
          kind: p.kind,
          label: p.label,
          week: (p.week ?? null) as typeof s.servicePoints.$inferInsert.week,
        })),
      ),
    );
    await copyRows(
      sql,
      s.servicePointServices,
      setup.offices.flatMap((o) =>
        o.points.flatMap((p) =>
          p.services.map((x) => ({ pointId: p.id, serviceId: x.serviceId, slotMinutes: x.slotMinutes })),
        ),
      ),
    );
    await copyRows(sql, s.servicePointOperators, setup.operators);
    if (setup.exceptionRows.length > 0) await copyRows(sql, s.scheduleExceptions, setup.exceptionRows);

    // the people who booked: the existing residents, then the added ones
    const extraCount = [...people.values()].reduce((n, p) => n + p.extra.length, 0);
    const extraIds = await nextIds(sql, 'users', extraCount);
    const extras = extraResidents(people, found.residentCount - DEMO_RESIDENTS.length, extraIds, now, seed);
    if (extras.length > 0) {
      await copyRows(
        sql,
        s.users,
        extras.map((x) => x.user),
      );
      await copyRows(
        sql,
        s.userPersonal,
        extras.map((x) => x.personal),
      );
    }
    const userIdOf = new Map<number, (person: number) => number>();
    let extraAt = 0;
    for (const [m, pool] of people) {
      const base = extraAt;
      extraAt += pool.extra.length;
      userIdOf.set(m, (person) =>
        person < pool.ids.length ? pool.ids[person]! : extraIds[base + person - pool.ids.length]!,
      );
    }
    const userOf = (a: PlannedAppointment) => userIdOf.get(a.office.municipalityId)!(a.person);

    const restore = await dropForLoad(sql);
    const appointmentIds = await nextIds(sql, 'appointments', plan.appointments.length);
    for (const a of plan.appointments) a.id = appointmentIds[a.id]!;
    const ticketIds = await nextIds(sql, 'hall_tickets', plan.tickets.length);
    const ordered = [...plan.tickets].sort((x, y) => x.arrivedAt - y.arrivedAt || x.id - y.id);
    const ticketIdOf = new Map(ordered.map((t, i) => [t, ticketIds[i]!]));
    for (const t of ordered) t.id = ticketIdOf.get(t)!;
    await copyRows(
      sql,
      s.appointments,
      plan.appointments.map((a) => appointmentRow(a, userOf(a))),
    );
    const seqs = new Map<string, number>();
    await copyRows(
      sql,
      s.hallTickets,
      ordered.map((t) => ticketRow(t, seqs)),
    );
    if (seqs.size > 0) {
      await copyRows(
        sql,
        s.hallTicketNumbers,
        [...seqs].map(([key, last]) => {
          const [officeId, day, letter] = key.split(':');
          return { officeId: Number(officeId), day: day!, letter: letter!, last };
        }),
      );
    }
    const events = [
      ...plan.appointments.flatMap((a) =>
        a.events.map((e) => ({
          e,
          officeId: a.office.id,
          appointmentId: a.id,
          ticketId: a.ticket?.id ?? null,
          user: userOf(a),
        })),
      ),
      ...ordered.flatMap((t) =>
        t.events.map((e) => ({
          e,
          officeId: t.office.id,
          appointmentId: t.appointment?.id ?? null,
          ticketId: t.id,
          user: t.appointment ? userOf(t.appointment) : null,
        })),
      ),
    ].sort((x, y) => x.e.at - y.e.at);
    const eventIds = await nextIds(sql, 'queue_events', events.length);
    await copyRows(
      sql,
      s.queueEvents,
      events.map(({ e, officeId, appointmentId, ticketId, user }, i) => ({
        id: eventIds[i],
        officeId,
        appointmentId,
        ticketId: e.step === 'book' || e.step === 'cancel' ? null : ticketId,
        step: e.step,
        actorId: e.actor === 'person' ? user : e.actor,
        fromStatus: e.from,
        toStatus: e.to,
        pointId: e.pointId,
        note: e.note,
        data: e.data,
        at: new Date(e.at),
      })),
    );
    await restore();
    return {
      offices: setup.offices.length,
      appointments: plan.appointments.length,
      tickets: ordered.length,
      events: events.length,
    };
  });
}
