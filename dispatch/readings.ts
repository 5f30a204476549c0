/**
 * Meter readings (issue 6): what a submitted reading must satisfy and what it is flagged with.
 * Pure: the history, the window and the time are passed in.
 *
 * - A reading has one value per tariff of its meter (electricity 1–3 tariffs, others one), each a
 *   finite number ≥ 0 with at most 3 decimals.
 * - It may not be below the previous reading of the same meter, unless the meter was replaced
 *   since (a recorded replacement with its initial values starts a new baseline).
 * - The submission window is a range of days of the month (e.g. 15th–25th) in the municipality's
 *   time zone; a reading belongs to the month it was submitted in. Before the window opens a
 *   reading is refused; after it closes it is taken and marked late (the company still bills it).
 * - Flags, not refusals: consumption above 3 × the apartment's average for that meter, zero
 *   consumption for three periods running, a meter past its verification date, a late submission.
 */
import { offsetMillis } from './calendar.ts';
import type { Message } from './messages/index.ts';

export const meterKinds = ['cold_water', 'hot_water', 'electricity', 'heating', 'gas'] as const;
export type MeterKind = (typeof meterKinds)[number];

export type Meter = {
  id: number;
  kind: MeterKind;
  /** 1 for everything but electricity, which has 1–3 tariffs (day, night, peak). */
  tariffs: 1 | 2 | 3;
  /** The next verification is due on this day; after it, readings are flagged. */
  verificationDue: Date | null;
};

export type PastReading = { at: Date; values: readonly number[] };
export type Replacement = { at: Date; initialValues: readonly number[] };
export type SubmissionWindow = { fromDay: number; toDay: number; timeZone: string };

export type ReadingFlag = 'high_consumption' | 'zero_three_periods' | 'verification_overdue' | 'late';
/** A refused value and why, as a message of the catalogue. */
export type ReadingProblem = { field: string; reason: Message };

export type ReadingDecision =
  | { ok: true; flags: ReadingFlag[]; consumption: number[] | null; period: string }
  | { ok: false; problems: ReadingProblem[] };

/** How many past periods the average consumption is taken over. */
export const AVERAGE_PERIODS = 6;
export const HIGH_FACTOR = 3;
const MAX_VALUE = 1e9;

/** The calendar month (YYYY-MM) an instant falls in, in the time zone. */
export function periodOf(at: Date, timeZone: string): string {
  const local = new Date(at.getTime() + offsetMillis(timeZone, at.getTime()));
  return `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Where an instant falls against the month's window (days fromDay..toDay inclusive, local time). */
export function windowPosition(at: Date, window: SubmissionWindow): 'before' | 'open' | 'after' {
  const local = new Date(at.getTime() + offsetMillis(window.timeZone, at.getTime()));
  const day = local.getUTCDate();
  return day < window.fromDay ? 'before' : day > window.toDay ? 'after' : 'open';
}

const decimals = (v: number) => {
  const text = String(v);
  const dot = text.indexOf('.');
  return dot < 0 || text.includes('e') ? 0 : text.length - dot - 1;
};

/**
 * The baseline a new reading is compared with: the latest reading, or the initial values of a
 * replacement recorded after it. Null when the meter has no history.
 */
export function baselineOf(
  history: readonly PastReading[],
  replacements: readonly Replacement[],
): { at: Date; values: readonly number[] } | null {
  const last = [...history].sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1) ?? null;
  const replaced = [...replacements].sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1) ?? null;
  if (replaced && (!last || replaced.at.getTime() > last.at.getTime()))
    return { at: replaced.at, values: replaced.initialValues };
  return last;
}

/** Consumption per period between consecutive readings (ignoring the step across a replacement). */
export function consumptions(history: readonly PastReading[], replacements: readonly Replacement[]): number[] {
  const sorted = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  const out: number[] = [];
  for (let i = 1; i < sorted.length; i++) {
    const crossed = replacements.some(
      (r) => r.at.getTime() > sorted[i - 1].at.getTime() && r.at.getTime() <= sorted[i].at.getTime(),
    );
    if (crossed) continue;
    out.push(sorted[i].values.reduce((s, v) => s + v, 0) - sorted[i - 1].values.reduce((s, v) => s + v, 0));
  }
  return out;
}

/** What is wrong with the values themselves (each a finite number ≥ 0, ≤ 1e9, at most 3 decimals). */
export function valueProblems(values: readonly number[]): ReadingProblem[] {
  const problems: ReadingProblem[] = [];
  values.forEach((v, i) => {
    if (!Number.isFinite(v) || v < 0)
      problems.push({
        field: `values.${i}`,
        reason: { id: 'reading.value_negative' },
      });
    else if (v > MAX_VALUE)
      problems.push({
        field: `values.${i}`,
        reason: { id: 'reading.value_too_large' },
      });
    else if (decimals(v) > 3)
      problems.push({
        field: `values.${i}`,
        reason: { id: 'reading.value_decimals' },
      });
  });
  return problems;
}

/** A local calendar day (YYYY-MM-DD) in the window's time zone. */
export type LocalDay = string;

/**
 * The window as a resident sees it at `now`: open (closes on a day), or the day it opens next. A
 * window end past the month's last day ends on the last day.
 */
export function windowState(
  now: Date,
  window: SubmissionWindow,
): { state: 'open'; closesOn: LocalDay } | { state: 'closed'; opensOn: LocalDay; late: boolean } {
  const local = new Date(now.getTime() + offsetMillis(window.timeZone, now.getTime()));
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = (year: number, month: number, d: number) => {
    const at = new Date(Date.UTC(year, month, Math.min(d, lastDay(year, month))));
    return at.toISOString().slice(0, 10);
  };
  const position = windowPosition(now, window);
  if (position === 'open') return { state: 'open', closesOn: day(y, m, window.toDay) };
  if (position === 'before') return { state: 'closed', opensOn: day(y, m, window.fromDay), late: false };
  return { state: 'closed', opensOn: day(y, m + 1, window.fromDay), late: true };
}

/** Decide a reading submitted at `now` for a meter with its history. */
export function checkReading(
  meter: Meter,
  values: readonly number[],
  history: readonly PastReading[],
  replacements: readonly Replacement[],
  window: SubmissionWindow,
  now: Date,
): ReadingDecision {
  const problems: ReadingProblem[] = [];
  const position = windowPosition(now, window);
  if (position === 'before') {
    return {
      ok: false,
      problems: [
        {
          field: 'at',
          reason: { id: 'reading.window_days', params: { fromDay: window.fromDay, toDay: window.toDay } },
        },
      ],
    };
  }
  if (values.length !== meter.tariffs) {
    problems.push({
      field: 'values',
      reason: { id: 'reading.values_per_tariff', params: { tariffs: meter.tariffs } },
    });
    return { ok: false, problems };
  }
  problems.push(...valueProblems(values));
  if (problems.length > 0) return { ok: false, problems };

  const baseline = baselineOf(history, replacements);
  if (baseline && baseline.at.getTime() > now.getTime()) {
    return {
      ok: false,
      problems: [{ field: 'at', reason: { id: 'reading.later_exists' } }],
    };
  }
  if (baseline) {
    values.forEach((v, i) => {
      if (v < (baseline.values[i] ?? 0)) {
        problems.push({
          field: `values.${i}`,
          reason: { id: 'reading.below_previous', params: { previous: baseline.values[i] } },
        });
      }
    });
    if (problems.length > 0) return { ok: false, problems };
  }

  const consumption = baseline ? values.map((v, i) => v - (baseline.values[i] ?? 0)) : null;
  const flags: ReadingFlag[] = [];
  if (consumption) {
    const total = consumption.reduce((s, v) => s + v, 0);
    const past = consumptions(history, replacements).slice(-AVERAGE_PERIODS);
    const average = past.length > 0 ? past.reduce((s, v) => s + v, 0) / past.length : 0;
    if (average > 0 && total > HIGH_FACTOR * average) flags.push('high_consumption');
    if (total === 0 && past.length >= 2 && past.slice(-2).every((c) => c === 0)) flags.push('zero_three_periods');
  }
  if (meter.verificationDue && now.getTime() > meter.verificationDue.getTime()) flags.push('verification_overdue');
  if (position === 'after') flags.push('late');
  return { ok: true, flags, consumption, period: periodOf(now, window.timeZone) };
}
