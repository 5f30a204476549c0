/**
 * Working-time calendars and the arithmetic of working time: how much working time lies between two
 * instants, and when a given amount of it will have passed. Pure; instants are passed in.
 */

import { productionDay } from './production-calendar.ts';

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** Local wall-clock hours of one interval, 'HH:MM'; the end may be '24:00'. */
export type WorkingInterval = { start: string; end: string };

export type WorkingCalendar =
  | { kind: '24x7' }
  | {
      kind: 'working_hours';
      /** An IANA time zone, e.g. Europe/Moscow. */
      timeZone: string;
      /** Working intervals of each weekday, in order, not overlapping; a missing day is a day off. */
      week: Partial<Record<Weekday, readonly WorkingInterval[]>>;
      /** 'ru': the Russian production calendar (holidays off, transferred days worked, pre-holiday days shortened). */
      holidays: 'ru' | 'none';
    };

export const ALWAYS: WorkingCalendar = { kind: '24x7' };

const officeDay: readonly WorkingInterval[] = [{ start: '08:00', end: '17:00' }];

/** Mon–Fri 08:00–17:00 Moscow time with the Russian production calendar. */
export const MOSCOW_OFFICE_HOURS: WorkingCalendar = {
  kind: 'working_hours',
  timeZone: 'Europe/Moscow',
  week: { mon: officeDay, tue: officeDay, wed: officeDay, thu: officeDay, fri: officeDay },
  holidays: 'ru',
};

const MINUTE = 60_000;
const DAY = 86_400_000;
// A pre-holiday day is one hour shorter (Labour Code art. 95); the hour comes off the end of the day.
const SHORTENING = 60 * MINUTE;
// Ten years without a working minute means the calendar has no working time at all.
const MAX_DAYS_SEARCHED = 3700;

/** Working milliseconds in [from, to); 0 when `to` is not after `from`. */
export function workingMillisBetween(calendar: WorkingCalendar, from: Date, to: Date): number {
  const start = from.getTime();
  const end = to.getTime();
  if (end <= start) return 0;
  if (calendar.kind === '24x7') return end - start;
  let total = 0;
  let day = localDayNumber(calendar.timeZone, start);
  for (;;) {
    const intervals = dayIntervals(calendar, day);
    for (const [a, b] of intervals) {
      if (a >= end) return total;
      const lo = Math.max(a, start);
      const hi = Math.min(b, end);
      if (hi > lo) total += hi - lo;
    }
    // Local days are under 26 h: once a day starts after `end`, nothing more can count.
    if (dayStartsAfter(calendar, day + 1, end)) return total;
    day += 1;
  }
}

/**
 * The instant at which `millis` of working time has passed since `from`: the earliest such instant, so
 * a deadline ends at the end of a working interval rather than on the holiday after it. With 0 (or
 * less) it is the next working instant: a deadline never falls in non-working time.
 */
export function addWorkingMillis(calendar: WorkingCalendar, from: Date, millis: number): Date {
  const start = from.getTime();
  if (calendar.kind === '24x7') return new Date(start + Math.max(0, millis));
  let left = Math.max(0, millis);
  let day = localDayNumber(calendar.timeZone, start);
  for (let searched = 0; searched < MAX_DAYS_SEARCHED; searched += 1, day += 1) {
    for (const [a, b] of dayIntervals(calendar, day)) {
      if (b <= start) continue;
      const lo = Math.max(a, start);
      if (left === 0) return new Date(lo);
      if (b - lo >= left) return new Date(lo + left);
      left -= b - lo;
    }
  }
  throw new Error('the calendar has no working time');
}

/** Is the instant inside working time (interval starts included, ends excluded)? */
export function isWorkingTime(calendar: WorkingCalendar, at: Date): boolean {
  if (calendar.kind === '24x7') return true;
  const t = at.getTime();
  return dayIntervals(calendar, localDayNumber(calendar.timeZone, t)).some(([a, b]) => a <= t && t < b);
}

/**
 * The working intervals of one local date (yyyy-mm-dd) as [start, end) epoch milliseconds, in order:
 * the weekly hours with their breaks, none on a holiday, an hour shorter on a pre-holiday day, a
 * worked weekend day with Monday's hours. A 24x7 calendar works the whole local day in UTC.
 */
export function workingIntervalsOn(calendar: WorkingCalendar, date: string): readonly (readonly [number, number])[] {
  const day = Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
  if (calendar.kind === '24x7') return [[day * DAY, (day + 1) * DAY]];
  return dayIntervals(calendar, day);
}

/** The instant of a local wall-clock time ('HH:MM', up to '24:00') on a local date (yyyy-mm-dd) in a zone. */
export function localInstant(timeZone: string, date: string, hhmm: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return zonedInstant(timeZone, y, m - 1, d, minutes(hhmm) * MINUTE);
}

/** The working time of the longest day of the calendar's week (24 h for 24x7): one "working day". */
export function workingDayMillis(calendar: WorkingCalendar): number {
  if (calendar.kind === '24x7') return DAY;
  let longest = 0;
  for (const weekday of weekdays) {
    const day = (calendar.week[weekday] ?? []).reduce(
      (sum, i) => sum + (minutes(i.end) - minutes(i.start)) * MINUTE,
      0,
    );
    longest = Math.max(longest, day);
  }
  return longest;
}

type WorkingHours = Extract<WorkingCalendar, { kind: 'working_hours' }>;
type Span = readonly [number, number];

// Calendars are plain data that do not change once built: cache each one's days by object identity.
const dayCache = new WeakMap<WorkingHours, Map<number, readonly Span[]>>();

/** Working intervals of a local day (days since 1970-01-01 in the calendar's zone), as epoch ms. */
function dayIntervals(calendar: WorkingHours, day: number): readonly Span[] {
  let cache = dayCache.get(calendar);
  if (!cache) {
    cache = new Map();
    dayCache.set(calendar, cache);
  }
  let spans = cache.get(day);
  if (!spans) {
    spans = computeDayIntervals(calendar, day);
    cache.set(day, spans);
  }
  return spans;
}

function computeDayIntervals(calendar: WorkingHours, day: number): readonly Span[] {
  const date = new Date(day * DAY);
  const iso = date.toISOString().slice(0, 10);
  const weekday = weekdays[(date.getUTCDay() + 6) % 7];
  const kind = calendar.holidays === 'ru' ? productionDay(iso) : 'ordinary';
  if (kind === 'day_off') return [];
  // A worked Saturday or Sunday keeps the hours of an ordinary working weekday (Monday's).
  const isTransferred = kind === 'working_weekend' || kind === 'working_weekend_shortened';
  const hours = (isTransferred && !calendar.week[weekday]?.length ? calendar.week.mon : calendar.week[weekday]) ?? [];
  let local: Array<[number, number]> = hours
    .map((i): [number, number] => [minutes(i.start) * MINUTE, minutes(i.end) * MINUTE])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  if (kind === 'shortened' || kind === 'working_weekend_shortened') local = cutFromEnd(local, SHORTENING);
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  return local.map(
    ([a, b]): Span => [zonedInstant(calendar.timeZone, y, m, d, a), zonedInstant(calendar.timeZone, y, m, d, b)],
  );
}

function cutFromEnd(spans: Array<[number, number]>, amount: number): Array<[number, number]> {
  const result = spans.map(([a, b]): [number, number] => [a, b]);
  let left = amount;
  while (left > 0 && result.length > 0) {
    const last = result[result.length - 1];
    const length = last[1] - last[0];
    if (length > left) {
      last[1] -= left;
      left = 0;
    } else {
      result.pop();
      left -= length;
    }
  }
  return result;
}

function minutes(hhmm: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`working hours must be HH:MM, got ${hhmm}`);
  const value = Number(match[1]) * 60 + Number(match[2]);
  if (value > 24 * 60 || Number(match[2]) >= 60) throw new Error(`working hours out of range: ${hhmm}`);
  return value;
}

function dayStartsAfter(calendar: WorkingHours, day: number, instant: number): boolean {
  const date = new Date(day * DAY);
  return zonedInstant(calendar.timeZone, date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), 0) > instant;
}

/** The local calendar day of an instant, as days since 1970-01-01. */
function localDayNumber(timeZone: string, instant: number): number {
  return Math.floor((instant + offsetMillis(timeZone, instant)) / DAY);
}

/**
 * The instant of a local wall-clock time. In a spring-forward gap it lands after the gap; in an
 * autumn overlap it takes the earlier of the two instants.
 */
function zonedInstant(timeZone: string, year: number, month: number, day: number, millisOfDay: number): number {
  const wall = Date.UTC(year, month, day) + millisOfDay;
  const guess = wall - offsetMillis(timeZone, wall);
  const offset = offsetMillis(timeZone, guess);
  const instant = wall - offset;
  if (offset === offsetMillis(timeZone, instant)) {
    // In an overlap both offsets fit; the earlier instant has the larger offset.
    const earlier = wall - offsetMillis(timeZone, instant - 3 * 3_600_000);
    if (earlier < instant && offsetMillis(timeZone, earlier) === wall - earlier) return earlier;
    return instant;
  }
  // A gap: no local time matches; keep the instant with the offset before the change.
  return wall - offsetMillis(timeZone, guess - 3 * 3_600_000);
}

// Building a DateTimeFormat costs far more than using one.
const offsetFormats = new Map<string, Intl.DateTimeFormat>();

const HOUR = 3_600_000;
// Offsets per zone and UTC hour. A zone's offset changes a few times a year at most, so an hour
// whose first and last second have the same offset has it throughout; such hours are kept (a
// year's SLA clocks or a bulk check of readings ask about the same few thousand hours again and
// again). An hour with a change in it is computed each time.
const offsetsByHour = new Map<string, Map<number, number>>();
const MAX_HOURS_PER_ZONE = 100_000;

/** The zone's offset from UTC at an instant, in ms (Europe/Moscow: +3 h). */
export function offsetMillis(timeZone: string, instant: number): number {
  const hour = Math.floor(instant / HOUR);
  let hours = offsetsByHour.get(timeZone);
  if (!hours) {
    hours = new Map();
    offsetsByHour.set(timeZone, hours);
  }
  const known = hours.get(hour);
  if (known !== undefined) return known;
  const offset = offsetAt(timeZone, instant);
  const start = hour * HOUR;
  const end = start + HOUR - 1000;
  const atStart = start === instant ? offset : offsetAt(timeZone, start);
  if (atStart === offset && offsetAt(timeZone, end) === offset) {
    if (hours.size >= MAX_HOURS_PER_ZONE) hours.clear();
    hours.set(hour, offset);
  }
  return offset;
}

function offsetAt(timeZone: string, instant: number): number {
  let format = offsetFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    offsetFormats.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}
