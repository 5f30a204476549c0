/**
 * The office admin's rules (issue 16): a day's hours as an admin types them (HH:MM, in order, not
 * overlapping, a lunch break as the gap between two intervals), and which live appointments a change
 * of hours, exceptions, points or services leaves outside the office's time. Pure: the schedule after
 * the change is passed in, computed with `pointIntervals` of dispatch/appointments.ts.
 */
import { type OfficeCalendar, type PointSchedule, pointIntervals, type ScheduleException } from './appointments.ts';
import type { WorkingInterval } from './calendar.ts';
import { localDate } from './eservices.ts';

/** 'HH:MM' from 00:00 to 24:00. */
export const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What is wrong with one interval of a day's hours. */
export type IntervalProblem = 'bad_time' | 'empty' | 'unordered' | 'overlapping';

/**
 * The problems of a day's intervals, by index: a time that is not HH:MM, an interval that ends where or
 * before it starts, one that starts before the previous one, or one that overlaps the previous one (a
 * lunch break is the gap between two: 09:00–13:00, 14:00–18:00).
 */
export function intervalProblems(intervals: readonly WorkingInterval[]): { index: number; problem: IntervalProblem }[] {
  const problems: { index: number; problem: IntervalProblem }[] = [];
  intervals.forEach((interval, index) => {
    if (!HHMM.test(interval.start) || !HHMM.test(interval.end)) {
      problems.push({ index, problem: 'bad_time' });
      return;
    }
    if (minutesOf(interval.end) <= minutesOf(interval.start)) {
      problems.push({ index, problem: 'empty' });
      return;
    }
    const previous = intervals[index - 1];
    if (!previous || !HHMM.test(previous.start) || !HHMM.test(previous.end)) return;
    if (minutesOf(interval.start) < minutesOf(previous.start)) problems.push({ index, problem: 'unordered' });
    else if (minutesOf(interval.start) < minutesOf(previous.end)) problems.push({ index, problem: 'overlapping' });
  });
  return problems;
}

/** A live appointment as the check of a change sees it. */
export type HeldAppointment = { id: number; pointId: number; serviceId: number; start: number; end: number };

/** An office's schedule after a change: its calendar, its active points with what they give, its exceptions. */
export type ScheduleAfter = {
  calendar: OfficeCalendar;
  points: readonly PointSchedule[];
  exceptions: readonly ScheduleException[];
};

/**
 * The appointments the schedule no longer holds: their point gone (closed, deactivated) or no longer
 * giving their service, or their time no longer wholly inside one of the point's working intervals of
 * that day (hours narrowed, the day closed for the office or the point). A change of slot length
 * leaves booked times as they are: they still fit the hours.
 */
export function appointmentsOutside(
  schedule: ScheduleAfter,
  appointments: readonly HeldAppointment[],
): HeldAppointment[] {
  const cache = new Map<string, readonly (readonly [number, number])[]>();
  return appointments.filter((a) => {
    const point = schedule.points.find(
      (p) => p.id === a.pointId && p.services.some((s) => s.serviceId === a.serviceId),
    );
    if (!point) return true;
    const date = localDate(new Date(a.start), schedule.calendar.timeZone);
    const key = `${a.pointId} ${date}`;
    let intervals = cache.get(key);
    if (!intervals) {
      intervals = pointIntervals(schedule.calendar, point, schedule.exceptions, date);
      cache.set(key, intervals);
    }
    return !intervals.some(([from, to]) => from <= a.start && a.end <= to);
  });
}

/** How many of the affected a 409 lists by time (the rest are counted). */
export const AFFECTED_SHOWN = 5;
