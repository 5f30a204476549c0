import { describe, expect, it } from 'vitest';
import type { OfficeCalendar } from './appointments.ts';
import { localInstant } from './calendar.ts';
import { appointmentsOutside, intervalProblems } from './office-admin.ts';

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
const at = (date: string, hhmm: string) => localInstant('Europe/Moscow', date, hhmm);
const booking = (
  id: number,
  date: string,
  hhmm: string,
  o: { pointId?: number; serviceId?: number; minutes?: number } = {},
) => ({
  id,
  pointId: o.pointId ?? 1,
  serviceId: o.serviceId ?? 10,
  start: at(date, hhmm),
  end: at(date, hhmm) + (o.minutes ?? 15) * 60_000,
});

describe('a day’s hours as an admin types them', () => {
  it.each([
    [
      [
        { start: '09:00', end: '13:00' },
        { start: '14:00', end: '18:00' },
      ],
      [],
    ],
    [[{ start: '9:00', end: '13:00' }], [{ index: 0, problem: 'bad_time' }]],
    [[{ start: '13:00', end: '13:00' }], [{ index: 0, problem: 'empty' }]],
    [
      [
        { start: '14:00', end: '18:00' },
        { start: '09:00', end: '13:00' },
      ],
      [{ index: 1, problem: 'unordered' }],
    ],
    [
      [
        { start: '09:00', end: '13:30' },
        { start: '13:00', end: '18:00' },
      ],
      [{ index: 1, problem: 'overlapping' }],
    ],
    [[{ start: '00:00', end: '24:00' }], []],
  ])('%j → %j', (intervals, problems) => {
    expect(intervalProblems(intervals)).toEqual(problems);
  });
});

describe('the appointments a change leaves outside the schedule', () => {
  const points = [
    { id: 1, week: null, services: [{ serviceId: 10, slotMinutes: 15 }] },
    { id: 2, week: null, services: [{ serviceId: 20, slotMinutes: 30 }] },
  ];
  const held = [
    booking(1, '2026-12-08', '09:00'),
    booking(2, '2026-12-08', '17:45'),
    booking(3, '2026-12-09', '10:00', { pointId: 2, serviceId: 20, minutes: 30 }),
    booking(4, '2026-12-09', '12:45'),
  ];

  it('keeps every booking while the schedule holds it', () => {
    expect(appointmentsOutside({ calendar, points, exceptions: [] }, held)).toEqual([]);
  });

  it('finds those outside narrowed hours, a closed day or point, a service taken away', () => {
    const narrowed = { ...calendar, week: { ...calendar.week, tue: [{ start: '09:00', end: '17:00' }] } };
    expect(appointmentsOutside({ calendar: narrowed, points, exceptions: [] }, held).map((a) => a.id)).toEqual([2]);
    const pointClosed = [{ date: '2026-12-09', pointId: 2, hours: null }];
    expect(appointmentsOutside({ calendar, points, exceptions: pointClosed }, held).map((a) => a.id)).toEqual([3]);
    const shortDay = [{ date: '2026-12-09', pointId: null, hours: [{ start: '09:00', end: '12:00' }] }];
    expect(appointmentsOutside({ calendar, points, exceptions: shortDay }, held).map((a) => a.id)).toEqual([4]);
    const noService = [points[0], { ...points[1], services: [] }];
    expect(appointmentsOutside({ calendar, points: noService, exceptions: [] }, held).map((a) => a.id)).toEqual([3]);
    expect(appointmentsOutside({ calendar, points: [], exceptions: [] }, held)).toHaveLength(4);
  });
});
