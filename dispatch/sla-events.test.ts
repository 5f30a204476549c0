import { describe, expect, it } from 'vitest';
import { ALWAYS } from './calendar.ts';
import { computeClocks, defaultSlaPolicy } from './sla.ts';
import { type AppealEventForClocks, clockEventsFrom } from './sla-events.ts';

const t0 = new Date('2026-03-02T09:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const ev = (
  type: string,
  from: AppealEventForClocks['fromStatus'],
  to: AppealEventForClocks['toStatus'],
  minutes: number,
  organisationId: number | null = null,
): AppealEventForClocks => ({
  type,
  fromStatus: from,
  toStatus: to,
  organisationId,
  at: at(minutes),
});

describe('clock events from the appeal history', () => {
  it('maps the lifecycle’s events and ignores the rest', () => {
    const events = clockEventsFrom([
      ev('created', null, 'new', 0),
      ev('assigned', 'new', 'assigned', 1, 10),
      ev('comment', 'assigned', 'assigned', 2),
      ev('accepted', 'assigned', 'accepted', 3),
      ev('info_requested', 'accepted', 'needs_info', 4),
      ev('info_provided', 'needs_info', 'accepted', 10),
      ev('resolved', 'accepted', 'resolved', 20),
      ev('reopened', 'resolved', 'reopened', 30),
      ev('closed', 'reopened', 'closed', 40),
    ]);
    expect(events.map((e) => e.type)).toEqual([
      'assigned',
      'accepted',
      'paused',
      'resumed',
      'resolved',
      'reopened',
      'closed',
    ]);
  });

  it('resumes a paused clock when the appeal leaves needs_info by reassignment', () => {
    const events = clockEventsFrom([
      ev('assigned', 'new', 'assigned', 0, 10),
      ev('info_requested', 'assigned', 'needs_info', 5),
      ev('reassigned', 'needs_info', 'assigned', 15, 11),
    ]);
    expect(events.map((e) => e.type)).toEqual(['assigned', 'paused', 'resumed', 'reassigned']);
  });

  it('feeds computeClocks: an emergency not accepted in 30 minutes is breached, paused time not counted', () => {
    const policy = { ...defaultSlaPolicy('emergency'), categoryId: null };
    const history = [
      ev('assigned', 'new', 'assigned', 0, 10),
      ev('info_requested', 'assigned', 'needs_info', 10),
      ev('info_provided', 'needs_info', 'assigned', 30),
    ];
    const clocks = computeClocks(policy, clockEventsFrom(history), at(45));
    expect(clocks.response.elapsedMillis).toBe(25 * 60_000);
    expect(clocks.response.breached).toBe(false);
    expect(computeClocks(policy, clockEventsFrom(history), at(51)).response.breached).toBe(true);
    expect(policy.accept.calendar).toEqual(ALWAYS);
  });
});
