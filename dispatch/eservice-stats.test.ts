import { describe, expect, it } from 'vitest';
import { calendarExceptions, periodOf, roundDays, share } from './eservice-stats.ts';
import { addDays, isWorkingDay } from './eservices.ts';

describe('the project office’s period', () => {
  it('defaults to the last 90 days, today included, and keeps what the reader named', () => {
    expect(periodOf({}, '2026-12-01')).toEqual({ from: '2026-09-03', to: '2026-12-01' });
    expect(periodOf({ to: '2026-03-31' }, '2026-12-01')).toEqual({ from: '2026-01-01', to: '2026-03-31' });
    expect(periodOf({ from: '2026-11-01' }, '2026-12-01')).toEqual({ from: '2026-11-01', to: '2026-12-01' });
    expect(periodOf({ from: '2026-11-01', to: '2026-11-01' }, '2026-12-01')).toEqual({
      from: '2026-11-01',
      to: '2026-11-01',
    });
  });

  it('names the field of a period that runs backwards or is too long', () => {
    expect(periodOf({ from: '2026-11-02', to: '2026-11-01' }, '2026-12-01')).toEqual({ kind: 'reversed', field: 'to' });
    expect(periodOf({ from: '2026-12-02' }, '2026-12-01')).toEqual({ kind: 'reversed', field: 'from' });
    expect(periodOf({ from: '2020-01-01', to: '2026-01-01' }, '2026-12-01')).toEqual({
      kind: 'too_long',
      field: 'from',
      days: 1100,
    });
    // 1,100 days, both ends included, and one more.
    const from = '2024-01-01';
    expect(periodOf({ from, to: addDays(from, 1099) }, '2026-12-01')).toEqual({ from, to: addDays(from, 1099) });
    expect(periodOf({ from, to: addDays(from, 1100) }, '2026-12-01')).toMatchObject({ kind: 'too_long' });
  });
});

describe('the production calendar as SQL reads it', () => {
  it('gives the same working days as isWorkingDay over every day of the calendar’s years and around them', () => {
    const { daysOff, workingWeekendDays } = calendarExceptions();
    const off = new Set(daysOff);
    const worked = new Set(workingWeekendDays);
    const sqlRule = (day: string) => {
      const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
      return !off.has(day) && (worked.has(day) || (weekday !== 0 && weekday !== 6));
    };
    const wrong: string[] = [];
    for (let day = '2024-12-01'; day <= '2028-01-31'; day = addDays(day, 1))
      if (sqlRule(day) !== isWorkingDay(day)) wrong.push(day);
    expect(wrong).toEqual([]);
    expect(worked.has('2025-11-01')).toBe(true);
    expect(off.has('2026-11-04')).toBe(true);
  });
});

describe('shares and days', () => {
  it('rounds shares to four places and days to one, and has none of nothing', () => {
    expect(share(2, 3)).toBe(0.6667);
    expect(share(0, 0)).toBeNull();
    expect(roundDays(16.400000000000002)).toBe(16.4);
    expect(roundDays(null)).toBeNull();
  });
});
