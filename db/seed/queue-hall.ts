/**
 * The demo hall of one office's day (db/seed/queue.ts plans the bookings, this plays the day): booked
 * clients come — a few late, a few never, now and then one leaves before being called —, walk-ins take
 * tickets, and every point works its queue by the office's call rule (dispatch/hall.ts `nextToCall`),
 * each step a planned queue event. Also the shapes of the plan both files share. Deterministic for
 * the random stream it is given.
 */
import {
  type AppointmentStatus,
  type OfficeCalendar,
  type PointSchedule,
  pointIntervals,
  type ScheduleException,
} from '../../dispatch/appointments.ts';
import { checkInTiming, EARLY_CALL_MINUTES, nextToCall, type WaitingTicket } from '../../dispatch/hall.ts';
import type { LocalDate } from '../../dispatch/eservices.ts';
import type * as s from '../schema/index.ts';
import type { QueueOfficeSpec, QueueServiceSpec } from './queue-catalogue.ts';
import type { Random } from './random.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

export type Step = (typeof s.queueEvents.$inferInsert)['step'];
/** Who took a step: the appointment's person, a user by id, or nobody (the kiosk, the timer). */
export type Actor = 'person' | number | null;

export type PlannedEvent = {
  step: Step;
  at: number;
  actor: Actor;
  from: string | null;
  to: string | null;
  pointId: number | null;
  note: string | null;
  data: Record<string, unknown>;
};

export type Office = Omit<QueueOfficeSpec, 'points'> & {
  id: number;
  municipalityId: number;
  calendar: OfficeCalendar;
  points: (PointSchedule & { label: string; kind: 'window' | 'cabinet'; operatorId: number })[];
  exceptions: ScheduleException[];
};

export type PlannedAppointment = {
  id: number;
  office: Office;
  pointId: number;
  service: Service;
  start: number;
  end: number;
  bookedAt: number;
  code: string;
  /** Index into the municipality's people, once assigned. */
  person: number;
  applicationId: number | null;
  status: AppointmentStatus;
  checkedInAt: number | null;
  lateMinutes: number | null;
  closedAt: number | null;
  events: PlannedEvent[];
  ticket: PlannedTicket | null;
};

export type PlannedTicket = {
  id: number;
  office: Office;
  day: LocalDate;
  service: Service;
  appointment: PlannedAppointment | null;
  kind: 'booked' | 'walk_in';
  arrivedAt: number;
  dueAt: number;
  lateMinutes: number | null;
  events: PlannedEvent[];
};

export type Service = QueueServiceSpec & { id: number; municipalityId: number; eserviceId: number | null };

// ---------------------------------------------------------------------------------------------
// The hall of one office's day

export type SimTicket = PlannedTicket & {
  pointId: number;
  readyAt: number;
  redirectedTo: number | null;
  leaves: boolean;
  slotMinutes: number;
};

export const ev = (
  step: Step,
  at: number,
  actor: Actor,
  from: string | null,
  to: string | null,
  pointId: number | null = null,
  data: Record<string, unknown> = {},
  note: string | null = null,
): PlannedEvent => ({ step, at: Math.floor(at / SECOND) * SECOND, actor, from, to, pointId, note, data });

/** Move `t` out of a break: to the start of the next working interval when it falls between two. */
function workingAt(t: number, intervals: readonly (readonly [number, number])[]): number {
  for (const [a, b] of intervals) {
    if (t < a) return a;
    if (t < b) return t;
  }
  return t; // after hours: the queue is worked through
}

/**
 * One point's hall: whom it calls (the office's call rule, dispatch/appointments.ts nextToCall), the
 * walk to the window, the service, a client who has left (recalled, then a no-show), and one redirect
 * to `redirectTo` on a district office's day.
 */
function workPoint(
  office: Office,
  point: Office['points'][number],
  intervals: readonly (readonly [number, number])[],
  queue: SimTicket[],
  redirectTo: { point: Office['points'][number]; queue: SimTicket[] } | null,
  now: number,
  rng: Random,
): void {
  if (intervals.length === 0 || queue.length === 0) return;
  const serviceIds = new Set(point.services.map((x) => x.serviceId));
  const pending = [...queue];
  const op = point.operatorId;
  let t = intervals[0]![0];
  let started = 0;
  let redirected = redirectTo === null;
  while (pending.length > 0) {
    t = workingAt(t, intervals);
    const ready = pending.filter((x) => x.readyAt <= t);
    if (ready.length === 0) {
      t = Math.max(t, Math.min(...pending.map((x) => x.readyAt)));
      continue;
    }
    const waiting: WaitingTicket[] = ready.map((x) => ({
      id: x.id,
      serviceId: x.service.id,
      kind: x.kind,
      dueAt: x.dueAt,
      arrivedAt: x.arrivedAt,
      redirectedTo: x.redirectedTo,
    }));
    const next = nextToCall(waiting, { id: point.id, serviceIds }, t, office.rules.callRule)!;
    // with nobody due, the rule offers a client who came early; the operator mostly catches up with
    // the paperwork first and calls them at their time (or at the next arrival)
    const due = next.dueAt - EARLY_CALL_MINUTES * MINUTE;
    if (next.kind === 'booked' && due > t && rng.chance(0.75)) {
      t = Math.min(due, ...pending.filter((x) => x.readyAt > t).map((x) => x.readyAt));
      continue;
    }
    const ticket = pending.splice(
      pending.findIndex((x) => x.id === next.id),
      1,
    )[0]!;
    const called = t + rng.int(0, 40) * SECOND;
    ticket.events.push(ev('call', called, op, 'waiting', 'called', point.id));
    // a walk-in who has waited over an hour and a quarter has mostly given up and gone
    if (ticket.kind === 'walk_in' && called - ticket.arrivedAt > 75 * MINUTE && rng.chance(0.7)) ticket.leaves = true;
    if (ticket.leaves) {
      const recall = called + rng.int(120, 170) * SECOND;
      ticket.events.push(ev('recall', recall, op, 'called', 'called', point.id));
      const gone = called + (office.rules.noShowMinutes * 60 + rng.int(5, 60)) * SECOND;
      ticket.events.push(ev('no_show', gone, op, 'called', 'no_show', point.id));
      t = gone + 20 * SECOND;
      continue;
    }
    let start = called + rng.int(30, 110) * SECOND;
    // whoever is called just before `now` is still on the way to the window: the hall shows them called
    if (called < now && called >= now - 3 * MINUTE) start = Math.max(start, now + rng.int(30, 90) * SECOND);
    ticket.events.push(ev('start', start, op, 'called', 'serving', point.id));
    started += 1;
    if (!redirected && started === 3 && redirectTo) {
      redirected = true;
      const at = start + rng.int(120, 300) * SECOND;
      ticket.events.push(
        ev(
          'redirect',
          at,
          op,
          'serving',
          'waiting',
          redirectTo.point.id,
          { fromPointId: point.id },
          'документы принимает соседнее окно',
        ),
      );
      redirectTo.queue.push({
        ...ticket,
        pointId: redirectTo.point.id,
        readyAt: at,
        redirectedTo: redirectTo.point.id,
      });
      t = at + 20 * SECOND;
      continue;
    }
    // a booked visit takes about its slot, now and then longer; a walk-in's question is often shorter
    const minutes =
      ticket.kind === 'booked'
        ? ticket.slotMinutes * rng.float(0.5, 0.95)
        : Math.max(3, Math.min(ticket.slotMinutes, rng.logNormal(Math.min(12, ticket.slotMinutes * 0.6), 1.5)));
    const finish = start + Math.round(minutes * 60) * SECOND;
    ticket.events.push(ev('finish', finish, op, 'serving', 'done', point.id));
    // the file is put away and the register filled in before the next call
    t = finish + rng.int(20, 100) * SECOND;
  }
}

/**
 * Walk-ins of a day, point by point: they come where there is room (at a rate that grows with the
 * share of the hour its bookings leave free), so a busy window is not swamped; none by appointment
 * only (the deputy head), none in the office's last 40 minutes.
 */
function walkIns(
  office: Office,
  open: { point: Office['points'][number]; intervals: readonly (readonly [number, number])[] }[],
  booked: readonly PlannedAppointment[],
  services: Map<number, Service>,
  rng: Random,
): { service: Service; point: Office['points'][number]; at: number; slotMinutes: number }[] {
  if (!office.rules.walkIns) return [];
  const arrivals = [];
  const last = Math.max(0, ...open.flatMap(({ intervals }) => intervals.map(([, b]) => b)));
  for (const { point, intervals } of open) {
    const offered = point.services.filter((x) => services.get(x.serviceId)!.code !== 'deputy-head-reception');
    if (offered.length === 0) continue;
    const mine = booked.filter((a) => a.pointId === point.id);
    for (const [a, b] of intervals) {
      for (let hour = a; hour < b; hour += HOUR) {
        const end = Math.min(b, hour + HOUR, last - 40 * MINUTE);
        const taken = mine.reduce((n, x) => n + Math.max(0, Math.min(x.end, end) - Math.max(x.start, hour)), 0);
        // about 2.4 an hour into a free hour: with their shorter questions, about half of its time
        const rate = (2.4 * office.load * Math.max(0, end - hour - taken)) / HOUR;
        let t = hour;
        for (;;) {
          t += Math.round((-Math.log(1 - rng.next()) / Math.max(rate, 1e-6)) * (HOUR / SECOND)) * SECOND;
          if (t >= end) break;
          const pick = rng.weighted(offered, (x) => services.get(x.serviceId)!.demand);
          arrivals.push({ service: services.get(pick.serviceId)!, point, at: t, slotMinutes: pick.slotMinutes });
        }
      }
    }
  }
  return arrivals.sort((x, y) => x.at - y.at);
}

/**
 * The hall of one office's day, the whole of it (what has not happened by `now` is cut off later):
 * booked clients come (a few late, a few never; now and then one leaves before being called),
 * walk-ins take tickets, every point works its queue.
 */
export function simulateDay(
  office: Office,
  day: LocalDate,
  booked: PlannedAppointment[],
  services: Map<number, Service>,
  ids: { ticket: number },
  now: number,
  rng: Random,
): SimTicket[] {
  const open = office.points
    .map((point) => ({ point, intervals: pointIntervals(office.calendar, point, office.exceptions, day) }))
    .filter((p) => p.intervals.length > 0);
  const queues = new Map<number, SimTicket[]>(office.points.map((p) => [p.id, []]));
  const tickets: SimTicket[] = [];
  for (const a of booked) {
    if (rng.chance(0.07)) {
      // never came: the timer marks the no-show once the slot and the late minutes are over
      const at = a.end + (office.rules.lateMinutes + rng.int(1, 4)) * MINUTE;
      a.events.push(ev('miss', at, null, 'booked', 'no_show', null, {}, 'not checked in'));
      continue;
    }
    const slotMinutes = (a.end - a.start) / MINUTE;
    const late = slotMinutes >= 30 && rng.chance(0.08);
    const offset = late
      ? rng.int(office.rules.lateMinutes + 1, slotMinutes - 2) * MINUTE
      : Math.round(Math.max(-28, Math.min(Math.min(12, slotMinutes - 2), rng.normal(-12, 7))) * MINUTE);
    const arrivedAt = Math.floor((a.start + offset) / MINUTE) * MINUTE + rng.int(0, 59) * SECOND;
    const timing = checkInTiming(a.start, arrivedAt, office.rules);
    const lateMinutes = timing.kind === 'late' ? timing.lateMinutes : null;
    const ticket: SimTicket = {
      id: ids.ticket++,
      office,
      day,
      service: a.service,
      appointment: a,
      kind: lateMinutes === null ? 'booked' : 'walk_in',
      arrivedAt,
      dueAt: lateMinutes === null ? a.start : arrivedAt,
      lateMinutes,
      events: [ev('issue', arrivedAt, null, null, 'waiting')],
      pointId: a.pointId,
      readyAt: arrivedAt,
      redirectedTo: null,
      leaves: rng.chance(0.025),
      slotMinutes,
    };
    a.events.push(ev('check_in', arrivedAt, null, 'booked', 'checked_in', null, { via: 'kiosk' }));
    if (lateMinutes !== null) a.events.push(ev('late', arrivedAt, null, null, null, null, { lateMinutes }));
    a.ticket = ticket;
    tickets.push(ticket);
    queues.get(a.pointId)!.push(ticket);
  }
  for (const w of walkIns(office, open, booked, services, rng)) {
    const ticket: SimTicket = {
      id: ids.ticket++,
      office,
      day,
      service: w.service,
      appointment: null,
      kind: 'walk_in',
      arrivedAt: w.at,
      dueAt: w.at,
      lateMinutes: null,
      events: [ev('issue', w.at, null, null, 'waiting')],
      pointId: w.point.id,
      readyAt: w.at,
      redirectedTo: null,
      leaves: rng.chance(0.03),
      slotMinutes: w.slotMinutes,
    };
    tickets.push(ticket);
    queues.get(w.point.id)!.push(ticket);
  }
  // the first window sends one client to the second on a district office's day
  const first = open[0];
  const second = open[1];
  const redirect = office.rules.walkIns && office.code !== 'kzio' && first && second ? second : null;
  for (const { point, intervals } of open) {
    workPoint(
      office,
      point,
      intervals,
      queues.get(point.id)!,
      point === first?.point && redirect ? { point: redirect.point, queue: queues.get(redirect.point.id)! } : null,
      now,
      rng,
    );
  }
  // a redirected ticket waits in the second queue as a copy sharing its events: one ticket, one history
  return tickets;
}
