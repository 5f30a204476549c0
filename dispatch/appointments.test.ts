import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  appointmentStatuses,
  appointmentSteps,
  bookingCode,
  bookingProblem,
  DEFAULT_OFFICE_RULES,
  daySlots,
  freeTimes,
  lastBookableDate,
  limitProblem,
  mayChange,
  nearestTimes,
  nextAppointmentStatus,
  type OfficeCalendar,
  type PointSchedule,
  pointIntervals,
  reminderSchedule,
  type ScheduleException,
} from './appointments.ts';
import {
  allowedTicketSteps,
  checkInTiming,
  mayMarkNoShow,
  nextTicketStatus,
  nextToCall,
  ticketNumber,
  ticketStatuses,
  ticketSteps,
  type WaitingTicket,
} from './hall.ts';
import { localInstant } from './calendar.ts';
import { addDays, isWorkingDay, localDate } from './eservices.ts';
import { productionDay } from './production-calendar.ts';

const MIN = 60_000;
const TZ = 'Europe/Moscow';
const morning = { start: '09:00', end: '13:00' };
const afternoon = { start: '14:00', end: '18:00' };
const day = [morning, afternoon];
const calendar: OfficeCalendar = {
  kind: 'working_hours',
  timeZone: TZ,
  week: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: 'ru',
};
const rules = DEFAULT_OFFICE_RULES;
const at = (date: string, hhmm: string) => localInstant(TZ, date, hhmm);

const points: PointSchedule[] = [
  {
    id: 1,
    week: null,
    services: [
      { serviceId: 10, slotMinutes: 15 },
      { serviceId: 11, slotMinutes: 30 },
    ],
  },
  { id: 2, week: { sat: [{ start: '10:00', end: '14:00' }] }, services: [{ serviceId: 10, slotMinutes: 20 }] },
  { id: 3, week: null, services: [{ serviceId: 12, slotMinutes: 45 }] },
];

// Dates of 2026 with all kinds of days: ordinary, Saturday, holidays (1–8 Jan, 23 Feb, 9 Mar, 1 May,
// 11 May, 12 Jun, 4 Nov, 31 Dec), shortened pre-holiday days (30 Apr, 8 May, 11 Jun, 3 Nov).
const dateArb = fc.integer({ min: 0, max: 364 }).map((n) => addDays('2026-01-01', n));
const exceptionArb = (date: string): fc.Arbitrary<ScheduleException[]> =>
  fc.array(
    fc.record({
      date: fc.constant(date),
      pointId: fc.constantFrom(null, 1, 2, 3),
      hours: fc.option(
        fc.constantFrom(
          [{ start: '10:00', end: '12:00' }],
          [{ start: '08:00', end: '20:00' }],
          [{ start: '15:00', end: '16:30' }],
        ),
        { nil: null },
      ),
    }),
    { maxLength: 2 },
  );

describe('daySlots', () => {
  it('puts every slot inside its point’s hours of that day, after the lead, apart from the busy and from each other', () => {
    fc.assert(
      fc.property(
        dateArb.chain((date) =>
          fc.record({
            date: fc.constant(date),
            exceptions: exceptionArb(date),
            serviceId: fc.constantFrom(10, 11, 12),
            nowOffsetDays: fc.integer({ min: 0, max: 15 }),
            nowMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }),
            busy: fc.array(
              fc.record({
                pointId: fc.constantFrom(1, 2, 3),
                minute: fc.integer({ min: 8 * 60, max: 18 * 60 }),
                length: fc.constantFrom(15, 30),
              }),
              { maxLength: 6 },
            ),
          }),
        ),
        ({ date, exceptions, serviceId, nowOffsetDays, nowMinute, busy }) => {
          const nowDate = addDays(date, -nowOffsetDays);
          const now = at(nowDate, '00:00') + nowMinute * MIN;
          const busySlots = busy.map((b) => ({
            pointId: b.pointId,
            start: at(date, '00:00') + b.minute * MIN,
            end: at(date, '00:00') + (b.minute + b.length) * MIN,
          }));
          const slots = daySlots({ calendar, rules, points, exceptions, serviceId, date, busy: busySlots, now });
          const last = lastBookableDate(calendar, rules, now);
          if (date > last) expect(slots).toEqual([]);
          for (const s of slots) {
            const point = points.find((p) => p.id === s.pointId)!;
            const length = point.services.find((x) => x.serviceId === serviceId)?.slotMinutes;
            expect(length).toBeDefined();
            expect(s.end - s.start).toBe(length! * MIN);
            expect(localDate(new Date(s.start), TZ)).toBe(date);
            expect(s.start).toBeGreaterThanOrEqual(now + rules.minLeadMinutes * MIN);
            const intervals = pointIntervals(calendar, point, exceptions, date);
            expect(intervals.some(([a, b]) => a <= s.start && s.end <= b)).toBe(true);
            expect(busySlots.some((b) => b.pointId === s.pointId && b.start < s.end && s.start < b.end)).toBe(false);
          }
          for (let i = 0; i < slots.length; i += 1)
            for (let j = i + 1; j < slots.length; j += 1)
              if (slots[i].pointId === slots[j].pointId)
                expect(slots[i].end <= slots[j].start || slots[j].end <= slots[i].start).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('gives nothing on a holiday or a weekend without an exception, and the hours of an exception even then', () => {
    fc.assert(
      fc.property(dateArb, (date) => {
        const now = at(addDays(date, -3), '09:00');
        const plain = daySlots({
          calendar,
          rules,
          points: [points[0]],
          exceptions: [],
          serviceId: 10,
          date,
          busy: [],
          now,
        });
        if (!isWorkingDay(date)) expect(plain).toEqual([]);
        else expect(plain.length).toBeGreaterThan(0);
        const extra: ScheduleException[] = [{ date, pointId: null, hours: [{ start: '10:00', end: '12:00' }] }];
        const withException = daySlots({
          calendar,
          rules,
          points: [points[0]],
          exceptions: extra,
          serviceId: 10,
          date,
          busy: [],
          now,
        });
        expect(withException.map((s) => s.start)).toEqual(
          Array.from({ length: 8 }, (_, i) => at(date, '10:00') + i * 15 * MIN),
        );
        const closed: ScheduleException[] = [{ date, pointId: 1, hours: null }];
        expect(
          daySlots({ calendar, rules, points: [points[0]], exceptions: closed, serviceId: 10, date, busy: [], now }),
        ).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('ends a shortened pre-holiday day an hour early', () => {
    // 30 April 2026 is shortened (before 1 May): the afternoon ends at 17:00.
    expect(productionDay('2026-04-30')).toBe('shortened');
    const now = at('2026-04-27', '09:00');
    const slots = daySlots({
      calendar,
      rules,
      points: [points[0]],
      exceptions: [],
      serviceId: 11,
      date: '2026-04-30',
      busy: [],
      now,
    });
    expect(slots.at(-1)!.end).toBe(at('2026-04-30', '17:00'));
    expect(slots).toHaveLength(8 + 6);
    const ordinary = daySlots({
      calendar,
      rules,
      points: [points[0]],
      exceptions: [],
      serviceId: 11,
      date: '2026-04-29',
      busy: [],
      now,
    });
    expect(ordinary).toHaveLength(16);
  });

  it('keeps a point’s own week, and the office’s holidays over it', () => {
    const now = at('2026-12-01', '09:00');
    // Saturday 5 December: only point 2 works, 10:00–14:00, 20-minute slots.
    const sat = daySlots({ calendar, rules, points, exceptions: [], serviceId: 10, date: '2026-12-05', busy: [], now });
    expect(sat.map((s) => s.pointId)).toEqual(Array(12).fill(2));
    // Saturday 2 May 2026 is no holiday, but 9 May is a Saturday holiday: point 2 is closed then.
    expect(
      daySlots({
        calendar,
        rules,
        points,
        exceptions: [],
        serviceId: 10,
        date: '2026-05-09',
        busy: [],
        now: at('2026-05-01', '09:00'),
      }),
    ).toEqual([]);
  });

  it('opens the horizon’s last day at the office’s hour', () => {
    const before = at('2026-12-01', '07:59');
    const after = at('2026-12-01', '08:00');
    expect(lastBookableDate(calendar, rules, before)).toBe('2026-12-14');
    expect(lastBookableDate(calendar, rules, after)).toBe('2026-12-15');
    expect(
      daySlots({ calendar, rules, points, exceptions: [], serviceId: 10, date: '2026-12-15', busy: [], now: before }),
    ).toEqual([]);
    expect(
      daySlots({ calendar, rules, points, exceptions: [], serviceId: 10, date: '2026-12-15', busy: [], now: after })
        .length,
    ).toBeGreaterThan(0);
  });

  it('lets a 30-minute booking take the 15-minute slots inside it', () => {
    const now = at('2026-12-01', '09:00');
    const busy = [{ pointId: 1, start: at('2026-12-03', '09:00'), end: at('2026-12-03', '09:30') }];
    const slots = daySlots({
      calendar,
      rules,
      points: [points[0]],
      exceptions: [],
      serviceId: 10,
      date: '2026-12-03',
      busy,
      now,
    });
    expect(slots[0].start).toBe(at('2026-12-03', '09:30'));
  });
});

describe('bookingProblem', () => {
  const base = {
    calendar,
    rules,
    points,
    exceptions: [] as ScheduleException[],
    holiday: (d: string) => productionDay(d) === 'day_off',
  };
  const now = at('2026-12-01', '10:00');
  it.each([
    ['a slot', 10, at('2026-12-03', '09:15'), null],
    ['a service nobody gives', 99, at('2026-12-03', '09:15'), 'not_provided'],
    ['the past', 10, at('2026-11-30', '09:15'), 'past'],
    ['sooner than the lead', 10, at('2026-12-01', '10:15'), 'too_soon'],
    ['beyond the horizon', 10, at('2026-12-16', '09:15'), 'beyond_horizon'],
    ['the lunch break', 10, at('2026-12-03', '13:15'), 'outside_hours'],
    ['after hours', 10, at('2026-12-03', '18:00'), 'outside_hours'],
    ['off the grid', 10, at('2026-12-03', '09:05'), 'off_grid'],
  ] as const)('%s', (_name, serviceId, start, problem) => {
    expect(bookingProblem({ ...base, serviceId, start, now })).toBe(problem);
  });

  it('says holiday for a day off of the production calendar (Unity Day, 4 November)', () => {
    expect(
      bookingProblem({ ...base, serviceId: 10, start: at('2026-11-04', '09:15'), now: at('2026-11-02', '10:00') }),
    ).toBe('holiday');
  });

  it('says closed for a day closed by an exception', () => {
    const exceptions = [{ date: '2026-12-03', pointId: null, hours: null }];
    expect(bookingProblem({ ...base, exceptions, serviceId: 10, start: at('2026-12-03', '09:15'), now })).toBe(
      'closed',
    );
  });

  it('agrees with daySlots: a time is bookable exactly when it is a slot of an empty day', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 0, max: 24 * 4 - 1 }),
        fc.constantFrom(10, 11, 12),
        (date, quarter, serviceId) => {
          const now = at(addDays(date, -2), '12:00');
          const start = at(date, '00:00') + quarter * 15 * MIN;
          const slots = daySlots({ calendar, rules, points, exceptions: [], serviceId, date, busy: [], now });
          const ok = bookingProblem({ ...base, serviceId, start, now }) === null;
          expect(ok).toBe(slots.some((s) => s.start === start));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('the limits and the cut-off', () => {
  it('allows one live appointment per service and three in all', () => {
    expect(limitProblem([], 1, rules)).toBeNull();
    expect(limitProblem([{ serviceId: 1 }], 1, rules)).toBe('one_per_service');
    expect(limitProblem([{ serviceId: 1 }, { serviceId: 2 }, { serviceId: 3 }], 4, rules)).toBe('too_many');
    expect(limitProblem([{ serviceId: 1 }, { serviceId: 2 }], 4, rules)).toBeNull();
  });
  it('lets a resident change until two hours before', () => {
    const start = at('2026-12-03', '10:00');
    expect(mayChange(start, start - 120 * MIN, rules)).toBe(true);
    expect(mayChange(start, start - 119 * MIN, rules)).toBe(false);
  });
});

describe('alternatives', () => {
  it('offers the nearest free times, earlier first on a tie, each once', () => {
    const s = (pointId: number, hhmm: string) => ({
      pointId,
      start: at('2026-12-03', hhmm),
      end: at('2026-12-03', hhmm) + 15 * MIN,
    });
    const slots = [s(1, '09:00'), s(2, '09:00'), s(1, '09:45'), s(1, '10:15'), s(1, '11:00')];
    expect(nearestTimes(slots, at('2026-12-03', '10:00'))).toEqual([
      at('2026-12-03', '09:45'),
      at('2026-12-03', '10:15'),
      at('2026-12-03', '09:00'),
    ]);
    expect(freeTimes(slots)[0].pointIds).toEqual([1, 2]);
  });
});

describe('reminders', () => {
  it('reminds the day before and two hours before, never in the night, never after the fact', () => {
    fc.assert(
      fc.property(
        dateArb,
        fc.integer({ min: 8 * 4, max: 19 * 4 }),
        fc.integer({ min: 0, max: 20 * 24 * 60 }),
        (date, quarter, minutesBefore) => {
          const start = at(date, '00:00') + quarter * 15 * MIN;
          const bookedAt = start - minutesBefore * MIN;
          for (const r of reminderSchedule(start, bookedAt, TZ)) {
            expect(r.at).toBeGreaterThan(bookedAt);
            expect(r.at).toBeLessThan(start);
            const hhmm = new Intl.DateTimeFormat('en-GB', {
              timeZone: TZ,
              hour: '2-digit',
              minute: '2-digit',
              hourCycle: 'h23',
            }).format(r.at);
            if (r.kind === 'day_before') expect(hhmm >= '08:00' && hhmm < '21:00').toBe(true);
          }
        },
      ),
    );
    const start = at('2026-12-03', '09:00');
    expect(reminderSchedule(start, at('2026-12-01', '12:00'), TZ)).toEqual([
      { kind: 'day_before', at: at('2026-12-02', '09:00') },
      { kind: 'two_hours', at: at('2026-12-03', '07:00') },
    ]);
    expect(reminderSchedule(at('2026-12-03', '11:30'), at('2026-12-03', '10:00'), TZ)).toEqual([]);
  });
});

describe('the appointment lifecycle', () => {
  const table: [string, string, string | null][] = [
    ['new', 'book', 'booked'],
    ['booked', 'reschedule', 'booked'],
    ['booked', 'cancel', 'cancelled'],
    ['booked', 'check_in', 'checked_in'],
    ['booked', 'miss', 'no_show'],
    ['checked_in', 'serve', 'served'],
    ['checked_in', 'miss', 'no_show'],
  ];
  it.each(table)('%s —%s→ %s', (from, step, to) => {
    expect(nextAppointmentStatus(from as never, step as never)).toBe(to);
  });
  it('allows nothing else', () => {
    for (const from of ['new', ...appointmentStatuses] as const)
      for (const step of appointmentSteps)
        if (!table.some(([f, s]) => f === from && s === step)) expect(nextAppointmentStatus(from, step)).toBeNull();
  });
});

describe('the ticket lifecycle', () => {
  const table: [string, string, string][] = [
    ['new', 'issue', 'waiting'],
    ['waiting', 'call', 'called'],
    ['called', 'recall', 'called'],
    ['called', 'start', 'serving'],
    ['called', 'no_show', 'no_show'],
    ['called', 'redirect', 'waiting'],
    ['serving', 'finish', 'done'],
    ['serving', 'redirect', 'waiting'],
  ];
  it.each(table)('%s —%s→ %s', (from, step, to) => {
    expect(nextTicketStatus(from as never, step as never)).toBe(to);
  });
  it('allows nothing else, and the console offers exactly what is allowed', () => {
    for (const from of ['new', ...ticketStatuses] as const)
      for (const step of ticketSteps)
        if (!table.some(([f, s]) => f === from && s === step)) expect(nextTicketStatus(from, step)).toBeNull();
    expect(allowedTicketSteps('called')).toEqual(['recall', 'start', 'no_show', 'redirect']);
    expect(allowedTicketSteps('done')).toEqual([]);
  });
  it('marks a no-show only after the office’s minutes', () => {
    expect(mayMarkNoShow(0, 4 * MIN, rules)).toBe(false);
    expect(mayMarkNoShow(0, 5 * MIN, rules)).toBe(true);
  });
  it('numbers tickets like the hall shows them', () => {
    expect(ticketNumber('А', 17)).toBe('А-017');
    expect(ticketNumber('Б', 1204)).toBe('Б-1204');
  });
  it('times a check-in', () => {
    const slot = at('2026-12-03', '10:00');
    expect(checkInTiming(slot, slot - 31 * MIN, rules).kind).toBe('too_early');
    expect(checkInTiming(slot, slot - 30 * MIN, rules)).toEqual({ kind: 'on_time' });
    expect(checkInTiming(slot, slot + 15 * MIN, rules)).toEqual({ kind: 'on_time' });
    expect(checkInTiming(slot, slot + 16 * MIN, rules)).toEqual({ kind: 'late', lateMinutes: 16 });
  });
});

describe('whom to call next', () => {
  const now = at('2026-12-03', '10:00');
  const t = (
    id: number,
    kind: WaitingTicket['kind'],
    dueHhmm: string,
    arrivedHhmm: string,
    serviceId = 10,
    redirectedTo: number | null = null,
  ): WaitingTicket => ({
    id,
    serviceId,
    kind,
    dueAt: at('2026-12-03', dueHhmm),
    arrivedAt: at('2026-12-03', arrivedHhmm),
    redirectedTo,
  });
  const point = { id: 1, serviceIds: new Set([10]) };

  it('takes a client redirected here first, then booked clients at their time, then walk-ins', () => {
    const waiting = [
      t(1, 'walk_in', '09:00', '09:00'),
      t(2, 'booked', '10:00', '09:40'),
      t(3, 'booked', '09:50', '09:45', 10, 1),
    ];
    expect(nextToCall(waiting, point, now, 'booked_first')?.id).toBe(3);
    expect(nextToCall(waiting.slice(0, 2), point, now, 'booked_first')?.id).toBe(2);
    expect(nextToCall(waiting.slice(0, 2), point, now, 'by_time')?.id).toBe(1);
  });
  it('does not call a booked client long before their time while a walk-in waits', () => {
    const waiting = [t(1, 'walk_in', '09:55', '09:55'), t(2, 'booked', '10:30', '09:50')];
    expect(nextToCall(waiting, point, now, 'booked_first')?.id).toBe(1);
    expect(nextToCall([waiting[1]], point, now, 'booked_first')?.id).toBe(2);
  });
  it('never calls a ticket of a service the point does not give, nor one sent to another point', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.integer({ min: 1, max: 1000 }),
            serviceId: fc.constantFrom(10, 11),
            kind: fc.constantFrom('booked' as const, 'walk_in' as const),
            dueAt: fc.integer({ min: now - 3_600_000, max: now + 3_600_000 }),
            arrivedAt: fc.integer({ min: now - 3_600_000, max: now }),
            redirectedTo: fc.constantFrom(null, 1, 2),
          }),
          { maxLength: 20 },
        ),
        fc.constantFrom('booked_first' as const, 'by_time' as const),
        (waiting, rule) => {
          const next = nextToCall(waiting, point, now, rule);
          if (!next) {
            expect(waiting.some((w) => w.redirectedTo === 1 || (w.redirectedTo === null && w.serviceId === 10))).toBe(
              false,
            );
            return;
          }
          expect(next.redirectedTo === 1 || (next.redirectedTo === null && next.serviceId === 10)).toBe(true);
          if (waiting.some((w) => w.redirectedTo === 1)) expect(next.redirectedTo).toBe(1);
        },
      ),
    );
  });
});

describe('booking codes', () => {
  it('are 8 characters of the alphabet', () => {
    const code = bookingCode(new Uint8Array([0, 1, 2, 30, 31, 200, 254, 255]));
    expect(code).toMatch(/^[2-9A-HJ-KMNP-Z]{8}$/);
  });
});
