/** Great-circle distance in metres between two lon/lat points. */
export function haversineMetres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = 6_371_008.8;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}

/** Half-sizes in degrees of a box that contains every point within `metres` of latitude `lat`. */
export function boxAround(lat: number, metres: number): { lon: number; lat: number } {
  const dLat = metres / 111_320;
  return { lat: dLat, lon: dLat / Math.max(0.01, Math.cos((lat * Math.PI) / 180)) };
}

/** A point as [longitude, latitude]; a ring of such points (closed or not). */
export type Point = [lon: number, lat: number];
export type Ring = Point[];

/** The ring without a repeated closing vertex. */
export function openRing(ring: Ring): Ring {
  const n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) return ring.slice(0, n - 1);
  return ring;
}

/** Is the point inside the ring (even-odd rule; points on an edge count as inside)? */
export function pointInRing([x, y]: Point, ring: Ring): boolean {
  const r = openRing(ring);
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (onSegment([x, y], r[j], r[i])) return true;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The cross product of oa and ob: positive when b lies left of the ray o→a, zero on its line. */
export const cross = (o: Point, a: Point, b: Point) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);

/** Is p on the closed segment ab? */
export function onSegment(p: Point, a: Point, b: Point): boolean {
  return (
    cross(a, b, p) === 0 &&
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Do the closed segments ab and cd share a point? */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = Math.sign(cross(c, d, a));
  const d2 = Math.sign(cross(c, d, b));
  const d3 = Math.sign(cross(a, b, c));
  const d4 = Math.sign(cross(a, b, d));
  if (d1 !== d2 && d3 !== d4 && d1 !== 0 && d2 !== 0 && d3 !== 0 && d4 !== 0) return true;
  return (
    (d1 === 0 && onSegment(a, c, d)) ||
    (d2 === 0 && onSegment(b, c, d)) ||
    (d3 === 0 && onSegment(c, a, b)) ||
    (d4 === 0 && onSegment(d, a, b))
  );
}

/** Is the ring simple: no two edges meet except neighbours at their shared corner? */
export function isSimpleRing(ring: Ring): boolean {
  const r = openRing(ring);
  const n = r.length;
  if (n < 3) return false;
  for (let i = 0; i < n; i++) {
    const a = r[i];
    const b = r[(i + 1) % n];
    if (a[0] === b[0] && a[1] === b[1]) return false;
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a corner by construction.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      if (segmentsIntersect(a, b, r[j], r[(j + 1) % n])) return false;
    }
  }
  return true;
}

/** Twice the signed area (zero for a degenerate ring). */
export function doubleArea(ring: Ring): number {
  const r = openRing(ring);
  let s = 0;
  for (let i = 0; i < r.length; i++) {
    const [x1, y1] = r[i];
    const [x2, y2] = r[(i + 1) % r.length];
    s += x1 * y2 - x2 * y1;
  }
  return s;
}

/** Is the whole ring inside the boundary: every corner inside and no edge crossing it? */
export function ringInside(ring: Ring, boundary: Ring): boolean {
  const r = openRing(ring);
  const b = openRing(boundary);
  if (!r.every((p) => pointInRing(p, b))) return false;
  for (let i = 0; i < r.length; i++) {
    const p = r[i];
    const q = r[(i + 1) % r.length];
    for (let j = 0; j < b.length; j++) {
      const u = b[j];
      const v = b[(j + 1) % b.length];
      // A proper crossing leaves the boundary; touching it along an edge or at a corner does not.
      const c1 = Math.sign(cross(u, v, p));
      const c2 = Math.sign(cross(u, v, q));
      const c3 = Math.sign(cross(p, q, u));
      const c4 = Math.sign(cross(p, q, v));
      if (c1 * c2 < 0 && c3 * c4 < 0) return false;
    }
  }
  return true;
}

/** The ring closed (first corner repeated at the end), as stored. */
export function closeRing(ring: Ring): Ring {
  const r = openRing(ring);
  return [...r, r[0]];
}
