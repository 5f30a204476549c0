/**
 * Plane geometry for the generator: a local metric projection and point-in-polygon tests on
 * [lon, lat] rings (x = longitude, y = latitude, as PostgreSQL stores them).
 */
import type { Ring } from '../schema/types.ts';

/** An equirectangular projection around a reference point, good to a metre over a city. */
export class LocalFrame {
  readonly lon0: number;
  readonly lat0: number;
  readonly mPerLon: number;
  readonly mPerLat: number;

  constructor(lon0: number, lat0: number) {
    this.lon0 = lon0;
    this.lat0 = lat0;
    const phi = (lat0 * Math.PI) / 180;
    // WGS84 lengths of a degree at this latitude
    this.mPerLat = 111132.92 - 559.82 * Math.cos(2 * phi) + 1.175 * Math.cos(4 * phi);
    this.mPerLon = 111412.84 * Math.cos(phi) - 93.5 * Math.cos(3 * phi);
  }

  toMetres(lon: number, lat: number): [number, number] {
    return [(lon - this.lon0) * this.mPerLon, (lat - this.lat0) * this.mPerLat];
  }

  toLonLat(x: number, y: number): [number, number] {
    return [this.lon0 + x / this.mPerLon, this.lat0 + y / this.mPerLat];
  }
}

/** A ring projected to metres with its bounding box, for fast repeated tests. */
export type MetricPolygon = {
  xs: Float64Array;
  ys: Float64Array;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
};

export function projectRing(frame: LocalFrame, ring: Ring): MetricPolygon {
  // drop a closing point equal to the first
  const n =
    ring.length > 1 && ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1] ? ring.length - 1 : ring.length;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) [xs[i], ys[i]] = frame.toMetres(ring[i][0], ring[i][1]);
  return { xs, ys, minX: Math.min(...xs), maxX: Math.max(...xs), minY: Math.min(...ys), maxY: Math.max(...ys) };
}

/** Even-odd point-in-polygon. */
export function contains(p: MetricPolygon, x: number, y: number): boolean {
  if (x < p.minX || x > p.maxX || y < p.minY || y > p.maxY) return false;
  let inside = false;
  const { xs, ys } = p;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    if (ys[i] > y !== ys[j] > y && x < ((xs[j] - xs[i]) * (y - ys[i])) / (ys[j] - ys[i]) + xs[i]) inside = !inside;
  }
  return inside;
}

/** Distance in metres from a point to the polygon's outline. */
export function distanceToEdge(p: MetricPolygon, x: number, y: number): number {
  let best = Number.POSITIVE_INFINITY;
  const { xs, ys } = p;
  for (let i = 0, j = xs.length - 1; i < xs.length; j = i++) {
    const dx = xs[i] - xs[j];
    const dy = ys[i] - ys[j];
    const len2 = dx * dx + dy * dy;
    let t = len2 === 0 ? 0 : ((x - xs[j]) * dx + (y - ys[j]) * dy) / len2;
    t = Math.max(0, Math.min(1, t));
    const ex = xs[j] + t * dx - x;
    const ey = ys[j] + t * dy - y;
    const d = ex * ex + ey * ey;
    if (d < best) best = d;
  }
  return Math.sqrt(best);
}

/** Inside the polygon and at least `margin` metres from its outline. */
export function containsWithMargin(p: MetricPolygon, x: number, y: number, margin: number): boolean {
  if (x < p.minX + margin || x > p.maxX - margin || y < p.minY + margin || y > p.maxY - margin) return false;
  return contains(p, x, y) && distanceToEdge(p, x, y) >= margin;
}

/** Round a coordinate to 6 decimals (~0.1 m), so the stored text is short and stable. */
export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
