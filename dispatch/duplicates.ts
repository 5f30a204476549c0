/**
 * Duplicate suggestions at intake: before filing, the resident sees open appeals that may be the
 * same problem and may follow one instead.
 */
import { haversineMetres } from './geo.ts';

// 48 hours: older open appeals about the same thing are likely a different occurrence.
export const DUPLICATE_WINDOW_MS = 48 * 3600 * 1000;
// 50 m outdoors: the same pothole or street light, not the next one down the street.
export const DUPLICATE_RADIUS_METRES = 50;

/** Keep the candidates that are close enough, nearest first, with their distance. */
export function rankDuplicateCandidates<T extends { lon: number; lat: number; buildingId: number | null }>(
  candidates: readonly T[],
  place: { lon: number; lat: number; buildingId: number | null },
): (T & { distanceMetres: number })[] {
  return candidates
    .map((c) => ({ ...c, distanceMetres: Math.round(haversineMetres(place.lon, place.lat, c.lon, c.lat)) }))
    .filter((c) =>
      place.buildingId !== null ? c.buildingId === place.buildingId : c.distanceMetres <= DUPLICATE_RADIUS_METRES,
    )
    .sort((a, b) => a.distanceMetres - b.distanceMetres);
}
