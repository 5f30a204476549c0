/**
 * The territory of a public discussion (issue 17): areas drawn on the map (an outer ring, possibly
 * with holes: a park or a block the project leaves out) and cadastral plots, each a ring. Where a
 * point stands in it decides who may take part, so the rule is written once, here, and the
 * database is given its answer (the buildings inside, `discussion_buildings`). The territory is a
 * closed set: a point on an outer edge, or on the edge of a hole, is in it (a building on the
 * boundary line stands on the territory). Pure.
 */
import type { Message } from './messages/index.ts';
import {
  doubleArea,
  isSimpleRing,
  onSegment,
  openRing,
  type Point,
  type Ring,
  ringInside,
  segmentsIntersect,
} from './geo.ts';

export type Area = { outer: Ring; holes: Ring[] };
export type Plot = { cadastralNumber: string; ring: Ring };
export type Territory = { areas: Area[]; plots: Plot[] };
export type Problem = { field: string; reason: Message };

/** Where a point stands against a ring or a territory. */
export type Where = 'inside' | 'border' | 'outside';

export const MAX_TERRITORY_AREAS = 20;
export const MAX_TERRITORY_HOLES = 50;
export const MAX_TERRITORY_PLOTS = 500;
export const MAX_RING_VERTICES = 500;
/** A cadastral number: district, area, block and the plot's own number (e.g. 16:50:011101:123). */
export const CADASTRAL_NUMBER = /^\d{2}:\d{2}:\d{6,7}:\d{1,7}$/;

/** Inside, on an edge or outside a simple ring (even-odd rule, exact on the edges). */
export function whereInRing(p: Point, ring: Ring): Where {
  const r = openRing(ring);
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (onSegment(p, r[j], r[i])) return 'border';
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside ? 'inside' : 'outside';
}

/** An area is its outer ring less its holes; a hole's edge belongs to the area. */
export function whereInArea(p: Point, area: Area): Where {
  const outer = whereInRing(p, area.outer);
  if (outer === 'outside') return 'outside';
  let where: Where = outer;
  for (const hole of area.holes) {
    const h = whereInRing(p, hole);
    if (h === 'inside') return 'outside';
    if (h === 'border') where = 'border';
  }
  return where;
}

/** The best of the areas and plots: inside any one is inside. */
export function whereInTerritory(p: Point, t: Territory): Where {
  let where: Where = 'outside';
  for (const w of [...t.areas.map((a) => whereInArea(p, a)), ...t.plots.map((pl) => whereInRing(p, pl.ring))]) {
    if (w === 'inside') return 'inside';
    if (w === 'border') where = 'border';
  }
  return where;
}

/** Is the point on the territory (its edges included)? */
export function inTerritory(p: Point, t: Territory): boolean {
  return whereInTerritory(p, t) !== 'outside';
}

/** Every outer ring and plot of the territory. */
function outerRings(t: Territory): Ring[] {
  return [...t.areas.map((a) => a.outer), ...t.plots.map((p) => p.ring)];
}

/** The box around the territory, [west, south, east, north]; null for an empty territory. */
export function territoryBox(t: Territory): [number, number, number, number] | null {
  const points = outerRings(t).flat();
  if (points.length === 0) return null;
  const lons = points.map((p) => p[0]);
  const lats = points.map((p) => p[1]);
  return [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
}

/**
 * A point to put the territory's marker on: the centre of its box when that is on the territory,
 * else the point of a fine grid over the box nearest that centre that is (a U-shaped outline has
 * its box centre in the notch).
 */
export function territoryCentre(t: Territory): Point | null {
  const box = territoryBox(t);
  if (!box) return null;
  const [w, s, e, n] = box;
  const centre: Point = [(w + e) / 2, (s + n) / 2];
  if (whereInTerritory(centre, t) === 'inside') return centre;
  let best: Point | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  const steps = 64;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p: Point = [w + ((e - w) * i) / steps, s + ((n - s) * j) / steps];
      const d = (p[0] - centre[0]) ** 2 + (p[1] - centre[1]) ** 2;
      if (d < bestDistance && whereInTerritory(p, t) === 'inside') {
        best = p;
        bestDistance = d;
      }
    }
  }
  return best ?? centre;
}

/** What is wrong with one ring: corners, range, crossing itself, or outside the municipality. */
function ringProblems(ring: Ring, boundary: Ring, field: string): Problem[] {
  const r = openRing(ring);
  if (r.length < 3) return [{ field, reason: { id: 'territory.too_few' } }];
  if (r.length > MAX_RING_VERTICES) {
    return [{ field, reason: { id: 'territory.too_many', params: { max: MAX_RING_VERTICES } } }];
  }
  const inRange = ([lon, lat]: Point) =>
    Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
  if (!r.every(inRange)) return [{ field, reason: { id: 'territory.out_of_range' } }];
  if (!isSimpleRing(r) || doubleArea(r) === 0) return [{ field, reason: { id: 'territory.crosses' } }];
  if (!ringInside(r, boundary)) return [{ field, reason: { id: 'territory.outside' } }];
  return [];
}

/** Do two simple rings share a point (an edge meets an edge, or one lies inside the other)? */
function ringsMeet(a: Ring, b: Ring): boolean {
  const ra = openRing(a);
  const rb = openRing(b);
  for (let i = 0; i < ra.length; i++) {
    for (let j = 0; j < rb.length; j++) {
      if (segmentsIntersect(ra[i], ra[(i + 1) % ra.length], rb[j], rb[(j + 1) % rb.length])) return true;
    }
  }
  return whereInRing(ra[0], rb) !== 'outside' || whereInRing(rb[0], ra) !== 'outside';
}

function areaProblems(area: Area, boundary: Ring, field: string): Problem[] {
  const outer = ringProblems(area.outer, boundary, `${field}.outer`);
  if (outer.length > 0) return outer;
  const problems: Problem[] = [];
  area.holes.forEach((hole, i) => {
    const f = `${field}.holes.${i}`;
    const own = ringProblems(hole, area.outer, f);
    // A hole must lie inside its area: "outside" here means outside the outer ring.
    if (own.length > 0) {
      const id = own[0].reason.id === 'territory.outside' ? 'territory.hole_outside' : own[0].reason.id;
      problems.push({ field: f, reason: { ...own[0].reason, id } as Message });
      return;
    }
    if (area.holes.slice(0, i).some((other) => ringsMeet(hole, other))) {
      problems.push({ field: f, reason: { id: 'territory.holes_meet' } });
    }
  });
  return problems;
}

/**
 * What is wrong with a territory (each problem names its field, e.g. `territory.areas.0.holes.1`):
 * nothing in it, too much in it, a ring with too few corners or crossing itself, a ring outside
 * the municipality's boundary, a hole outside its area or meeting another hole, a cadastral number
 * that is not one.
 */
export function territoryProblems(t: Territory, boundary: Ring, field = 'territory'): Problem[] {
  if (t.areas.length === 0 && t.plots.length === 0) return [{ field, reason: { id: 'territory.empty' } }];
  if (t.areas.length > MAX_TERRITORY_AREAS || t.plots.length > MAX_TERRITORY_PLOTS) {
    return [{ field, reason: { id: 'territory.too_large' } }];
  }
  const problems: Problem[] = [];
  t.areas.forEach((area, i) => {
    if (area.holes.length > MAX_TERRITORY_HOLES) {
      problems.push({ field: `${field}.areas.${i}.holes`, reason: { id: 'territory.too_large' } });
    } else problems.push(...areaProblems(area, boundary, `${field}.areas.${i}`));
  });
  t.plots.forEach((plot, i) => {
    const f = `${field}.plots.${i}`;
    if (!CADASTRAL_NUMBER.test(plot.cadastralNumber)) {
      problems.push({ field: `${f}.cadastralNumber`, reason: { id: 'territory.cadastral_number' } });
    }
    problems.push(...ringProblems(plot.ring, boundary, `${f}.ring`));
  });
  return problems;
}
