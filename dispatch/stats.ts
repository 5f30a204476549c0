/**
 * City-hall statistics as plain maths: Moscow calendar days and weeks of a period, the fixed
 * duration buckets the daily rollup keeps, percentiles read back from them, and CSV for Excel.
 */
import { offsetMillis } from './calendar.ts';

/** Statistics count days and weeks on the city's wall clock. */
export const STATS_TIME_ZONE = 'Europe/Moscow';
const DAY = 86_400_000;

/** A calendar day, YYYY-MM-DD. */
export type Day = string;

/** The Moscow calendar day of an instant. */
export function localDay(at: Date, timeZone = STATS_TIME_ZONE): Day {
  return new Date(at.getTime() + offsetMillis(timeZone, at.getTime())).toISOString().slice(0, 10);
}

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
export function dayNumber(day: Day): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY);
}

export function addDays(day: Day, days: number): Day {
  return new Date((dayNumber(day) + days) * DAY).toISOString().slice(0, 10);
}

/** The Monday of a day's week (ISO weeks: Monday to Sunday). */
export function weekStart(day: Day): Day {
  // 1970-01-01 was a Thursday: day 0 → weekday index 3 (Monday = 0)
  const n = dayNumber(day);
  return addDays(day, -((n + 3) % 7));
}

/** How many weeks the default period covers: the current week and the eleven before it. */
export const DEFAULT_WEEKS = 12;
/** The longest period one request may ask for (about three years): bounds the rows summed. */
export const MAX_PERIOD_DAYS = 1100;

/** The default period: from the Monday eleven weeks before this week to today, in Moscow. */
export function defaultPeriod(now: Date): { from: Day; to: Day } {
  const today = localDay(now);
  return { from: addDays(weekStart(today), -7 * (DEFAULT_WEEKS - 1)), to: today };
}

/** Every week start from the week of `from` to the week of `to`. */
export function weeksOf(from: Day, to: Day): Day[] {
  const weeks: Day[] = [];
  for (let w = weekStart(from); w <= to; w = addDays(w, 7)) weeks.push(w);
  return weeks;
}

/** The instant a Moscow day begins (Moscow keeps UTC+3 all year, but ask the zone anyway). */
export function dayStartsAt(day: Day, timeZone = STATS_TIME_ZONE): Date {
  const wall = Date.parse(`${day}T00:00:00Z`);
  return new Date(wall - offsetMillis(timeZone, wall - offsetMillis(timeZone, wall)));
}

/**
 * Lower bounds, in minutes, of the fixed duration buckets the daily rollup counts times to accept
 * and to resolve in (the last bucket is open: 60 days and more).
 *
 * Why histograms: a percentile over a period is a percentile over every appeal in it, and
 * percentiles of days do not combine into the percentile of their sum. percentile_cont over the
 * appeals themselves would read every appeal of the period (about a million per quarter at 10 M
 * appeals), far over the 300 ms budget. Counts per fixed bucket do add up, so any period, group
 * and filter is a sum of rollup rows, and the percentile is read back by interpolating inside the
 * bucket that holds it. The bounds follow the SLA targets people talk in (30 min emergency, hours,
 * 1/3/8 days); two neighbours differ by at most 1.5× (2× at the 5-minute start), so an interpolated
 * figure is off by less than its bucket's width and usually by much less.
 */
export const DURATION_BUCKETS_MINUTES = [
  0, 5, 10, 15, 30, 45, 60, 90, 120, 180, 240, 360, 480, 720, 1080, 1440, 2160, 2880, 4320, 5760, 7200, 10080, 14400,
  20160, 30240, 43200, 64800, 86400,
] as const;
export const BUCKET_COUNT = DURATION_BUCKETS_MINUTES.length;

/** The bucket (0-based) a duration in minutes falls in; negative durations count as 0. */
export function bucketOf(minutes: number): number {
  let i = 0;
  while (i + 1 < BUCKET_COUNT && minutes >= DURATION_BUCKETS_MINUTES[i + 1]) i++;
  return i;
}

/**
 * The q-quantile (0 < q < 1) of durations counted in the fixed buckets, in minutes: the rank q × n
 * is found in the cumulative counts and interpolated linearly inside its bucket; in the open last
 * bucket the answer is its lower bound (60 days, "at least"). Null when nothing was counted.
 */
export function quantileFromBuckets(counts: readonly number[], q: number): number | null {
  const n = counts.reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = q * n;
  let before = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c > 0 && before + c >= rank) {
      const lo = DURATION_BUCKETS_MINUTES[i];
      const hi = DURATION_BUCKETS_MINUTES[i + 1];
      if (hi === undefined) return lo;
      return lo + ((hi - lo) * (rank - before)) / c;
    }
    before += c;
  }
  return DURATION_BUCKETS_MINUTES[BUCKET_COUNT - 1];
}

/** A share 0…1 rounded to 4 places, or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** Minutes as hours with 2 decimals (null stays null). */
export function minutesToHours(minutes: number | null): number | null {
  return minutes === null ? null : Math.round((minutes / 60) * 100) / 100;
}

/** A column of a CSV export: the header in Russian and English and how to read the value. */
export type CsvColumn<T> = { ru: string; en: string; value: (row: T) => string | number | boolean | null | undefined };

/** The byte-order mark that makes Excel read a CSV file as UTF-8 (Cyrillic otherwise turns to mojibake). */
export const UTF8_BOM = '\uFEFF';

/** One CSV field (RFC 4180 quoting when needed), a text that Excel would run as a formula guarded. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // A leading = + - @ would make Excel run the cell as a formula (CSV injection); numbers are fine.
  const guarded = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",;\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

/**
 * A CSV document (RFC 4180, CRLF line ends, comma separated unless told: `;` for Excel in a
 * Russian locale) with a UTF-8 BOM and one header row "Русский / English" per column.
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[], separator: ',' | ';' = ','): string {
  const lines = [columns.map((c) => csvField(`${c.ru} / ${c.en}`)).join(separator)];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(separator));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** Heat-map grid: the rollup counts appeals per cell of 0.01° of longitude × 0.005° of latitude (about 630 × 555 m in Kazan). */
export const CELL_DEGREES = { lon: 0.01, lat: 0.005 } as const;

/** The south-west corner and size of a grid cell at a coarsening factor. */
export function cellBounds(x: number, y: number, factor: number) {
  const w = CELL_DEGREES.lon * factor;
  const h = CELL_DEGREES.lat * factor;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return { west: round(x * w), south: round(y * h), east: round((x + 1) * w), north: round((y + 1) * h) };
}

/** What the rollup sums to for one group (db/queries/stats.ts). */
export type RollupSums = {
  received: number;
  accepted: number;
  resolved: number;
  compliant: number;
  breached: number;
  reopened: number;
  acceptBuckets: readonly number[];
  resolveBuckets: readonly number[];
};

/** The figures the dashboard shows for one group of appeals received in a period. */
export type Figures = {
  received: number;
  accepted: number;
  resolved: number;
  /** Resolved with neither clock breached. */
  compliant: number;
  /** The response or the resolution deadline missed. */
  breached: number;
  /** compliant ÷ (compliant + breached): appeals still open within their deadlines are not yet counted. */
  slaCompliance: number | null;
  acceptMedianHours: number | null;
  acceptP90Hours: number | null;
  resolveMedianHours: number | null;
  resolveP90Hours: number | null;
  overdueNow: number;
  reopened: number;
  /** reopened ÷ resolved. */
  reopenRate: number | null;
};

/** Figures from rollup sums and the live overdue count. */
export function figuresOf(s: RollupSums, overdueNow: number): Figures {
  return {
    received: s.received,
    accepted: s.accepted,
    resolved: s.resolved,
    compliant: s.compliant,
    breached: s.breached,
    slaCompliance: share(s.compliant, s.compliant + s.breached),
    acceptMedianHours: minutesToHours(quantileFromBuckets(s.acceptBuckets, 0.5)),
    acceptP90Hours: minutesToHours(quantileFromBuckets(s.acceptBuckets, 0.9)),
    resolveMedianHours: minutesToHours(quantileFromBuckets(s.resolveBuckets, 0.5)),
    resolveP90Hours: minutesToHours(quantileFromBuckets(s.resolveBuckets, 0.9)),
    overdueNow,
    reopened: s.reopened,
    reopenRate: share(s.reopened, s.resolved),
  };
}

/** Rollup sums added together (a total row, or a league entry). */
export function addSums(groups: readonly RollupSums[]): RollupSums {
  const zero = () => Array.from({ length: BUCKET_COUNT }, () => 0);
  const total = {
    received: 0,
    accepted: 0,
    resolved: 0,
    compliant: 0,
    breached: 0,
    reopened: 0,
    acceptBuckets: zero(),
    resolveBuckets: zero(),
  };
  for (const g of groups) {
    total.received += g.received;
    total.accepted += g.accepted;
    total.resolved += g.resolved;
    total.compliant += g.compliant;
    total.breached += g.breached;
    total.reopened += g.reopened;
    g.acceptBuckets.forEach((v, i) => {
      total.acceptBuckets[i] += v;
    });
    g.resolveBuckets.forEach((v, i) => {
      total.resolveBuckets[i] += v;
    });
  }
  return total;
}

/** z of a two-sided 95 % interval (the 97.5th percentile of the standard normal distribution). */
export const Z_95 = 1.959964;

/**
 * The lower bound of the Wilson score interval for a share of `successes` in `trials` (0…1, at 95 %
 * unless another z is given), or null when there were no trials. It is the share a record of this
 * size supports with confidence: 1 of 1 gives 0.21, 10 of 10 gives 0.72, 9 of 10 0.60 and 300 of
 * 310 0.94, so a long good record ranks above a short perfect one. Wilson's interval, unlike the
 * normal approximation, stays inside 0…1 and is sound for small counts and shares near 0 or 1.
 */
export function wilsonLowerBound(successes: number, trials: number, z = Z_95): number | null {
  if (trials <= 0) return null;
  const p = Math.min(1, Math.max(0, successes / trials));
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const margin = z * Math.sqrt((p * (1 - p) + z2 / (4 * trials)) / trials);
  return Math.max(0, (centre - margin) / (1 + z2 / trials));
}

/** A league entry's ranking figures: the decided appeals and the Wilson lower bound of the share on time. */
export type LeagueScore = { decided: number; slaLowerBound: number | null };

/**
 * League-table order: the Wilson lower bound (95 %) of the share decided on time, best first, so
 * that volume counts (17 companies at 100 % of 1 to 40 appeals no longer tie); companies with
 * nothing decided yet come last; then the share itself, fewer breaches, more appeals received and
 * the name. Equal figures share a rank (1, 2, 2, 4).
 */
export function rankByLowerBound<T extends { figures: Figures; nameRu: string }>(
  entries: readonly T[],
): (T & LeagueScore & { rank: number })[] {
  const scored = entries.map((e) => {
    const decided = e.figures.compliant + e.figures.breached;
    const bound = wilsonLowerBound(e.figures.compliant, decided);
    return { ...e, decided, slaLowerBound: bound === null ? null : Math.round(bound * 10_000) / 10_000 };
  });
  scored.sort(
    (a, b) =>
      (b.slaLowerBound ?? -1) - (a.slaLowerBound ?? -1) ||
      (b.figures.slaCompliance ?? -1) - (a.figures.slaCompliance ?? -1) ||
      a.figures.breached - b.figures.breached ||
      b.figures.received - a.figures.received ||
      a.nameRu.localeCompare(b.nameRu, 'ru'),
  );
  const key = (e: (typeof scored)[number]) =>
    `${e.slaLowerBound}|${e.figures.slaCompliance}|${e.figures.breached}|${e.figures.received}`;
  let rank = 0;
  return scored.map((e, i) => {
    if (i === 0 || key(scored[i - 1]) !== key(e)) rank = i + 1;
    return { ...e, rank };
  });
}

/** A period cut into whole Moscow weeks (read from the weekly rollup) and the days at either end. */
export type PeriodParts = { days: { from: Day; to: Day }[]; weeks: { from: Day; to: Day } | null };

/** Split [from, to] into its whole weeks (Monday to Sunday, both inside) and the loose days around them. */
export function splitPeriod(from: Day, to: Day): PeriodParts {
  const firstMonday = weekStart(from) === from ? from : addDays(weekStart(from), 7);
  const lastMonday = addDays(weekStart(addDays(to, 1)), -7);
  if (firstMonday > lastMonday) return { days: [{ from, to }], weeks: null };
  const days: { from: Day; to: Day }[] = [];
  if (from < firstMonday) days.push({ from, to: addDays(firstMonday, -1) });
  if (addDays(lastMonday, 6) < to) days.push({ from: addDays(lastMonday, 7), to });
  return { days, weeks: { from: firstMonday, to: lastMonday } };
}
