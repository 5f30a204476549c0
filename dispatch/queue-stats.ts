/**
 * The queue's figures (issue 16) as plain rules: the slots an office's schedule offered over a period
 * (its points' grids on each day, as `daySlots` computes them on an empty day), and the rounding of
 * minutes. Pure: the schedule and the days are passed in.
 */
import {
  daySlots,
  type OfficeCalendar,
  type OfficeRules,
  type PointSchedule,
  type ScheduleException,
} from './appointments.ts';
import { addDays, type LocalDate } from './eservices.ts';
import { localInstant } from './calendar.ts';

export type OfferSchedule = {
  calendar: OfficeCalendar;
  rules: OfficeRules;
  points: readonly PointSchedule[];
  exceptions: readonly ScheduleException[];
};

/**
 * The slots offered per service over the local days from..to (inclusive): on each day, every slot of
 * each point's grid for each service it gives, with nothing booked — holidays off, shortened
 * pre-holiday days an hour shorter, exceptions applied. A point giving two services offers both grids
 * (its time is offered to either), so the office's total counts offers, not minutes.
 */
export function offeredSlots(schedule: OfferSchedule, from: LocalDate, to: LocalDate): Map<number, number> {
  const offered = new Map<number, number>();
  const serviceIds = [...new Set(schedule.points.flatMap((p) => p.services.map((s) => s.serviceId)))];
  // Seen from the day's own midnight with no lead and a one-day horizon: every slot of the day counts.
  const rules: OfficeRules = { ...schedule.rules, minLeadMinutes: 0, horizonDays: 1, opensAt: '00:00' };
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const now = localInstant(schedule.calendar.timeZone, date, '00:00');
    for (const serviceId of serviceIds) {
      const slots = daySlots({ ...schedule, rules, serviceId, date, busy: [], now });
      if (slots.length > 0) offered.set(serviceId, (offered.get(serviceId) ?? 0) + slots.length);
    }
  }
  return offered;
}

/** Minutes to one decimal place, or null when there was nothing to measure. */
export function roundMinutes(minutes: number | null): number | null {
  return minutes === null ? null : Math.round(minutes * 10) / 10;
}
