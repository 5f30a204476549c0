/**
 * The hall of an office (issue 16): the ticket's lifecycle as a transition table, ticket numbers, the
 * timing of a check-in and whom an operator calls next; what the live hall display and the operators' consoles are told
 * of each committed step of a ticket, how long a new ticket is expected to wait, and when an office's
 * day is over for its hall. Pure: the feed in api/live reads the rows, the hub sends the messages.
 */
import {
  type OfficeCalendar,
  type OfficeRules,
  type PointSchedule,
  pointIntervals,
  type ScheduleException,
} from './appointments.ts';
import type { LocalDate } from './eservices.ts';

const MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// The hall: tickets and the operator's console

export const ticketStatuses = ['waiting', 'called', 'serving', 'done', 'no_show'] as const;
export type TicketStatus = (typeof ticketStatuses)[number];

export const ticketSteps = ['issue', 'call', 'recall', 'start', 'finish', 'no_show', 'redirect'] as const;
export type TicketStep = (typeof ticketSteps)[number];

/**
 * A ticket is issued waiting; an operator calls it to their point (and may call it again), starts
 * and finishes the service, or marks a no-show once the client has not come for `noShowMinutes`;
 * `redirect` sends a called or served client to another point, where they wait first in line.
 */
export const ticketTransitions: Readonly<Record<TicketStatus | 'new', Partial<Record<TicketStep, TicketStatus>>>> = {
  new: { issue: 'waiting' },
  waiting: { call: 'called' },
  called: { recall: 'called', start: 'serving', no_show: 'no_show', redirect: 'waiting' },
  serving: { finish: 'done', redirect: 'waiting' },
  done: {},
  no_show: {},
};

export function nextTicketStatus(from: TicketStatus | 'new', step: TicketStep): TicketStatus | null {
  return ticketTransitions[from][step] ?? null;
}

/** The console's steps allowed from a status (its buttons; a 409's `allowed`). */
export function allowedTicketSteps(status: TicketStatus): TicketStep[] {
  return ticketSteps.filter((s) => s !== 'issue' && ticketTransitions[status][s] !== undefined);
}

/** A no-show may be marked once the client has not come for the office's minutes since the last call. */
export function mayMarkNoShow(lastCalledAt: number, now: number, rules: Pick<OfficeRules, 'noShowMinutes'>): boolean {
  return now - lastCalledAt >= rules.noShowMinutes * MINUTE;
}

/** Letters a ticket may start with: Cyrillic capitals that cannot be read as another letter or a digit. */
export const TICKET_LETTERS = [
  'А',
  'Б',
  'В',
  'Г',
  'Д',
  'Е',
  'Ж',
  'И',
  'К',
  'Л',
  'М',
  'Н',
  'П',
  'Р',
  'С',
  'Т',
  'У',
  'Ф',
];

/** A ticket's number as the hall shows it: the service's letter and the day's sequence, 'А-017'. */
export function ticketNumber(letter: string, seq: number): string {
  return `${letter}-${String(seq).padStart(3, '0')}`;
}

/** What a check-in makes of an appointment: too early, on time, or late (then queued as a walk-in). */
export function checkInTiming(
  slotStart: number,
  now: number,
  rules: Pick<OfficeRules, 'earlyCheckInMinutes' | 'lateMinutes'>,
): { kind: 'too_early'; opensAt: number } | { kind: 'on_time' } | { kind: 'late'; lateMinutes: number } {
  if (now < slotStart - rules.earlyCheckInMinutes * MINUTE)
    return { kind: 'too_early', opensAt: slotStart - rules.earlyCheckInMinutes * MINUTE };
  const late = Math.floor((now - slotStart) / MINUTE);
  return late > rules.lateMinutes ? { kind: 'late', lateMinutes: late } : { kind: 'on_time' };
}

/** A waiting ticket, as the call rule sees it. */
export type WaitingTicket = {
  id: number;
  serviceId: number;
  /** 'booked': checked in on time for an appointment; a late one waits as a walk-in. */
  kind: 'booked' | 'walk_in';
  /** A booked client's slot start; a walk-in's arrival. */
  dueAt: number;
  arrivedAt: number;
  /** Sent to this point by another operator: called there before anyone else. */
  redirectedTo: number | null;
};

/** How early a booked client may be called before their slot (they came early and the window is free). */
export const EARLY_CALL_MINUTES = 5;

/**
 * Whom a point calls next: first those redirected to it (by when they were sent); then, by the office's
 * rule, booked clients whose time has come (within EARLY_CALL_MINUTES) and walk-ins. Only tickets of
 * the services the point gives; a ticket redirected elsewhere is never taken. Null when nobody waits.
 */
export function nextToCall(
  waiting: readonly WaitingTicket[],
  point: { id: number; serviceIds: ReadonlySet<number> },
  now: number,
  rule: OfficeRules['callRule'],
): WaitingTicket | null {
  const redirected = waiting
    .filter((t) => t.redirectedTo === point.id)
    .sort((a, b) => a.arrivedAt - b.arrivedAt || a.id - b.id);
  if (redirected.length > 0) return redirected[0];
  const mine = waiting.filter((t) => t.redirectedTo === null && point.serviceIds.has(t.serviceId));
  const due = (t: WaitingTicket) => t.kind === 'walk_in' || t.dueAt <= now + EARLY_CALL_MINUTES * MINUTE;
  const byDue = (a: WaitingTicket, b: WaitingTicket) => a.dueAt - b.dueAt || a.arrivedAt - b.arrivedAt || a.id - b.id;
  const ready = mine.filter(due);
  if (ready.length > 0) {
    if (rule === 'by_time') return [...ready].sort(byDue)[0];
    const booked = ready.filter((t) => t.kind === 'booked').sort(byDue);
    return booked[0] ?? ready.filter((t) => t.kind === 'walk_in').sort(byDue)[0];
  }
  // Nobody is due: an early booked client rather than an idle window.
  return [...mine].sort(byDue)[0] ?? null;
}

/** A committed queue event of a ticket, with the ticket as it stands now and its office's waiting counts. */
export type QueueEventSnapshot = {
  id: number;
  officeId: number;
  step: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: Date;
  /** Null for an appointment's own steps (booked, missed): the hall is not told of them. */
  ticket: {
    id: number;
    number: string;
    serviceId: number;
    status: string;
    kind: 'booked' | 'walk_in';
    pointId: number | null;
    pointLabel: string | null;
    version: number;
  } | null;
  /** Tickets waiting now per service of the office's day (services with none are left out). */
  waiting: { serviceId: number; count: number }[];
};

/** The topics a queue event reaches: the office's public hall and its staff's consoles. */
export function queueTopicsOf(e: QueueEventSnapshot): string[] {
  return e.ticket ? [`hall:${e.officeId}`, `office:${e.officeId}`] : [];
}

/**
 * The message of a ticket's step, without `topic`: the number, the point and the step, and the waiting
 * counts, so a display updates without reading anything. Never a name, a phone or an appointment.
 */
export function queueMessageOf(e: QueueEventSnapshot) {
  const t = e.ticket!;
  return {
    type: 'event' as const,
    seq: e.id,
    kind: 'hall.changed' as const,
    event: { step: e.step, fromStatus: e.fromStatus, toStatus: e.toStatus, at: e.at.toISOString() },
    ticket: {
      id: t.id,
      number: t.number,
      serviceId: t.serviceId,
      status: t.status,
      kind: t.kind,
      pointId: t.pointId,
      pointLabel: t.pointLabel,
      version: t.version,
    },
    waiting: e.waiting,
  };
}

/**
 * Minutes a new ticket is expected to wait: those before it served one slot each, shared by the points
 * that give the service (at least one), rounded up to whole minutes.
 */
export function expectedWaitMinutes(ahead: number, slotMinutes: readonly number[]): number {
  if (ahead <= 0) return 0;
  const points = Math.max(1, slotMinutes.length);
  const slot = slotMinutes.length ? slotMinutes.reduce((a, b) => a + b, 0) / slotMinutes.length : 15;
  return Math.ceil((ahead * slot) / points);
}

/** Is any point of the office open at `now` on its local `date`? (a walk-in is taken only then) */
export function openPointsAt(
  calendar: OfficeCalendar,
  points: readonly PointSchedule[],
  exceptions: readonly ScheduleException[],
  date: LocalDate,
  now: number,
): PointSchedule[] {
  return points.filter((p) => pointIntervals(calendar, p, exceptions, date).some(([a, b]) => a <= now && now < b));
}

/**
 * Is the office's hall day over at `now`? A past day always; today once every point's last interval
 * has ended (or it has none today).
 */
export function hallDayOver(
  calendar: OfficeCalendar,
  points: readonly PointSchedule[],
  exceptions: readonly ScheduleException[],
  day: LocalDate,
  today: LocalDate,
  now: number,
): boolean {
  if (day < today) return true;
  if (day > today) return false;
  const ends = points.flatMap((p) => pointIntervals(calendar, p, exceptions, day).map(([, b]) => b));
  return ends.length === 0 || now >= Math.max(...ends);
}
