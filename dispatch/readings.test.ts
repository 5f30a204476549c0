import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkReading,
  consumptions,
  type Meter,
  type PastReading,
  periodOf,
  type Replacement,
  windowPosition,
  windowState,
} from './readings.ts';

const window = { fromDay: 15, toDay: 25, timeZone: 'Europe/Moscow' };
const water: Meter = { id: 1, kind: 'cold_water', tariffs: 1, verificationDue: new Date('2030-01-01T00:00:00Z') };
const power: Meter = { id: 2, kind: 'electricity', tariffs: 2, verificationDue: null };
// Monthly readings on the 20th, 10 m³ a month.
const monthly = (months: number, step = 10, start = 100): PastReading[] =>
  Array.from({ length: months }, (_, i) => ({ at: new Date(Date.UTC(2026, i, 20, 9)), values: [start + step * i] }));
const on = (iso: string) => new Date(iso);

describe('meter readings', () => {
  it('takes a reading in the window with its consumption and no flags', () => {
    const d = checkReading(water, [160], monthly(6), [], window, on('2026-07-18T09:00:00Z'));
    expect(d).toEqual({ ok: true, flags: [], consumption: [10], period: '2026-07' });
  });

  it('refuses a negative, a malformed or a decreasing reading, naming the value', () => {
    expect(checkReading(water, [-1], [], [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: false,
      problems: [{ field: 'values.0' }],
    });
    expect(checkReading(water, [1.2345], [], [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: false,
      problems: [{ field: 'values.0' }],
    });
    expect(checkReading(water, [Number.NaN], [], [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({ ok: false });
    expect(checkReading(power, [1], [], [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: false,
      problems: [{ field: 'values' }],
    });
    const lower = checkReading(water, [140], monthly(6), [], window, on('2026-07-18T09:00:00Z'));
    expect(lower).toMatchObject({ ok: false, problems: [{ field: 'values.0' }] });
  });

  it('takes a lower reading after a recorded replacement, counting from the new meter’s start', () => {
    const replaced: Replacement[] = [{ at: on('2026-07-01T10:00:00Z'), initialValues: [0.5] }];
    expect(checkReading(water, [7.5], monthly(6), replaced, window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: true,
      consumption: [7],
    });
    // The step across the replacement is not consumption.
    const history = [...monthly(6), { at: on('2026-07-18T09:00:00Z'), values: [7.5] }];
    expect(consumptions(history, replaced)).toEqual([10, 10, 10, 10, 10]);
  });

  it('refuses readings before the window opens and marks late ones, in Moscow time', () => {
    expect(checkReading(water, [160], monthly(6), [], window, on('2026-07-14T20:00:00Z'))).toMatchObject({
      ok: false,
      problems: [{ field: 'at' }],
    });
    // 21:30 UTC on the 14th is already the 15th in Moscow.
    expect(checkReading(water, [160], monthly(6), [], window, on('2026-07-14T21:30:00Z'))).toMatchObject({
      ok: true,
      flags: [],
    });
    expect(checkReading(water, [160], monthly(6), [], window, on('2026-07-26T09:00:00Z'))).toMatchObject({
      ok: true,
      flags: ['late'],
    });
    expect(windowPosition(on('2026-07-25T20:59:00Z'), window)).toBe('open');
    expect(periodOf(on('2026-07-31T21:30:00Z'), 'Europe/Moscow')).toBe('2026-08');
  });

  it('flags consumption above three times the average, three idle periods and an overdue verification', () => {
    expect(checkReading(water, [200], monthly(6), [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: true,
      flags: ['high_consumption'],
    });
    const idle = monthly(6, 0);
    expect(checkReading(water, [100], idle, [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: true,
      flags: ['zero_three_periods'],
    });
    const old = { ...water, verificationDue: on('2026-06-30T00:00:00Z') };
    expect(checkReading(old, [160], monthly(6), [], window, on('2026-07-18T09:00:00Z'))).toMatchObject({
      ok: true,
      flags: ['verification_overdue'],
    });
  });

  it('never takes a reading below the baseline without a replacement, and never reports negative consumption', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: -100, max: 100 }),
        (steps, delta) => {
          const totals = steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0));
          const history = totals.map((total, i) => ({ at: new Date(Date.UTC(2025, i, 20)), values: [total] }));
          const value = totals.at(-1) as number;
          const next = Math.max(0, value + delta);
          const d = checkReading(water, [next], history, [], window, on('2026-02-18T09:00:00Z'));
          if (next < value) expect(d.ok).toBe(false);
          else {
            expect(d.ok).toBe(true);
            if (d.ok) expect(d.consumption?.[0]).toBeGreaterThanOrEqual(0);
          }
          expect(consumptions(history, []).every((c) => c >= 0)).toBe(true);
        },
      ),
    );
  });
});

describe('the reading window as a resident sees it', () => {
  const window = { fromDay: 15, toDay: 25, timeZone: 'Europe/Moscow' };
  it('is open until the last day, then closed until the next month’s first day', () => {
    expect(windowState(new Date('2026-10-10T09:00:00Z'), window)).toEqual({
      state: 'closed',
      opensOn: '2026-10-15',
      late: false,
    });
    expect(windowState(new Date('2026-10-20T09:00:00Z'), window)).toEqual({ state: 'open', closesOn: '2026-10-25' });
    // 25 October 23:30 in Moscow is still open; the 26th is late, and December's window is next for late November.
    expect(windowState(new Date('2026-10-25T20:30:00Z'), window)).toEqual({ state: 'open', closesOn: '2026-10-25' });
    expect(windowState(new Date('2026-11-26T09:00:00Z'), window)).toEqual({
      state: 'closed',
      opensOn: '2026-12-15',
      late: true,
    });
    expect(windowState(new Date('2026-12-28T09:00:00Z'), window)).toEqual({
      state: 'closed',
      opensOn: '2027-01-15',
      late: true,
    });
  });
  it('ends a window past the month’s end on its last day', () => {
    expect(
      windowState(new Date('2026-02-20T09:00:00Z'), { fromDay: 20, toDay: 31, timeZone: 'Europe/Moscow' }),
    ).toEqual({ state: 'open', closesOn: '2026-02-28' });
  });
});
