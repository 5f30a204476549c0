/**
 * The project office's figures of municipal e-services (issue 15) as plain rules: the period asked
 * for, the production calendar as the two lists of exceptions SQL needs to count working days
 * exactly as dispatch/eservices.ts does, shares and rounding. Pure: the clock's day is passed in.
 */
import { addDays, daysBetween, type LocalDate } from './eservices.ts';
import { productionYears } from './production-calendar.ts';

/** The default period: the last 90 days, today included. */
export const DEFAULT_PERIOD_DAYS = 90;
/** The longest period one request may ask for (as the city-hall dashboard: about three years). */
export const MAX_PERIOD_DAYS = 1100;

export type Period = { from: LocalDate; to: LocalDate };

export type PeriodProblem =
  | { kind: 'reversed'; field: 'from' | 'to' }
  | { kind: 'too_long'; field: 'from' | 'to'; days: number };

/**
 * The period of a request: what it names, the rest by default (to: today; from: 89 days before
 * `to`), or what is wrong with it, naming the field the reader gave.
 */
export function periodOf(q: { from?: LocalDate; to?: LocalDate }, today: LocalDate): Period | PeriodProblem {
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (from > to) return { kind: 'reversed', field: q.to !== undefined ? 'to' : 'from' };
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS)
    return { kind: 'too_long', field: q.from !== undefined ? 'from' : 'to', days: MAX_PERIOD_DAYS };
  return { from, to };
}

/**
 * The production calendar as SQL needs it: weekdays that are days off (holidays and moved days off,
 * weekend holidays too — harmless) and weekend days that are worked. A day is a working day when it is
 * not a day off and is either a worked weekend day or Monday to Friday — `isWorkingDay` of
 * dispatch/eservices.ts, which the tests hold the SQL to.
 */
export function calendarExceptions(): { daysOff: string[]; workingWeekendDays: string[] } {
  return {
    daysOff: productionYears.flatMap((y) => [...y.holidays, ...y.extraDaysOff]).sort(),
    workingWeekendDays: productionYears.flatMap((y) => y.workingWeekendDays).sort(),
  };
}

/** part ÷ whole to four places, or null when there is no whole. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** Days to one decimal place, or null when there were none to measure. */
export function roundDays(days: number | null): number | null {
  return days === null ? null : Math.round(days * 10) / 10;
}
