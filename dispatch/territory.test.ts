import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Point, Ring } from './geo.ts';
import {
  type Area,
  inTerritory,
  type Territory,
  territoryBox,
  territoryCentre,
  territoryProblems,
  whereInArea,
  whereInRing,
  whereInTerritory,
} from './territory.ts';

/*
 * Who may take part in a discussion is decided by where their building stands on its territory,
 * so the point-in-polygon rule is held to properties on exact integer coordinates (where the
 * answer is known without floating-point doubt): rectangles and triangles against their analytic
 * answer, holes subtracted, the border (an outer edge or a hole's) counted in, and the answer
 * unchanged by where a ring starts, which way it turns, or where it lies.
 */

const rect = (x0: number, y0: number, x1: number, y1: number): Ring => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

/** An axis-aligned rectangle of integers, at least 2 wide and high (so that it has an inside). */
const rectangle = fc
  .record({ x: fc.integer({ min: -50, max: 50 }), y: fc.integer({ min: -50, max: 50 }) })
  .chain(({ x, y }) =>
    fc
      .record({ w: fc.integer({ min: 2, max: 40 }), h: fc.integer({ min: 2, max: 40 }) })
      .map(({ w, h }) => ({ x0: x, y0: y, x1: x + w, y1: y + h })),
  );
const integerPoint = fc.tuple(
  fc.integer({ min: -100, max: 100 }),
  fc.integer({ min: -100, max: 100 }),
) as fc.Arbitrary<Point>;

function rectAnswer(p: Point, r: { x0: number; y0: number; x1: number; y1: number }) {
  const [x, y] = p;
  if (x < r.x0 || x > r.x1 || y < r.y0 || y > r.y1) return 'outside';
  if (x === r.x0 || x === r.x1 || y === r.y0 || y === r.y1) return 'border';
  return 'inside';
}

const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** A triangle's answer from the signs of three exact cross products. */
function triangleAnswer(p: Point, [a, b, c]: Ring) {
  const s = [cross(a, b, p), cross(b, c, p), cross(c, a, p)].map(Math.sign);
  const turn = Math.sign(cross(a, b, c));
  if (s.some((x) => x === -turn)) return 'outside';
  return s.includes(0) ? 'border' : 'inside';
}

const rotate = (r: Ring, k: number) => [...r.slice(k % r.length), ...r.slice(0, k % r.length)];

describe('where a point stands in a ring', () => {
  it('matches the analytic answer for rectangles, border included', () => {
    fc.assert(
      fc.property(rectangle, integerPoint, (r, p) => {
        expect(whereInRing(p, rect(r.x0, r.y0, r.x1, r.y1))).toBe(rectAnswer(p, r));
      }),
      { numRuns: 2000 },
    );
  });

  it('matches the cross-product answer for any non-degenerate triangle', () => {
    const triangle = fc
      .tuple(integerPoint, integerPoint, integerPoint)
      .filter(([a, b, c]) => cross(a, b, c) !== 0) as fc.Arbitrary<Ring>;
    fc.assert(
      fc.property(triangle, integerPoint, (t, p) => {
        expect(whereInRing(p, t)).toBe(triangleAnswer(p, t));
      }),
      { numRuns: 3000 },
    );
  });

  it('does not depend on the first corner, the direction, a repeated closing corner or a translation', () => {
    const triangle = fc
      .tuple(integerPoint, integerPoint, integerPoint)
      .filter(([a, b, c]) => cross(a, b, c) !== 0) as fc.Arbitrary<Ring>;
    fc.assert(
      fc.property(
        triangle,
        integerPoint,
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: -20, max: 20 }),
        (t, p, k, d) => {
          const expected = whereInRing(p, t);
          expect(whereInRing(p, rotate(t, k))).toBe(expected);
          expect(whereInRing(p, [...t].reverse())).toBe(expected);
          expect(whereInRing(p, [...t, t[0]])).toBe(expected);
          const moved = t.map(([x, y]) => [x + d, y - d] as Point);
          expect(whereInRing([p[0] + d, p[1] - d], moved)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('counts every corner and every point of an edge as the border of a concave ring', () => {
    // An L: the notch's corner (2,2) and edges are border, the notch itself outside.
    const l: Ring = [
      [0, 0],
      [4, 0],
      [4, 2],
      [2, 2],
      [2, 4],
      [0, 4],
    ];
    for (const corner of l) expect(whereInRing(corner, l)).toBe('border');
    expect(whereInRing([3, 2], l)).toBe('border');
    expect(whereInRing([2, 3], l)).toBe('border');
    expect(whereInRing([3, 3], l)).toBe('outside');
    expect(whereInRing([1, 3], l)).toBe('inside');
    expect(whereInRing([3, 1], l)).toBe('inside');
    // A ray from (1,2) passes exactly through the corner (2,2) and along an edge: still inside.
    expect(whereInRing([1, 2], l)).toBe('inside');
  });
});

describe('an area with holes', () => {
  /** An outer rectangle with a hole rectangle strictly inside it. */
  const withHole = rectangle
    .filter((r) => r.x1 - r.x0 >= 6 && r.y1 - r.y0 >= 6)
    .chain((outer) =>
      fc
        .record({
          hx: fc.integer({ min: outer.x0 + 1, max: outer.x1 - 3 }),
          hy: fc.integer({ min: outer.y0 + 1, max: outer.y1 - 3 }),
        })
        .chain(({ hx, hy }) =>
          fc
            .record({
              hw: fc.integer({ min: 1, max: outer.x1 - 1 - hx }),
              hh: fc.integer({ min: 1, max: outer.y1 - 1 - hy }),
            })
            .map(({ hw, hh }) => ({ outer, hole: { x0: hx, y0: hy, x1: hx + hw, y1: hy + hh } })),
        ),
    );

  it('is the outer ring less the hole, with the hole’s edge belonging to the area', () => {
    fc.assert(
      fc.property(withHole, integerPoint, ({ outer, hole }, p) => {
        const area: Area = {
          outer: rect(outer.x0, outer.y0, outer.x1, outer.y1),
          holes: [rect(hole.x0, hole.y0, hole.x1, hole.y1)],
        };
        const o = rectAnswer(p, outer);
        const h = rectAnswer(p, hole);
        const expected =
          o === 'outside' || h === 'inside' ? 'outside' : o === 'border' || h === 'border' ? 'border' : 'inside';
        expect(whereInArea(p, area)).toBe(expected);
        const t: Territory = { areas: [area], plots: [] };
        expect(inTerritory(p, t)).toBe(expected !== 'outside');
      }),
      { numRuns: 3000 },
    );
  });

  it('puts a point in a hole of one area on the territory when another area or a plot covers it', () => {
    const area: Area = { outer: rect(0, 0, 10, 10), holes: [rect(3, 3, 6, 6)] };
    const plot = { cadastralNumber: '16:50:011101:1', ring: rect(4, 4, 5, 5) };
    expect(whereInTerritory([4.5, 4.5] as Point, { areas: [area], plots: [] })).toBe('outside');
    expect(whereInTerritory([4.5, 4.5] as Point, { areas: [area], plots: [plot] })).toBe('inside');
    expect(whereInTerritory([4, 4.5] as Point, { areas: [area], plots: [plot] })).toBe('border');
    expect(whereInTerritory([3.5, 4.5] as Point, { areas: [area], plots: [plot] })).toBe('outside');
  });
});

describe('a territory as the organiser draws it', () => {
  const boundary = rect(0, 0, 100, 100);
  const area = (outer: Ring, holes: Ring[] = []): Territory => ({ areas: [{ outer, holes }], plots: [] });

  it('accepts a simple area with a hole and a plot inside the municipality', () => {
    const t: Territory = {
      areas: [{ outer: rect(10, 10, 30, 30), holes: [rect(15, 15, 20, 20), rect(22, 22, 25, 25)] }],
      plots: [{ cadastralNumber: '16:50:011101:123', ring: rect(40, 40, 45, 45) }],
    };
    expect(territoryProblems(t, boundary)).toEqual([]);
    expect(territoryBox(t)).toEqual([10, 10, 45, 45]);
  });

  it('refuses an outline that crosses itself, naming the field', () => {
    const bowtie: Ring = [
      [10, 10],
      [20, 20],
      [20, 10],
      [10, 20],
    ];
    expect(territoryProblems(area(bowtie), boundary)).toEqual([
      { field: 'territory.areas.0.outer', reason: { id: 'territory.crosses' } },
    ]);
  });

  it('refuses an outline outside the municipality or crossing its boundary', () => {
    expect(territoryProblems(area(rect(-30, -30, -20, -20)), boundary)[0].reason.id).toBe('territory.outside');
    expect(territoryProblems(area(rect(-5, 40, 10, 50)), boundary)[0].reason.id).toBe('territory.outside');
    // Along the boundary is still inside.
    expect(territoryProblems(area(rect(0, 0, 10, 10)), boundary)).toEqual([]);
  });

  it('refuses a hole outside its outline, holes that meet, too few corners, nothing at all and a bad cadastral number', () => {
    expect(territoryProblems(area(rect(10, 10, 30, 30), [rect(25, 25, 35, 35)]), boundary)).toEqual([
      { field: 'territory.areas.0.holes.0', reason: { id: 'territory.hole_outside' } },
    ]);
    expect(
      territoryProblems(area(rect(10, 10, 30, 30), [rect(12, 12, 18, 18), rect(16, 16, 20, 20)]), boundary),
    ).toEqual([{ field: 'territory.areas.0.holes.1', reason: { id: 'territory.holes_meet' } }]);
    expect(
      territoryProblems(area(rect(10, 10, 30, 30), [rect(12, 12, 18, 18), rect(13, 13, 14, 14)]), boundary),
    ).toEqual([{ field: 'territory.areas.0.holes.1', reason: { id: 'territory.holes_meet' } }]);
    expect(
      territoryProblems(
        area([
          [10, 10],
          [20, 20],
        ]),
        boundary,
      )[0].reason.id,
    ).toBe('territory.too_few');
    expect(territoryProblems({ areas: [], plots: [] }, boundary)).toEqual([
      { field: 'territory', reason: { id: 'territory.empty' } },
    ]);
    expect(
      territoryProblems({ areas: [], plots: [{ cadastralNumber: '16-50-1', ring: rect(1, 1, 2, 2) }] }, boundary),
    ).toEqual([{ field: 'territory.plots.0.cadastralNumber', reason: { id: 'territory.cadastral_number' } }]);
  });

  it('puts the marker on the territory, even for a ring whose box centre is outside it', () => {
    const u: Ring = [
      [0, 0],
      [30, 0],
      [30, 30],
      [20, 30],
      [20, 10],
      [10, 10],
      [10, 30],
      [0, 30],
    ];
    const t = area(u);
    const centre = territoryCentre(t)!;
    expect(territoryCentre(area(rect(0, 0, 10, 10)))).toEqual([5, 5]);
    expect(whereInRing([15, 15], u)).toBe('outside');
    expect(whereInRing(centre, u)).toBe('inside');
  });
});
