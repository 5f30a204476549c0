import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultLadder } from './escalation.ts';
import {
  areaProblems,
  dueOutageSteps,
  isSimpleRing,
  linksAppeal,
  newEndProblems,
  nextOutageStepAt,
  outagePhase,
  outageSteps,
  periodProblems,
  pointInRing,
  type Ring,
} from './outages.ts';

const now = new Date('2026-06-01T09:00:00Z');
const at = (h: number) => new Date(now.getTime() + h * 3_600_000);
const square = (lon: number, lat: number, half: number): Ring => [
  [lon - half, lat - half],
  [lon + half, lat - half],
  [lon + half, lat + half],
  [lon - half, lat + half],
  [lon - half, lat - half],
];
const city = square(49.12, 55.79, 0.1);

describe('an outage period', () => {
  it('is sane when it ends after it starts, within a month', () => {
    expect(periodProblems({ kind: 'planned', startsAt: at(24), expectedEndAt: at(32) }, now)).toEqual([]);
  });

  it('is refused when the end comes before (or at) the start', () => {
    const problems = periodProblems({ kind: 'planned', startsAt: at(10), expectedEndAt: at(9) }, now);
    expect(problems.map((p) => p.field)).toContain('expectedEndAt');
    expect(problems[0].reason).toEqual({ id: 'outage.end_before_start' });
    expect(periodProblems({ kind: 'planned', startsAt: at(10), expectedEndAt: at(10) }, now)).toHaveLength(1);
  });

  it('is refused when shorter than 15 minutes or longer than 31 days', () => {
    expect(periodProblems({ kind: 'planned', startsAt: at(1), expectedEndAt: at(1.2) }, now)[0].reason).toEqual({
      id: 'outage.too_short',
    });
    expect(periodProblems({ kind: 'planned', startsAt: at(1), expectedEndAt: at(1 + 32 * 24) }, now)[0].reason).toEqual(
      {
        id: 'outage.too_long',
      },
    );
  });

  it('lets an emergency begin in the past but not a planned outage', () => {
    expect(periodProblems({ kind: 'emergency', startsAt: at(-5), expectedEndAt: at(3) }, now)).toEqual([]);
    expect(
      periodProblems({ kind: 'planned', startsAt: at(-5), expectedEndAt: at(3) }, now).map((p) => p.field),
    ).toEqual(['startsAt']);
    expect(
      periodProblems({ kind: 'emergency', startsAt: at(-8 * 24), expectedEndAt: at(3) }, now).map((p) => p.field),
    ).toEqual(['startsAt']);
  });

  it('is refused when it is already over', () => {
    expect(
      periodProblems({ kind: 'emergency', startsAt: at(-5), expectedEndAt: at(-1) }, now).map((p) => p.field),
    ).toEqual(['expectedEndAt']);
  });

  it('may be extended only to an end still ahead', () => {
    expect(newEndProblems({ startsAt: at(-5), expectedEndAt: at(2) }, now)).toEqual([]);
    expect(newEndProblems({ startsAt: at(-5), expectedEndAt: at(-1) }, now)[0].reason).toEqual({
      id: 'outage.end_passed_restore',
    });
  });

  it('property: a period with end ≤ start is always refused on the end', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100, max: 100 }), fc.integer({ min: 0, max: 1000 }), (startH, backMinutes) => {
        const startsAt = at(startH);
        const expectedEndAt = new Date(startsAt.getTime() - backMinutes * 60_000);
        return periodProblems({ kind: 'emergency', startsAt, expectedEndAt }, now).some(
          (p) => p.field === 'expectedEndAt',
        );
      }),
    );
  });
});

describe('a drawn outage area', () => {
  it('is accepted inside the city', () => {
    expect(areaProblems(square(49.12, 55.79, 0.01), city)).toEqual([]);
  });

  it('is refused outside the city or crossing its boundary', () => {
    expect(areaProblems(square(48.0, 55.0, 0.01), city)[0].reason).toEqual({ id: 'outage.area_outside' });
    expect(areaProblems(square(49.22, 55.79, 0.01), city)[0].reason).toEqual({ id: 'outage.area_outside' });
  });

  it('is refused when it crosses itself (a bow tie) or has too few corners', () => {
    const bowTie: Ring = [
      [49.1, 55.78],
      [49.12, 55.8],
      [49.12, 55.78],
      [49.1, 55.8],
    ];
    expect(isSimpleRing(bowTie)).toBe(false);
    expect(areaProblems(bowTie, city)[0].reason).toEqual({ id: 'outage.area_crosses' });
    expect(
      areaProblems(
        [
          [49.1, 55.78],
          [49.12, 55.8],
        ],
        city,
      )[0].reason,
    ).toEqual({ id: 'outage.area_too_few' });
  });

  it('is refused around a non-convex city when an edge leaves it though every corner is inside', () => {
    // A U-shaped city: the area joins both arms across the gap.
    const u: Ring = [
      [0, 0],
      [3, 0],
      [3, 3],
      [2, 3],
      [2, 1],
      [1, 1],
      [1, 3],
      [0, 3],
    ];
    expect(
      areaProblems(
        [
          [0.5, 2],
          [2.5, 2],
          [2.5, 2.5],
          [0.5, 2.5],
        ],
        u,
      )[0].reason,
    ).toEqual({ id: 'outage.area_outside' });
    expect(
      areaProblems(
        [
          [0.2, 0.2],
          [2.8, 0.2],
          [2.8, 0.8],
          [0.2, 0.8],
        ],
        u,
      ),
    ).toEqual([]);
  });

  it('property: a square around a point of the city, small enough, is accepted and contains its centre', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 49.03, max: 49.21, noNaN: true }),
        fc.double({ min: 55.7, max: 55.88, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.005, noNaN: true }),
        (lon, lat, half) => {
          const ring = square(lon, lat, half);
          return areaProblems(ring, city).length === 0 && pointInRing([lon, lat], ring);
        },
      ),
    );
  });

  it('property: a simple ring stays simple and rejected rings never contain a point outside the city', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: 48.9, max: 49.3, noNaN: true }), fc.double({ min: 55.6, max: 56, noNaN: true })),
          { minLength: 3, maxLength: 8 },
        ),
        (pts) => {
          const ring = pts as Ring;
          if (areaProblems(ring, city).length > 0) return true;
          // Accepted: every corner is inside the city.
          return ring.every((p) => pointInRing(p, city));
        },
      ),
    );
  });
});

describe('an outage phase', () => {
  const o = { status: 'active' as const, startsAt: at(1), expectedEndAt: at(5) };
  it('is upcoming, ongoing, overdue, then restored or cancelled', () => {
    expect(outagePhase(o, now)).toBe('upcoming');
    expect(outagePhase(o, at(2))).toBe('ongoing');
    expect(outagePhase(o, at(5))).toBe('overdue');
    expect(outagePhase({ ...o, status: 'restored' }, at(2))).toBe('restored');
    expect(outagePhase({ ...o, status: 'cancelled' }, at(2))).toBe('cancelled');
  });
});

describe('linking an appeal to an outage', () => {
  const outage = { status: 'active' as const, service: 'hot_water' as const, startsAt: at(-1), buildingIds: [7, 8] };
  it('links an appeal of the same service in an affected building once the outage has begun', () => {
    expect(linksAppeal(outage, { utility: 'hot_water', buildingId: 7 }, now)).toBe(true);
  });
  it('does not link another service, another building, a non-utility category, or before the start', () => {
    expect(linksAppeal(outage, { utility: 'cold_water', buildingId: 7 }, now)).toBe(false);
    expect(linksAppeal(outage, { utility: 'hot_water', buildingId: 9 }, now)).toBe(false);
    expect(linksAppeal(outage, { utility: null, buildingId: 7 }, now)).toBe(false);
    expect(linksAppeal({ ...outage, startsAt: at(1) }, { utility: 'hot_water', buildingId: 7 }, now)).toBe(false);
    expect(linksAppeal({ ...outage, status: 'restored' }, { utility: 'hot_water', buildingId: 7 }, now)).toBe(false);
  });
});

describe('outage escalation', () => {
  it('follows the ladder from its 100 % step: supervisors and dispatchers at the end, city hall one allowance later', () => {
    const steps = outageSteps(defaultLadder, { startsAt: at(0), expectedEndAt: at(4) });
    expect(steps.map((s) => [s.level, s.at.toISOString(), s.actions])).toEqual([
      [1, at(4).toISOString(), ['overdue_queue', 'warn_supervisor']],
      [2, at(8).toISOString(), ['notify_city_hall']],
    ]);
  });

  it('clamps the allowance to at least an hour and at most a day', () => {
    expect(outageSteps(defaultLadder, { startsAt: at(0), expectedEndAt: at(0.25) })[1].at).toEqual(at(1.25));
    expect(outageSteps(defaultLadder, { startsAt: at(0), expectedEndAt: at(100) })[1].at).toEqual(at(124));
  });

  it('performs each step once: due above the level done, then the next one armed', () => {
    const steps = outageSteps(defaultLadder, { startsAt: at(0), expectedEndAt: at(4) });
    expect(dueOutageSteps(steps, 0, at(3))).toEqual([]);
    expect(nextOutageStepAt(steps, 0)).toEqual(at(4));
    expect(dueOutageSteps(steps, 0, at(9)).map((s) => s.level)).toEqual([1, 2]);
    expect(dueOutageSteps(steps, 1, at(5))).toEqual([]);
    expect(nextOutageStepAt(steps, 1)).toEqual(at(8));
    expect(nextOutageStepAt(steps, 2)).toBeNull();
  });

  it('property: steps are in time order and levels count from one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 15, max: 31 * 24 * 60 }), (minutes) => {
        const steps = outageSteps(defaultLadder, {
          startsAt: at(0),
          expectedEndAt: new Date(now.getTime() + minutes * 60_000),
        });
        return steps.every((s, i) => s.level === i + 1 && (i === 0 || steps[i - 1].at <= s.at));
      }),
    );
  });
});
