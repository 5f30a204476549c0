import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALWAYS,
  addWorkingMillis,
  isWorkingTime,
  MOSCOW_OFFICE_HOURS,
  offsetMillis,
  type WorkingCalendar,
  workingDayMillis,
  workingMillisBetween,
} from './calendar.ts';
import { productionDay, productionYears } from './production-calendar.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const msk = (local: string) => new Date(`${local}+03:00`);
const office = MOSCOW_OFFICE_HOURS;

const withLunch: WorkingCalendar = {
  kind: 'working_hours',
  timeZone: 'Europe/Moscow',
  week: Object.fromEntries(
    (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => [
      day,
      [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
    ]),
  ),
  holidays: 'ru',
};

// A zone with daylight saving, and a weekend schedule, to exercise the offsets.
const berlinShop: WorkingCalendar = {
  kind: 'working_hours',
  timeZone: 'Europe/Berlin',
  week: {
    sat: [
      { start: '00:00', end: '03:30' },
      { start: '10:00', end: '24:00' },
    ],
    sun: [{ start: '01:00', end: '04:00' }],
    wed: [{ start: '08:00', end: '12:00' }],
  },
  holidays: 'none',
};

describe('production calendar', () => {
  it('has 247 working days and 1972 hours of a 40-hour week in 2025 and in 2026', () => {
    const eightHours: WorkingCalendar = {
      kind: 'working_hours',
      timeZone: 'Europe/Moscow',
      week: Object.fromEntries(
        (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
      ),
      holidays: 'ru',
    };
    for (const year of [2025, 2026]) {
      let days = 0;
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 24 * HOUR) {
        const date = new Date(t).toISOString().slice(0, 10);
        if (workingMillisBetween(eightHours, msk(`${date}T00:00:00`), msk(`${date}T23:59:59`)) > 0) days += 1;
      }
      expect(days).toBe(247);
      expect(workingMillisBetween(eightHours, msk(`${year}-01-01T00:00:00`), msk(`${year + 1}-01-01T00:00:00`))).toBe(
        1972 * HOUR,
      );
    }
  });

  it('marks 2027 as derived from the Labour Code, to be checked against the decree', () => {
    expect(productionYears.find((y) => y.year === 2027)?.derived).toBe(true);
    expect(productionDay('2027-06-14')).toBe('day_off');
  });

  it('lists only well-formed dates of their own year', () => {
    for (const y of productionYears) {
      for (const date of [...y.holidays, ...y.extraDaysOff, ...y.workingWeekendDays, ...y.shortenedDays]) {
        expect(date.startsWith(`${y.year}-`)).toBe(true);
        expect(new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10)).toBe(date);
      }
    }
  });
});

describe('working calendar', () => {
  it('an appeal on Friday 16:30 with one working day is due on Monday 16:30', () => {
    expect(workingDayMillis(office)).toBe(9 * HOUR);
    expect(addWorkingMillis(office, msk('2026-11-20T16:30:00'), 9 * HOUR)).toEqual(msk('2026-11-23T16:30:00'));
    expect(workingMillisBetween(office, msk('2026-11-20T16:30:00'), msk('2026-11-23T16:30:00'))).toBe(9 * HOUR);
  });

  it('does not count the New Year holidays (31 Dec 2025 to 11 Jan 2026)', () => {
    expect(workingMillisBetween(office, msk('2025-12-30T17:00:00'), msk('2026-01-12T08:00:00'))).toBe(0);
    expect(addWorkingMillis(office, msk('2025-12-30T16:30:00'), 9 * HOUR)).toEqual(msk('2026-01-12T16:30:00'));
    expect(isWorkingTime(office, msk('2026-01-09T10:00:00'))).toBe(false);
  });

  it('works the transferred Saturday 1 November 2025 and rests on Monday 3 November', () => {
    expect(isWorkingTime(office, msk('2025-11-01T10:00:00'))).toBe(true);
    expect(isWorkingTime(office, msk('2025-11-03T10:00:00'))).toBe(false);
    // Friday 31 Oct 16:00 + 2 h: one hour on Friday, one on the worked Saturday.
    expect(addWorkingMillis(office, msk('2025-10-31T16:00:00'), 2 * HOUR)).toEqual(msk('2025-11-01T09:00:00'));
  });

  it('ends a pre-holiday day one hour early (30 April 2026 closes at 16:00)', () => {
    expect(isWorkingTime(office, msk('2026-04-30T15:59:00'))).toBe(true);
    expect(isWorkingTime(office, msk('2026-04-30T16:00:00'))).toBe(false);
    expect(workingMillisBetween(office, msk('2026-04-30T00:00:00'), msk('2026-05-01T00:00:00'))).toBe(8 * HOUR);
    // 30 Apr 15:30 + 1 h: half an hour that day; 1–3 May off; Monday 4 May 08:30.
    expect(addWorkingMillis(office, msk('2026-04-30T15:30:00'), HOUR)).toEqual(msk('2026-05-04T08:30:00'));
  });

  it('shortens the last interval of a day with a lunch break', () => {
    expect(workingMillisBetween(withLunch, msk('2026-06-11T00:00:00'), msk('2026-06-12T00:00:00'))).toBe(7 * HOUR);
    expect(isWorkingTime(withLunch, msk('2026-06-11T13:30:00'))).toBe(false);
    expect(isWorkingTime(withLunch, msk('2026-06-11T16:59:00'))).toBe(true);
    expect(isWorkingTime(withLunch, msk('2026-06-11T17:00:00'))).toBe(false);
    expect(workingDayMillis(withLunch)).toBe(8 * HOUR);
  });

  it('moves a deadline that would fall in a holiday to the next working minute', () => {
    // 2 working hours from 30 Dec 2025 16:00: 17:00 that day, then Monday 12 Jan 2026 09:00.
    expect(addWorkingMillis(office, msk('2025-12-30T16:00:00'), 2 * HOUR)).toEqual(msk('2026-01-12T09:00:00'));
    // Started in the holidays: nothing counts until 12 Jan 08:00.
    expect(addWorkingMillis(office, msk('2026-01-03T12:00:00'), MINUTE)).toEqual(msk('2026-01-12T08:01:00'));
    expect(addWorkingMillis(office, msk('2026-01-03T12:00:00'), 0)).toEqual(msk('2026-01-12T08:00:00'));
  });

  it('counts wall-clock time on 24x7', () => {
    expect(workingMillisBetween(ALWAYS, msk('2026-01-01T00:00:00'), msk('2026-01-02T00:00:00'))).toBe(24 * HOUR);
    expect(addWorkingMillis(ALWAYS, msk('2026-01-01T00:00:00'), 30 * MINUTE)).toEqual(msk('2026-01-01T00:30:00'));
  });

  it('follows daylight saving time in other zones', () => {
    // Berlin springs forward on Sunday 29 March 2026 at 02:00: the 01:00–04:00 shift is 2 hours long.
    expect(
      workingMillisBetween(berlinShop, new Date('2026-03-29T00:00:00+01:00'), new Date('2026-03-30T00:00:00+02:00')),
    ).toBe(2 * HOUR);
    // And falls back on Sunday 25 October 2026 at 03:00: the same shift is 4 hours long.
    expect(
      workingMillisBetween(berlinShop, new Date('2026-10-25T00:00:00+02:00'), new Date('2026-10-26T00:00:00+01:00')),
    ).toBe(4 * HOUR);
    expect(isWorkingTime(berlinShop, new Date('2026-03-28T23:30:00+01:00'))).toBe(true);
  });

  it('spans a year quickly, one working interval at a time', () => {
    const started = performance.now();
    const due = addWorkingMillis(office, msk('2025-01-01T00:00:00'), 2219 * HOUR);
    expect(due).toEqual(msk('2025-12-30T17:00:00'));
    expect(performance.now() - started).toBeLessThan(500);
  });
});

// Instants from 2024-12-01 to 2028-02-01, to the minute: the production calendar years and around them.
const instant = fc
  .integer({ min: Date.UTC(2024, 11, 1) / MINUTE, max: Date.UTC(2028, 1, 1) / MINUTE })
  .map((m) => new Date(m * MINUTE));
const duration = fc.integer({ min: 0, max: 60 * 24 * 60 }).map((m) => m * MINUTE);
const calendars = fc.constantFrom<WorkingCalendar>(office, withLunch, berlinShop, ALWAYS);

describe('a zone’s offset', () => {
  /**
   * The offset read afresh, another way than offsetMillis reads it: the zone's wall clock as Swedish
   * writes it ("2026-12-07 16:45:00", ISO-like, 24-hour), taken as UTC.
   */
  const fresh = (timeZone: string, instant: number) => {
    const wall = Date.parse(`${new Date(instant).toLocaleString('sv-SE', { timeZone }).replace(' ', 'T')}Z`);
    return wall - Math.floor(instant / 1000) * 1000;
  };
  // Moscow's 1916–1919 offsets (+2:31:19, +3:31:19, +4:31:19) are not whole minutes; Lord Howe moves
  // by half an hour; Kathmandu is +5:45; the others change at 02:00 or 03:00 twice a year.
  const zones = ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];

  it('is what Intl says at every instant, also next to a change and with the hour remembered', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, instant) => {
          // The instant, and the ends of its hour asked first, so that the hour may be remembered.
          const hour = Math.floor(instant / HOUR) * HOUR;
          for (const at of [hour, hour + HOUR - 1, instant]) expect(offsetMillis(zone, at)).toBe(fresh(zone, at));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('follows each change to the second, on both sides, also one in the middle of an hour', () => {
    // 2026 in Berlin: 29 March 01:00 UTC and 25 October 01:00 UTC; New York: 8 March 07:00 and 1 November 06:00.
    for (const [zone, change] of [
      ['Europe/Berlin', Date.UTC(2026, 2, 29, 1)],
      ['Europe/Berlin', Date.UTC(2026, 9, 25, 1)],
      ['America/New_York', Date.UTC(2026, 2, 8, 7)],
      ['America/New_York', Date.UTC(2026, 10, 1, 6)],
      // Moscow's summer time of 1917, which came mid-hour: 1 July 20:28:41 UTC (+2:31:19 to +3:31:19).
      ['Europe/Moscow', Date.UTC(1917, 6, 1, 20, 28, 41)],
    ] as const) {
      for (const at of [change - HOUR, change - 1000, change, change + 1000, change + HOUR - 1000, change - 1000]) {
        expect(offsetMillis(zone, at)).toBe(fresh(zone, at));
      }
    }
  });
});

describe('working calendar properties', () => {
  it('adding working time and measuring it back gives the same amount', () => {
    fc.assert(
      fc.property(calendars, instant, duration, (calendar, from, d) => {
        expect(workingMillisBetween(calendar, from, addWorkingMillis(calendar, from, d))).toBe(d);
      }),
    );
  });

  it('a later deadline for more working time: addWorkingMillis is monotonic', () => {
    fc.assert(
      fc.property(calendars, instant, duration, duration, (calendar, from, d1, d2) => {
        const [small, large] = d1 <= d2 ? [d1, d2] : [d2, d1];
        expect(addWorkingMillis(calendar, from, small).getTime()).toBeLessThanOrEqual(
          addWorkingMillis(calendar, from, large).getTime(),
        );
      }),
    );
  });

  it('working time never exceeds wall-clock time and adds up over a split', () => {
    fc.assert(
      fc.property(calendars, instant, instant, instant, (calendar, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime());
        const ab = workingMillisBetween(calendar, a, b);
        expect(ab).toBeLessThanOrEqual(b.getTime() - a.getTime());
        expect(ab + workingMillisBetween(calendar, b, c)).toBe(workingMillisBetween(calendar, a, c));
        if (calendar.kind === '24x7') expect(ab).toBe(b.getTime() - a.getTime());
      }),
    );
  });

  it('a deadline for some working time never falls in non-working time', () => {
    fc.assert(
      fc.property(calendars, instant, duration, (calendar, from, d) => {
        const due = addWorkingMillis(calendar, from, d);
        // The minute before a positive deadline is working time; a zero one starts working time.
        if (d > 0) expect(isWorkingTime(calendar, new Date(due.getTime() - 1))).toBe(true);
        else expect(isWorkingTime(calendar, due)).toBe(true);
      }),
    );
  });
});
