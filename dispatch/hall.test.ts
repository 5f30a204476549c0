import { describe, expect, it } from 'vitest';
import type { OfficeCalendar, PointSchedule } from './appointments.ts';
import { localInstant } from './calendar.ts';
import {
  expectedWaitMinutes,
  hallDayOver,
  openPointsAt,
  type QueueEventSnapshot,
  queueMessageOf,
  queueTopicsOf,
} from './hall.ts';
import { authorizeTopic, parseTopic, topicName } from './live.ts';

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
const morning = [{ start: '09:00', end: '12:00' }];
const points: PointSchedule[] = [
  { id: 1, week: null, services: [{ serviceId: 7, slotMinutes: 15 }] },
  { id: 2, week: { wed: morning }, services: [{ serviceId: 8, slotMinutes: 30 }] },
];
const WED = '2026-12-09';
const at = (hhmm: string, date = WED) => localInstant('Europe/Moscow', date, hhmm);

describe('the hall: waits, open points and the end of an office’s day', () => {
  it('expects a wait of one slot per client ahead, shared by the points that give the service', () => {
    expect(expectedWaitMinutes(0, [15])).toBe(0);
    expect(expectedWaitMinutes(3, [15])).toBe(45);
    expect(expectedWaitMinutes(3, [15, 15])).toBe(23);
    expect(expectedWaitMinutes(1, [15, 30])).toBe(12);
    expect(expectedWaitMinutes(2, [])).toBe(30);
  });

  it('takes walk-ins only at points open at the moment (lunch, a point’s own shorter hours)', () => {
    expect(openPointsAt(calendar, points, [], WED, at('10:00')).map((p) => p.id)).toEqual([1, 2]);
    expect(openPointsAt(calendar, points, [], WED, at('13:30')).map((p) => p.id)).toEqual([]);
    expect(openPointsAt(calendar, points, [], WED, at('15:00')).map((p) => p.id)).toEqual([1]);
    // A day the office is closed by an exception.
    expect(openPointsAt(calendar, points, [{ date: WED, pointId: null, hours: null }], WED, at('10:00'))).toEqual([]);
  });

  it('ends the hall’s day when every point’s last interval has ended, and a past day always', () => {
    expect(hallDayOver(calendar, points, [], WED, WED, at('17:59'))).toBe(false);
    expect(hallDayOver(calendar, points, [], WED, WED, at('18:00'))).toBe(true);
    expect(hallDayOver(calendar, points, [], '2026-12-08', WED, at('09:00'))).toBe(true);
    expect(hallDayOver(calendar, points, [], '2026-12-10', WED, at('20:00'))).toBe(false);
  });
});

describe('the hall live: topics and messages', () => {
  const event: QueueEventSnapshot = {
    id: 41,
    officeId: 3,
    step: 'call',
    fromStatus: 'waiting',
    toStatus: 'called',
    at: new Date('2026-12-09T07:00:00Z'),
    ticket: {
      id: 9,
      number: 'А-017',
      serviceId: 7,
      status: 'called',
      kind: 'booked',
      pointId: 2,
      pointLabel: 'окно 3',
      version: 2,
    },
    waiting: [{ serviceId: 7, count: 4 }],
  };

  it('sends a ticket’s step to the office’s hall and consoles, with the number, the window and the counts only', () => {
    expect(queueTopicsOf(event)).toEqual(['hall:3', 'office:3']);
    expect(queueTopicsOf({ ...event, ticket: null })).toEqual([]);
    expect(queueMessageOf(event)).toEqual({
      type: 'event',
      seq: 41,
      kind: 'hall.changed',
      event: { step: 'call', fromStatus: 'waiting', toStatus: 'called', at: '2026-12-09T07:00:00.000Z' },
      ticket: {
        id: 9,
        number: 'А-017',
        serviceId: 7,
        status: 'called',
        kind: 'booked',
        pointId: 2,
        pointLabel: 'окно 3',
        version: 2,
      },
      waiting: [{ serviceId: 7, count: 4 }],
    });
  });

  it('parses the topics, lets anyone follow a hall and only the office’s staff its consoles', () => {
    const hall = parseTopic('hall:3')!;
    const office = parseTopic('office:3')!;
    expect(topicName(hall)).toBe('hall:3');
    expect(topicName(office)).toBe('office:3');
    expect(parseTopic('hall:x')).toBeNull();
    const facts = { kind: 'office' as const, municipalityId: 1, organisationId: 5 };
    const staff = { userId: 1, role: 'org_staff' as const, municipalityId: 1, organisationId: 5 };
    const stranger = { ...staff, organisationId: 6 };
    const resident = { userId: 2, role: 'resident' as const, municipalityId: 1, organisationId: null };
    expect(authorizeTopic(null, hall, facts)).toMatchObject({ ok: true });
    expect(authorizeTopic(null, office, facts)).toEqual({ ok: false, status: 401 });
    expect(authorizeTopic(resident, office, facts)).toEqual({ ok: false, status: 403 });
    expect(authorizeTopic(stranger, office, facts)).toEqual({ ok: false, status: 403 });
    expect(authorizeTopic(staff, office, facts)).toMatchObject({ ok: true });
    expect(authorizeTopic(staff, office, null)).toEqual({ ok: false, status: 404 });
  });
});
