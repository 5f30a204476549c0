import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALWAYS, workingMillisBetween } from './calendar.ts';
import { allowedMillis, type ClockEvent, clockTimers, computeClocks, defaultSlaPolicy, type SlaPolicy } from './sla.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const msk = (local: string) => new Date(`${local}+03:00`);

const normal = defaultSlaPolicy('normal');
const emergency = defaultSlaPolicy('emergency');
const high = defaultSlaPolicy('high');

describe('SLA policies', () => {
  it('has the city defaults, a working day being the 9 hours of 08:00–17:00', () => {
    expect(allowedMillis(emergency.accept)).toBe(30 * MINUTE);
    expect(allowedMillis(emergency.resolve)).toBe(24 * HOUR);
    expect(emergency.resolve.calendar).toEqual(ALWAYS);
    expect(allowedMillis(high.accept)).toBe(2 * HOUR);
    expect(allowedMillis(high.resolve)).toBe(9 * HOUR);
    expect(allowedMillis(normal.accept)).toBe(9 * HOUR);
    expect(allowedMillis(normal.resolve)).toBe(27 * HOUR);
    expect(allowedMillis(defaultSlaPolicy('low').resolve)).toBe(72 * HOUR);
  });
});

describe('SLA clocks', () => {
  it('an emergency appeal breaches after 30 minutes of no acceptance', () => {
    const events: ClockEvent[] = [{ type: 'assigned', at: msk('2026-01-01T03:00:00'), organisationId: 7 }];
    const before = computeClocks(emergency, events, msk('2026-01-01T03:29:00'));
    expect(before.response).toMatchObject({
      breached: false,
      remainingMillis: MINUTE,
      dueAt: msk('2026-01-01T03:30:00'),
    });
    const after = computeClocks(emergency, events, msk('2026-01-01T03:31:00'));
    expect(after.response).toMatchObject({
      breached: true,
      breachedAt: msk('2026-01-01T03:30:00'),
      remainingMillis: -MINUTE,
    });
  });

  it('a normal appeal assigned on Friday 16:30 must be accepted by Monday 16:30', () => {
    const events: ClockEvent[] = [{ type: 'assigned', at: msk('2026-11-20T16:30:00'), organisationId: 7 }];
    const saturday = computeClocks(normal, events, msk('2026-11-21T12:00:00'));
    expect(saturday.response).toMatchObject({
      dueAt: msk('2026-11-23T16:30:00'),
      elapsedMillis: 30 * MINUTE,
      breached: false,
    });
    const accepted = computeClocks(
      normal,
      [...events, { type: 'accepted', at: msk('2026-11-23T10:00:00') }],
      msk('2026-11-25T12:00:00'),
    );
    expect(accepted.response).toMatchObject({ stopped: true, breached: false, elapsedMillis: 30 * MINUTE + 2 * HOUR });
    // The resolution clock runs on: 3 working days from Friday 16:30 is Wednesday 16:30.
    expect(accepted.resolution).toMatchObject({ stopped: false, dueAt: msk('2026-11-25T16:30:00'), breached: false });
  });

  it('a deadline running out at the end of the working day is breached once the evening begins', () => {
    const events: ClockEvent[] = [{ type: 'assigned', at: msk('2026-11-23T08:00:00'), organisationId: 7 }];
    const evening = computeClocks(normal, events, msk('2026-11-23T17:00:01'));
    expect(evening.response).toMatchObject({
      dueAt: msk('2026-11-23T17:00:00'),
      breached: true,
      breachedAt: msk('2026-11-23T17:00:00'),
    });
  });

  it('does not count the time waiting for the resident (needs_info)', () => {
    const events: ClockEvent[] = [
      { type: 'assigned', at: msk('2026-11-23T09:00:00'), organisationId: 7 },
      { type: 'accepted', at: msk('2026-11-23T09:30:00') },
      { type: 'paused', at: msk('2026-11-23T10:00:00') },
      { type: 'resumed', at: msk('2026-11-24T10:00:00') },
    ];
    const paused = computeClocks(normal, events.slice(0, 3), msk('2026-11-23T15:00:00'));
    expect(paused.resolution).toMatchObject({ paused: true, elapsedMillis: HOUR, pausedMillis: 5 * HOUR, dueAt: null });
    expect(clockTimers(paused.resolution, normal.resolve.calendar)).toEqual([]);
    const resumed = computeClocks(normal, events, msk('2026-11-24T11:00:00'));
    expect(resumed.resolution).toMatchObject({ paused: false, elapsedMillis: 2 * HOUR, pausedMillis: 24 * HOUR });
    // 27 h allowed, 1 h used before the pause: 26 h from Tuesday 10:00 is Friday 09:00.
    expect(resumed.resolution.dueAt).toEqual(msk('2026-11-27T09:00:00'));
  });

  it('restarts the resolution clock with a fresh allowance when the resident disputes the fix', () => {
    const events: ClockEvent[] = [
      { type: 'assigned', at: msk('2026-11-02T09:00:00'), organisationId: 7 },
      { type: 'accepted', at: msk('2026-11-02T10:00:00') },
      { type: 'resolved', at: msk('2026-11-10T12:00:00') },
      { type: 'reopened', at: msk('2026-11-12T12:00:00') },
    ];
    const resolved = computeClocks(normal, events.slice(0, 3), msk('2026-11-11T12:00:00'));
    expect(resolved.resolution).toMatchObject({ stopped: true, breached: true, cycle: 0 });
    const reopened = computeClocks(normal, events, msk('2026-11-12T13:00:00'));
    expect(reopened.reopenCount).toBe(1);
    expect(reopened.resolution).toMatchObject({
      stopped: false,
      breached: false,
      cycle: 1,
      startedAt: msk('2026-11-12T12:00:00'),
      elapsedMillis: HOUR,
      // Thu 12:00 + 27 working hours: 5 h Thu, 9 h Fri, 9 h Mon, 4 h Tue → Tue 17 Nov 12:00.
      dueAt: msk('2026-11-17T12:00:00'),
    });
    expect(reopened.response).toMatchObject({ stopped: true, breached: false });
  });

  it('keeps the city clock running across reassignment and counts each organisation its own time', () => {
    const events: ClockEvent[] = [
      { type: 'assigned', at: msk('2026-11-23T09:00:00'), organisationId: 7 },
      { type: 'reassigned', at: msk('2026-11-23T12:00:00'), organisationId: 8 },
      { type: 'unassigned', at: msk('2026-11-23T13:00:00') },
      { type: 'assigned', at: msk('2026-11-23T14:00:00'), organisationId: 7 },
    ];
    const clocks = computeClocks(high, events, msk('2026-11-23T16:00:00'));
    expect(clocks.organisationId).toBe(7);
    expect(clocks.response).toMatchObject({
      startedAt: msk('2026-11-23T09:00:00'),
      elapsedMillis: 7 * HOUR,
      breached: true,
      breachedAt: msk('2026-11-23T11:00:00'),
    });
    expect(clocks.byOrganisation).toEqual([
      { organisationId: 7, elapsedMillis: 5 * HOUR },
      { organisationId: 8, elapsedMillis: HOUR },
    ]);
    // The organisation's own clock starts when it last received the appeal, not at the city's start.
    expect(clocks.organisationSince).toEqual(msk('2026-11-23T14:00:00'));
    expect(computeClocks(high, events.slice(0, 2), msk('2026-11-23T16:00:00')).organisationSince).toEqual(
      msk('2026-11-23T12:00:00'),
    );
    expect(computeClocks(high, events.slice(0, 3), msk('2026-11-23T16:00:00')).organisationSince).toBeNull();
  });

  it('does not count work on a holiday and pushes the deadline past it', () => {
    // High priority, 2 h to accept, assigned at 16:00 on 30 Dec 2025: due 12 Jan 2026 09:00.
    const events: ClockEvent[] = [{ type: 'assigned', at: msk('2025-12-30T16:00:00'), organisationId: 7 }];
    const clocks = computeClocks(high, events, msk('2026-01-05T12:00:00'));
    expect(clocks.response).toMatchObject({ elapsedMillis: HOUR, breached: false, dueAt: msk('2026-01-12T09:00:00') });
  });

  it('arms timers at 50, 75, 100 and 200 percent of the allowance', () => {
    const events: ClockEvent[] = [{ type: 'assigned', at: msk('2026-11-20T16:30:00'), organisationId: 7 }];
    const clocks = computeClocks(normal, events, msk('2026-11-20T16:45:00'));
    expect(clockTimers(clocks.response, normal.accept.calendar)).toEqual([
      // 4.5 h: 30 min Friday, 4 h Monday from 08:00.
      { step: 50, at: msk('2026-11-23T12:00:00') },
      { step: 75, at: msk('2026-11-23T14:15:00') },
      { step: 100, at: msk('2026-11-23T16:30:00') },
      { step: 200, at: msk('2026-11-24T16:30:00') },
    ]);
    // After a pause past the 50 % mark only the later steps are armed again.
    const later = computeClocks(
      normal,
      [
        ...events,
        { type: 'paused', at: msk('2026-11-23T13:00:00') },
        { type: 'resumed', at: msk('2026-11-24T08:00:00') },
      ],
      msk('2026-11-24T08:00:00'),
    );
    expect(clockTimers(later.response, normal.accept.calendar).map((t) => t.step)).toEqual([75, 100, 200]);
    expect(clockTimers(later.response, normal.accept.calendar)[0].at).toEqual(msk('2026-11-24T09:15:00'));
  });

  it('ignores events after now and rejects events out of order', () => {
    const events: ClockEvent[] = [
      { type: 'assigned', at: msk('2026-11-23T09:00:00'), organisationId: 7 },
      { type: 'accepted', at: msk('2026-11-23T12:00:00') },
    ];
    expect(computeClocks(normal, events, msk('2026-11-23T10:00:00')).response.stopped).toBe(false);
    expect(() => computeClocks(normal, [...events].reverse(), msk('2026-11-24T10:00:00'))).toThrow(/order/);
  });
});

// Property tests: random event histories on random policies.
const START = Date.UTC(2025, 11, 1);
const policies = fc.constantFrom<SlaPolicy>(emergency, high, normal, defaultSlaPolicy('low'));
const eventKinds = fc.constantFrom(
  'assigned',
  'reassigned',
  'unassigned',
  'accepted',
  'paused',
  'resumed',
  'resolved',
  'reopened',
  'closed',
) satisfies fc.Arbitrary<ClockEvent['type']>;
const histories = (kinds: fc.Arbitrary<ClockEvent['type']>) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: 3 * 24 * 60 }), kinds, fc.integer({ min: 1, max: 3 })), { maxLength: 12 })
    .map((steps) => {
      let t = START;
      const events: ClockEvent[] = [];
      for (const [gapMinutes, type, organisationId] of steps) {
        t += gapMinutes * MINUTE;
        const at = new Date(t);
        events.push(
          type === 'assigned' || type === 'reassigned' ? { type, at, organisationId } : ({ type, at } as ClockEvent),
        );
      }
      return events;
    });
const offsets = fc.integer({ min: 0, max: 40 * 24 * 60 }).map((m) => m * MINUTE);

/** Wall-clock time the appeal spent in needs_info between two instants. */
function pausedWallClock(events: readonly ClockEvent[], from: number, to: number): number {
  let paused = 0;
  let since: number | null = null;
  for (const e of events) {
    const at = Math.min(Math.max(e.at.getTime(), from), to);
    if (e.type === 'paused' && since === null) since = at;
    if ((e.type === 'resumed' || e.type === 'reopened') && since !== null) {
      paused += at - since;
      since = null;
    }
  }
  return paused + (since !== null ? to - since : 0);
}

describe('SLA clock properties', () => {
  it('elapsed time never decreases as now grows', () => {
    // Without reopen, which starts a new resolution cycle on purpose.
    const kinds = eventKinds.filter((k) => k !== 'reopened');
    fc.assert(
      fc.property(policies, histories(kinds), offsets, offsets, (policy, events, x, y) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        const a = computeClocks(policy, events, new Date(START + early));
        const b = computeClocks(policy, events, new Date(START + late));
        expect(b.response.elapsedMillis).toBeGreaterThanOrEqual(a.response.elapsedMillis);
        expect(b.resolution.elapsedMillis).toBeGreaterThanOrEqual(a.resolution.elapsedMillis);
        if (a.response.breached) expect(b.response.breachedAt).toEqual(a.response.breachedAt);
      }),
    );
  });

  it('per-organisation time and the response clock never decrease, reopen or not', () => {
    fc.assert(
      fc.property(policies, histories(eventKinds), offsets, offsets, (policy, events, x, y) => {
        const [early, late] = x <= y ? [x, y] : [y, x];
        const a = computeClocks(policy, events, new Date(START + early));
        const b = computeClocks(policy, events, new Date(START + late));
        expect(b.response.elapsedMillis).toBeGreaterThanOrEqual(a.response.elapsedMillis);
        for (const { organisationId, elapsedMillis } of a.byOrganisation) {
          expect(
            b.byOrganisation.find((o) => o.organisationId === organisationId)?.elapsedMillis,
          ).toBeGreaterThanOrEqual(elapsedMillis);
        }
      }),
    );
  });

  it('never counts paused spans or non-working time', () => {
    fc.assert(
      fc.property(policies, histories(eventKinds), offsets, (policy, events, offset) => {
        const now = START + offset;
        const clocks = computeClocks(policy, events, new Date(now));
        for (const [clock, calendar] of [
          [clocks.response, policy.accept.calendar],
          [clocks.resolution, policy.resolve.calendar],
        ] as const) {
          if (clock.startedAt === null) continue;
          const from = clock.startedAt.getTime();
          const to = clock.stoppedAt?.getTime() ?? now;
          const wall = Math.max(0, to - from);
          expect(clock.elapsedMillis).toBeLessThanOrEqual(wall - clock.pausedMillis);
          expect(clock.elapsedMillis).toBeLessThanOrEqual(
            workingMillisBetween(calendar, clock.startedAt, new Date(to)),
          );
          expect(clock.pausedMillis).toBe(pausedWallClock(events, from, to));
        }
      }),
    );
  });

  it('counts exactly the wall-clock time on 24x7 with no pauses', () => {
    const kinds = fc.constantFrom('assigned', 'reassigned', 'unassigned') satisfies fc.Arbitrary<ClockEvent['type']>;
    fc.assert(
      fc.property(histories(kinds), offsets, (events, offset) => {
        const now = START + offset;
        const clocks = computeClocks(emergency, events, new Date(now));
        const started = events.find((e) => e.at.getTime() <= now && e.type !== 'unassigned');
        const expected = started ? now - started.at.getTime() : 0;
        expect(clocks.resolution.elapsedMillis).toBe(expected);
        expect(clocks.byOrganisation.reduce((sum, o) => sum + o.elapsedMillis, 0)).toBeLessThanOrEqual(expected);
      }),
    );
  });

  it('elapsed plus remaining is always the allowance', () => {
    fc.assert(
      fc.property(policies, histories(eventKinds), offsets, (policy, events, offset) => {
        const clocks = computeClocks(policy, events, new Date(START + offset));
        expect(clocks.response.elapsedMillis + clocks.response.remainingMillis).toBe(clocks.response.allowedMillis);
        expect(clocks.resolution.elapsedMillis + clocks.resolution.remainingMillis).toBe(
          clocks.resolution.allowedMillis,
        );
      }),
    );
  });
});
