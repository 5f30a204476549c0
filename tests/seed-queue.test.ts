import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppointmentStatus,
  type AppointmentStep,
  appointmentSteps,
  daySlots,
  lastBookableDate,
  nextAppointmentStatus,
} from '../dispatch/appointments.ts';
import {
  nextTicketStatus,
  TICKET_LETTERS,
  type TicketStatus,
  type TicketStep,
  ticketNumber,
  ticketSteps,
} from '../dispatch/hall.ts';
import { localInstant } from '../dispatch/calendar.ts';
import { addDays, localDate, type Texts } from '../dispatch/eservices.ts';
import { officeSchedule } from '../db/queries/offices.ts';
import { demoLogins, seedDemoCity } from '../db/seed/demo.ts';
import { KAZAN_DISTRICT_ADMINISTRATIONS } from '../db/seed/kazan.ts';
import { demoKioskKey } from '../db/seed/queue-catalogue.ts';
import { createTestDatabase, type TestDatabase } from './helpers/db.ts';

type Appointment = {
  id: number;
  office_id: number;
  point_id: number;
  service_id: number;
  user_id: number;
  starts_at: Date;
  ends_at: Date;
  status: AppointmentStatus;
  application_id: number | null;
  checked_in_at: Date | null;
  closed_at: Date | null;
};

type Ticket = {
  id: number;
  office_id: number;
  day: string;
  letter: string;
  seq: number;
  number: string;
  appointment_id: number | null;
  kind: 'booked' | 'walk_in';
  status: TicketStatus;
  point_id: number | null;
  arrived_at: Date;
  called_at: Date | null;
  started_at: Date | null;
  finished_at: Date | null;
};

type Event = {
  appointment_id: number | null;
  ticket_id: number | null;
  step: string;
  from_status: string | null;
  to_status: string | null;
  actor_id: number | null;
  at: Date;
};

/** A timestamp column as epoch milliseconds (the client here hands back text). */
const ms = (column: string, as = column) => `(extract(epoch from ${column}) * 1000)::float8 as ${as}`;
/** Rows whose `*_at` fields (and `at`) are epoch milliseconds, with Dates for them. */
const withDates = <T extends object>(rows: T[]): T[] =>
  rows.map(
    (r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          (k === 'at' || k.endsWith('_at')) && v !== null ? new Date(Number(v)) : v,
        ]),
      ) as T,
  );

const filled = (t: Texts) => [t.ru, t.en, t.tt].every((x) => typeof x === 'string' && x.trim().length > 0);

/** An md5 over each queue table's rows in key order. */
async function fingerprint(t: TestDatabase): Promise<Record<string, string>> {
  const tables: Record<string, string> = {
    offices: 'id',
    appointment_services: 'id',
    service_points: 'id',
    service_point_services: 'point_id, service_id',
    service_point_operators: 'point_id, user_id',
    schedule_exceptions: 'id',
    appointments: 'id',
    hall_tickets: 'id',
    hall_ticket_numbers: 'office_id, day, letter',
    queue_events: 'id',
  };
  const result: Record<string, string> = {};
  for (const [table, order] of Object.entries(tables)) {
    const [row] = await t.db.$client.unsafe<{ hash: string; n: string }[]>(
      `select md5(coalesce(string_agg(r::text, E'\\n'), '')) as hash, count(*) as n from (select * from ${table} order by ${order}) r`,
    );
    result[table] = `${row!.n}:${row!.hash}`;
  }
  return result;
}

describe('the demo city’s electronic queue', () => {
  let city: TestDatabase;
  let twin: TestDatabase;
  // Tuesday 8 December 2026, 14:40 in Kazan: the offices are open, the deputy head receives
  const now = new Date('2026-12-08T11:40:00Z');
  const today = '2026-12-08';
  let appointments: Appointment[];
  let tickets: Ticket[];
  let events: Event[];
  let offices: { id: number; code: string; municipality: string; organisation: string; kiosk_key_hash: string }[];

  beforeAll(async () => {
    [city, twin] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    const options = { buildings: 400, appeals: 50, seed: 7, now };
    await Promise.all([seedDemoCity(city.db, options), seedDemoCity(twin.db, options)]);
    offices = await q(`
      select f.id, f.code, m.code as municipality, o.code as organisation, f.kiosk_key_hash
      from offices f join municipalities m on m.id = f.municipality_id join organisations o on o.id = f.organisation_id
      order by f.id`);
    appointments = withDates(
      await q<Appointment>(`
        select id::int, office_id, point_id, service_id, user_id::int, ${ms('starts_at')}, ${ms('ends_at')}, status,
          application_id::int, ${ms('checked_in_at')}, ${ms('closed_at')}
        from appointments order by id`),
    );
    tickets = withDates(
      await q<Ticket>(`
        select id::int, office_id, day::text, letter, seq, number, appointment_id::int, kind, status, point_id,
          ${ms('arrived_at')}, ${ms('called_at')}, ${ms('started_at')}, ${ms('finished_at')}
        from hall_tickets order by id`),
    );
    events = withDates(
      await q<Event>(`
        select appointment_id::int, ticket_id::int, step, from_status, to_status, actor_id::int, ${ms('at')}
        from queue_events order by at, id`),
    );
  }, 240_000);
  afterAll(() => Promise.all([city?.drop(), twin?.drop()]));

  const q = <T extends object>(text: string) => city.db.$client.unsafe<T[]>(text);
  const kazan = () => offices.filter((o) => o.municipality === 'KZN');

  it('is the same for the same seed and now', async () => {
    expect(await fingerprint(twin)).toEqual(await fingerprint(city));
  });

  it('has 9 Kazan offices: a reception in each district, run by the administration that serves it, and the two departments’ halls', async () => {
    expect(kazan()).toHaveLength(9);
    const districtOffices = await q<{ code: string; organisation: string; inside: boolean }>(`
      select f.code, o.code as organisation, point(f.lon, f.lat) <@ d.boundary as inside
      from offices f join organisations o on o.id = f.organisation_id
      join districts d on d.municipality_id = f.municipality_id and d.code = f.code
      where o.kind = 'district_administration'`);
    expect(districtOffices).toHaveLength(7);
    for (const o of districtOffices) {
      const administration = KAZAN_DISTRICT_ADMINISTRATIONS.find((a) => a.serves.includes(o.code))!;
      expect(o.organisation, o.code).toBe(administration.code);
      expect(o.inside, `${o.code} lies in its district`).toBe(true);
    }
    expect(kazan().filter((o) => o.organisation.startsWith('adm-'))).toHaveLength(7);
    expect(kazan().map((o) => o.organisation)).toEqual(expect.arrayContaining(['uaig', 'kzio']));
    expect(offices.filter((o) => o.municipality === 'INN').map((o) => o.organisation)).toEqual(['inn-ispolkom']);
    const [inCity] = await q<{ outside: number }>(`
      select count(*)::int as outside from offices f join municipalities m on m.id = f.municipality_id
      where not point(f.lon, f.lat) <@ m.boundary`);
    expect(inCity!.outside).toBe(0);
  });

  it('has 28 types of appointment in Kazan, in three languages, with ticket letters and links to the e-services', async () => {
    const services = await q<{
      municipality: string;
      code: string;
      name: Texts;
      description: Texts;
      purpose: string;
      letter: string;
      eservice_department: string | null;
    }>(`
      select m.code as municipality, s.code, s.name, s.description, s.purpose, s.letter, o.code as eservice_department
      from appointment_services s join municipalities m on m.id = s.municipality_id
      left join eservices e on e.id = s.eservice_id left join organisations o on o.id = e.department_id`);
    const kzn = services.filter((s) => s.municipality === 'KZN');
    expect(kzn).toHaveLength(28);
    expect(services.filter((s) => s.municipality === 'INN')).toHaveLength(3);
    for (const s of services) {
      expect(filled(s.name) && filled(s.description), s.code).toBe(true);
      expect(s.name.tt, s.code).not.toBe(s.name.ru);
      expect(TICKET_LETTERS, s.code).toContain(s.letter);
      expect(['consultation', 'hand_in', 'collect'], s.code).toContain(s.purpose);
    }
    expect(new Set(kzn.map((s) => s.purpose))).toEqual(new Set(['consultation', 'hand_in', 'collect']));
    // what one hands in or collects at the departments' halls is one of their e-services
    const departmental = await q<{ code: string; office: string; eservice_department: string | null }>(`
      select distinct s.code, o.code as office, d.code as eservice_department
      from appointment_services s join service_point_services ps on ps.service_id = s.id
      join service_points p on p.id = ps.point_id join offices f on f.id = p.office_id
      join organisations o on o.id = f.organisation_id
      left join eservices e on e.id = s.eservice_id left join organisations d on d.id = e.department_id
      where o.code in ('uaig', 'kzio') and s.purpose in ('hand_in', 'collect')`);
    expect(departmental.length).toBeGreaterThanOrEqual(10);
    for (const s of departmental) expect(s.eservice_department, s.code).toBe(s.office);
  });

  it('gives every office 2 to 5 points, every point at least one service, every office an operator who signs in', async () => {
    const points = await q<{ office_id: number; id: number; services: number; operators: number; signing_in: number }>(`
      select p.office_id, p.id,
        (select count(*)::int from service_point_services s where s.point_id = p.id) as services,
        (select count(*)::int from service_point_operators o where o.point_id = p.id) as operators,
        (select count(*)::int from service_point_operators o join users u on u.id = o.user_id
          where o.point_id = p.id and u.login is not null and u.password_hash is not null) as signing_in
      from service_points p`);
    for (const o of offices) {
      const mine = points.filter((p) => p.office_id === o.id);
      expect(mine.length, o.code).toBeGreaterThanOrEqual(2);
      expect(mine.length, o.code).toBeLessThanOrEqual(5);
      expect(
        mine.some((p) => p.signing_in > 0),
        o.code,
      ).toBe(true);
    }
    for (const p of points) {
      expect(p.services, String(p.id)).toBeGreaterThanOrEqual(1);
      expect(p.operators, String(p.id)).toBeGreaterThanOrEqual(1);
    }
    const staff = await q<{ login: string; role: string; organisation: string; offices: string[] }>(`
      select u.login, u.role, o.code as organisation,
        array(select distinct f.code from service_point_operators spo join service_points p on p.id = spo.point_id
          join offices f on f.id = p.office_id where spo.user_id = u.id order by 1) as offices
      from users u join organisations o on o.id = u.organisation_id
      where u.login in ('uaig.staff', 'priem.vakh', 'adm-vakh.head', 'priem.inn')`);
    const by = (login: string) => staff.find((s) => s.login === login)!;
    expect(by('uaig.staff').offices).toEqual(['uaig']);
    expect(by('priem.vakh')).toMatchObject({
      role: 'org_staff',
      organisation: 'adm-vakh-priv',
      offices: ['vakhitovsky'],
    });
    expect(by('adm-vakh.head')).toMatchObject({ role: 'org_supervisor', organisation: 'adm-vakh-priv' });
    expect(by('priem.inn').offices).toEqual(['innopolis']);
    expect(demoLogins.map((l) => l.login)).toEqual(
      expect.arrayContaining(['priem.vakh', 'priem.kzio', 'adm-vakh.head']),
    );
  });

  it('keeps the kiosks’ keys as the SHA-256 of the documented demo keys', () => {
    for (const o of offices) {
      expect(o.kiosk_key_hash, o.code).toBe(createHash('sha256').update(demoKioskKey(o.code)).digest('hex'));
    }
  });

  it('has a window closed today and an office closed one day next week, each with its reason', async () => {
    const rows = await q<{ office: string; point: string | null; date: string; hours: unknown; reason: string }>(`
      select f.code as office, p.label as point, e.date::text, e.hours, e.reason
      from schedule_exceptions e join offices f on f.id = e.office_id left join service_points p on p.id = e.point_id`);
    expect(rows.some((r) => r.date === today && r.point !== null && r.hours === null)).toBe(true);
    const dayOff = rows.find((r) => r.point === null && r.hours === null)!;
    expect(dayOff.date > addDays(today, 0) && dayOff.date <= addDays(today, 13)).toBe(true);
    for (const r of rows) expect(r.reason.length).toBeGreaterThan(10);
  });

  it('books every appointment on a slot the schedule gives: on its grid, in hours, not on a holiday or a closed day', async () => {
    const from = addDays(today, -7);
    const to = addDays(today, 15);
    let checked = 0;
    for (const o of offices) {
      const schedule = (await officeSchedule(city.db, o.id, from, to))!;
      const tz = schedule.calendar.timeZone;
      const last = lastBookableDate(schedule.calendar, schedule.rules, now.getTime());
      const slotsOf = new Map<string, Set<string>>();
      for (const a of appointments.filter((x) => x.office_id === o.id)) {
        const date = localDate(a.starts_at, tz);
        expect(date >= from && date <= last, `${o.code} ${date}`).toBe(true);
        const key = `${a.service_id}:${date}`;
        let slots = slotsOf.get(key);
        if (!slots) {
          const free = daySlots({
            calendar: schedule.calendar,
            rules: schedule.rules,
            points: schedule.points,
            exceptions: schedule.exceptions,
            serviceId: a.service_id,
            date,
            busy: [],
            now: localInstant(tz, date, '00:00'),
          });
          slots = new Set(free.map((x) => `${x.pointId}:${x.start}:${x.end}`));
          slotsOf.set(key, slots);
        }
        expect(slots.has(`${a.point_id}:${a.starts_at.getTime()}:${a.ends_at.getTime()}`), `${o.code} ${a.id}`).toBe(
          true,
        );
        checked++;
      }
    }
    expect(checked).toBe(appointments.length);
  });

  it('has two weeks of bookings: the past week’s visits, and the days ahead fuller near and in the mornings', () => {
    const tz = 'Europe/Moscow';
    const past = appointments.filter((a) => localDate(a.starts_at, tz) < today);
    const ahead = appointments.filter((a) => a.starts_at >= now);
    expect(new Set(past.map((a) => a.status))).toEqual(new Set(['served', 'no_show', 'cancelled']));
    expect(new Set(past.map((a) => localDate(a.starts_at, tz))).size).toBe(5); // the working days of the last week
    expect(new Set(ahead.map((a) => a.status))).toEqual(new Set(['booked', 'cancelled', 'checked_in']));
    expect(ahead.length).toBeGreaterThan(1000);
    const morning = ahead.filter((a) => a.starts_at.getTime() < localInstant(tz, localDate(a.starts_at, tz), '12:00'));
    // mornings are 3 of the 8¼ working hours
    expect(morning.length / ahead.length).toBeGreaterThan(3 / 8.25);
    const near = ahead.filter((a) => localDate(a.starts_at, tz) <= addDays(today, 3)).length;
    const far = ahead.filter((a) => localDate(a.starts_at, tz) >= addDays(today, 11)).length;
    expect(near).toBeGreaterThan(far);
  });

  it('never lets two appointments holding a point’s time overlap', async () => {
    const [row] = await q<{ n: number }>(`
      select count(*)::int as n from appointments a join appointments b
        on a.point_id = b.point_id and a.id < b.id and a.starts_at < b.ends_at and b.starts_at < a.ends_at
      where a.status in ('booked', 'checked_in', 'served') and b.status in ('booked', 'checked_in', 'served')`);
    expect(row!.n).toBe(0);
  });

  it('keeps each person within the limits: one live booking per service, at most 3 live bookings', () => {
    const live = appointments.filter((a) => a.status === 'booked' || a.status === 'checked_in');
    const perPerson = new Map<number, number[]>();
    for (const a of live) perPerson.set(a.user_id, [...(perPerson.get(a.user_id) ?? []), a.service_id]);
    for (const [user, services] of perPerson) {
      expect(services.length, String(user)).toBeLessThanOrEqual(3);
      expect(new Set(services).size, String(user)).toBe(services.length);
    }
    expect([...perPerson.values()].some((s) => s.length === 3)).toBe(true);
  });

  it('lets applicants collect a ready result by appointment, carrying the application', async () => {
    const rows = await q<{ applicant: number; user_id: number; status: string; same_service: boolean }>(`
      select p.applicant_id::int as applicant, a.user_id::int, p.status, s.eservice_id = p.service_id as same_service
      from appointments a join applications p on p.id = a.application_id join appointment_services s on s.id = a.service_id
      where s.purpose = 'collect'`);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const r of rows) expect(r).toMatchObject({ applicant: r.user_id, status: 'ready', same_service: true });
  });

  it('numbers tickets per office, day and letter, as the hall shows them, and keeps each day’s last number', async () => {
    const keys = tickets.map((t) => `${t.office_id}:${t.day}:${t.letter}:${t.seq}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const t of tickets) expect(t.number).toBe(ticketNumber(t.letter, t.seq));
    const last = new Map<string, number>();
    for (const t of tickets) {
      const key = `${t.office_id}:${t.day}:${t.letter}`;
      last.set(key, Math.max(last.get(key) ?? 0, t.seq));
    }
    const counters = await q<{ office_id: number; day: string; letter: string; last: number }>(
      'select office_id, day::text, letter, last from hall_ticket_numbers',
    );
    expect(new Map(counters.map((c) => [`${c.office_id}:${c.day}:${c.letter}`, c.last]))).toEqual(last);
    for (const [key, max] of last) {
      const seqs = tickets.filter((t) => `${t.office_id}:${t.day}:${t.letter}` === key).map((t) => t.seq);
      expect(seqs.length, key).toBe(max);
    }
  });

  it('keeps every ticket’s times in order: arrived, called, started, finished', () => {
    for (const t of tickets) {
      const times = [t.arrived_at, t.called_at, t.started_at, t.finished_at].filter((x): x is Date => x !== null);
      for (let i = 1; i < times.length; i++)
        expect(times[i]!.getTime(), t.number).toBeGreaterThanOrEqual(times[i - 1]!.getTime());
      expect(t.arrived_at.getTime()).toBeLessThanOrEqual(now.getTime());
      if (t.status === 'done') expect(t.finished_at && t.started_at && t.called_at, t.number).toBeTruthy();
    }
  });

  it('reaches every appointment’s and ticket’s status through the transition tables, one event per step', () => {
    const byAppointment = new Map<number, Event[]>();
    const byTicket = new Map<number, Event[]>();
    for (const e of events) {
      if ((appointmentSteps as readonly string[]).includes(e.step) && e.appointment_id !== null)
        byAppointment.set(e.appointment_id, [...(byAppointment.get(e.appointment_id) ?? []), e]);
      if ((ticketSteps as readonly string[]).includes(e.step) && e.ticket_id !== null)
        byTicket.set(e.ticket_id, [...(byTicket.get(e.ticket_id) ?? []), e]);
      expect(e.at.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    for (const a of appointments) {
      let status: AppointmentStatus | 'new' = 'new';
      for (const e of byAppointment.get(a.id) ?? []) {
        expect(e.from_status ?? 'new', `${a.id} ${e.step}`).toBe(status);
        const next = nextAppointmentStatus(status, e.step as AppointmentStep);
        expect(next, `${a.id}: ${status} ${e.step}`).not.toBeNull();
        expect(e.to_status).toBe(next);
        status = next!;
      }
      expect(status, String(a.id)).toBe(a.status);
    }
    for (const t of tickets) {
      let status: TicketStatus | 'new' = 'new';
      for (const e of byTicket.get(t.id) ?? []) {
        expect(e.from_status ?? 'new', `${t.number} ${e.step}`).toBe(status);
        const next = nextTicketStatus(status, e.step as TicketStep);
        expect(next, `${t.number}: ${status} ${e.step}`).not.toBeNull();
        expect(e.to_status).toBe(next);
        status = next!;
      }
      expect(status, t.number).toBe(t.status);
    }
    // the operators act; the resident books and cancels; the kiosk and the timer act for nobody
    const steps = new Map<string, Event[]>();
    for (const e of events) steps.set(e.step, [...(steps.get(e.step) ?? []), e]);
    for (const step of ['call', 'recall', 'start', 'finish', 'no_show', 'redirect', 'serve'])
      expect(
        (steps.get(step) ?? []).every((e) => e.actor_id !== null),
        step,
      ).toBe(true);
    for (const step of ['book', 'cancel'])
      expect(
        steps.get(step)!.every((e) => e.actor_id !== null),
        step,
      ).toBe(true);
    for (const step of [
      'issue',
      'call',
      'recall',
      'start',
      'finish',
      'no_show',
      'redirect',
      'book',
      'cancel',
      'check_in',
      'late',
      'serve',
      'miss',
    ])
      expect(steps.get(step)?.length ?? 0, step).toBeGreaterThan(0);
  });

  it('has a day of hall history today in each district office, with people waiting, called and served now', () => {
    const districtOffices = kazan().filter((o) => o.organisation.startsWith('adm-'));
    for (const o of districtOffices) {
      const mine = tickets.filter((t) => t.office_id === o.id && t.day === today);
      expect(mine.length, o.code).toBeGreaterThan(10);
      expect(
        mine.some((t) => t.kind === 'walk_in' && t.appointment_id === null),
        o.code,
      ).toBe(true);
      expect(
        mine.some((t) => t.kind === 'booked'),
        o.code,
      ).toBe(true);
    }
    const live = tickets.filter((t) => t.day === today && ['waiting', 'called', 'serving'].includes(t.status));
    expect(new Set(live.map((t) => t.status))).toEqual(new Set(['waiting', 'called', 'serving']));
    // waits from arrival to the call: mostly minutes, not hours
    const waits = tickets
      .filter((t) => t.called_at !== null)
      .map((t) => (t.called_at!.getTime() - t.arrived_at.getTime()) / 60_000)
      .sort((a, b) => a - b);
    const median = waits[Math.floor(waits.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(5);
    expect(median).toBeLessThanOrEqual(25);
    expect(waits[Math.floor(waits.length * 0.9)]).toBeLessThanOrEqual(45);
  });
});
