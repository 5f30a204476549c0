/**
 * The Russian production calendar (five-day week) as data: which dates are days off although the
 * weekly schedule would work them, which weekend days are worked, and which days are one hour shorter.
 * Dates are local calendar dates (ISO yyyy-mm-dd) wherever the calendar is applied.
 */

export type ProductionYear = {
  year: number;
  /** Where the year comes from. */
  source: string;
  /** True when the year was derived from the Labour Code because the decree was not known. */
  derived: boolean;
  /** Non-working holidays of Labour Code art. 112, also those that fall on a weekend. */
  holidays: readonly string[];
  /** Weekdays made days off: a holiday moved from a weekend, or a day off moved by decree. */
  extraDaysOff: readonly string[];
  /** Saturdays and Sundays made working days by decree (worked with the hours of an ordinary weekday). */
  workingWeekendDays: readonly string[];
  /** Pre-holiday working days, one hour shorter (Labour Code art. 95). */
  shortenedDays: readonly string[];
};

const statutoryHolidays = (year: number): string[] =>
  [
    '01-01',
    '01-02',
    '01-03',
    '01-04',
    '01-05',
    '01-06',
    '01-07',
    '01-08',
    '02-23',
    '03-08',
    '05-01',
    '05-09',
    '06-12',
    '11-04',
  ].map((monthDay) => `${year}-${monthDay}`);

export const productionYears: readonly ProductionYear[] = [
  {
    // Decree of the Government of the Russian Federation of 04.10.2024 No. 1335 "On moving days off in 2025":
    // Sat 4 Jan → Fri 2 May; Sun 5 Jan → Wed 31 Dec; Sun 23 Feb → Thu 8 May; Sat 8 Mar → Fri 13 Jun;
    // Sat 1 Nov (worked) → Mon 3 Nov. 247 working days, 1972 hours at 40 h a week.
    year: 2025,
    source: 'Постановление Правительства РФ от 04.10.2024 № 1335',
    derived: false,
    holidays: statutoryHolidays(2025),
    extraDaysOff: ['2025-05-02', '2025-05-08', '2025-06-13', '2025-11-03', '2025-12-31'],
    workingWeekendDays: ['2025-11-01'],
    // 7 Mar (before Sat 8 Mar), 30 Apr, 11 Jun, and the worked Saturday 1 Nov before the 3–4 Nov days off.
    shortenedDays: ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'],
  },
  {
    // Decree of the Government of the Russian Federation of 24.09.2025 No. 1466 "On moving days off in 2026":
    // Sat 3 Jan → Fri 9 Jan; Sun 4 Jan → Thu 31 Dec. By art. 112 Sun 8 Mar → Mon 9 Mar and Sat 9 May →
    // Mon 11 May. No worked weekend days. 247 working days, 1972 hours at 40 h a week.
    year: 2026,
    source: 'Постановление Правительства РФ от 24.09.2025 № 1466',
    derived: false,
    holidays: statutoryHolidays(2026),
    extraDaysOff: ['2026-01-09', '2026-03-09', '2026-05-11', '2026-12-31'],
    workingWeekendDays: [],
    shortenedDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
  },
  {
    // DERIVED, TO BE CHECKED AGAINST THE DECREE for 2027 (not known when this was written): Labour Code
    // art. 112 only. Sat 1 May → Mon 3 May; Sun 9 May → Mon 10 May; Sat 12 Jun → Mon 14 Jun. The January
    // holidays on a weekend (Sat 2 and Sun 3 Jan) are moved only by decree, so they are not moved here:
    // expect the decree to add two more days off (often 31 Dec and a day in May) and maybe worked
    // Saturdays. Shortened days: the working day just before a holiday (as in 2026: not a Friday before
    // a Monday holiday); 31 Dec stays shortened unless the decree makes it a day off.
    year: 2027,
    source: 'Трудовой кодекс РФ ст. 95, 112 (derived; check against the decree for 2027)',
    derived: true,
    holidays: statutoryHolidays(2027),
    extraDaysOff: ['2027-05-03', '2027-05-10', '2027-06-14'],
    workingWeekendDays: [],
    shortenedDays: ['2027-02-22', '2027-04-30', '2027-06-11', '2027-11-03', '2027-12-31'],
  },
];

/** What the production calendar says about one local date. */
export type ProductionDay = 'day_off' | 'working_weekend' | 'shortened' | 'working_weekend_shortened' | 'ordinary';

const dayOff = new Set(productionYears.flatMap((y) => [...y.holidays, ...y.extraDaysOff]));
const workingWeekend = new Set(productionYears.flatMap((y) => y.workingWeekendDays));
const shortened = new Set(productionYears.flatMap((y) => y.shortenedDays));

/** The years the data covers; outside them only the weekly schedule applies. */
export const productionCalendarYears = productionYears.map((y) => y.year);

/** Classify a local date (yyyy-mm-dd) by the Russian production calendar. */
export function productionDay(date: string): ProductionDay {
  if (dayOff.has(date)) return 'day_off';
  if (workingWeekend.has(date)) return shortened.has(date) ? 'working_weekend_shortened' : 'working_weekend';
  return shortened.has(date) ? 'shortened' : 'ordinary';
}
