import { describe, expect, it } from 'vitest';
import { DEFAULT_OFFICE_RULES, type OfficeCalendar } from './appointments.ts';
import { offeredSlots, roundMinutes } from './queue-stats.ts';

const day = [
  { start: '09:00', end: '13:00' },
  { start: '14:00', end: '18:00' },
];
const calendar: OfficeCalendar = {
  kind: 'working_hours',
  timeZone: 'Europe/Moscow',
  week: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: 'ru',
};

describe('slots offered over a period', () => {
  it('counts each point’s grid per service on every day, holidays off, a shortened day an hour shorter, exceptions applied', () => {
    // 2–6 November 2026: Tuesday the 3rd is shortened, Wednesday the 4th a holiday; Thursday has the
    // office's exception 10:00–12:00; window 2 is closed on Friday.
    const offered = offeredSlots(
      {
        calendar,
        rules: { ...DEFAULT_OFFICE_RULES, minLeadMinutes: 120, horizonDays: 3 },
        points: [
          { id: 1, week: null, services: [{ serviceId: 10, slotMinutes: 15 }] },
          {
            id: 2,
            week: null,
            services: [
              { serviceId: 10, slotMinutes: 30 },
              { serviceId: 20, slotMinutes: 30 },
            ],
          },
        ],
        exceptions: [
          { date: '2026-11-05', pointId: null, hours: [{ start: '10:00', end: '12:00' }] },
          { date: '2026-11-06', pointId: 2, hours: null },
        ],
      },
      '2026-11-02',
      '2026-11-06',
    );
    // Service 10: window 1 gives 32 + 28 + 0 + 8 + 32, window 2 gives 16 + 14 + 0 + 4 + 0.
    expect(offered.get(10)).toBe(100 + 34);
    expect(offered.get(20)).toBe(34);
    expect(
      offeredSlots({ calendar, rules: DEFAULT_OFFICE_RULES, points: [], exceptions: [] }, '2026-11-02', '2026-11-06')
        .size,
    ).toBe(0);
  });

  it('rounds minutes to a tenth', () => {
    expect(roundMinutes(11.75)).toBe(11.8);
    expect(roundMinutes(null)).toBeNull();
  });
});
