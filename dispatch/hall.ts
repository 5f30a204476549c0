/**
 * The hall of an office (issue 16): what the live hall display and the operators' consoles are told
 * of each committed step of a ticket, how long a new ticket is expected to wait, and when an office's
 * day is over for its hall. Pure: the feed in api/live reads the rows, the hub sends the messages.
 */
import { type OfficeCalendar, type PointSchedule, pointIntervals, type ScheduleException } from './appointments.ts';
import type { LocalDate } from './eservices.ts';

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
