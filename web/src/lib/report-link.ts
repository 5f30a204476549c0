/**
 * Where "report a problem" leads from the home page and its map: the filing flow
 * (web/src/routes/appeals/new) reads exactly these query parameters — category, building, lat, lon,
 * municipality — and starts with what they name.
 */
import type { BuildingSummary } from '#lib/api.ts';

/**
 * A chosen place: a building found by its address, a point tapped on the map, or both (the tap
 * fell on a building).
 */
export type Place =
  | { building: BuildingSummary; point?: { lat: number; lon: number } }
  | { building?: BuildingSummary; point: { lat: number; lon: number } };

export function reportLink(o: { place?: Place | null; categoryId?: number; municipality?: string }): string {
  const params = new URLSearchParams();
  if (o.categoryId !== undefined) params.set('category', String(o.categoryId));
  if (o.place?.building) params.set('building', String(o.place.building.id));
  if (o.place?.point) {
    params.set('lat', o.place.point.lat.toFixed(6));
    params.set('lon', o.place.point.lon.toFixed(6));
  }
  if (o.municipality) params.set('municipality', o.municipality);
  const query = params.toString();
  return query ? `/appeals/new?${query}` : '/appeals/new';
}

/** The building nearest to a point among those given (metres, flat-earth: fine within a few hundred metres). */
export function nearest(
  buildings: BuildingSummary[],
  lat: number,
  lon: number,
): { building: BuildingSummary; metres: number } | null {
  const k = Math.cos((lat * Math.PI) / 180);
  let best: { building: BuildingSummary; metres: number } | null = null;
  for (const building of buildings) {
    const metres = Math.hypot((building.lat - lat) * 111_320, (building.lon - lon) * 111_320 * k);
    if (!best || metres < best.metres) best = { building, metres };
  }
  return best;
}
