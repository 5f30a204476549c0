import { describe, expect, it } from 'vitest';
import { rankDuplicateCandidates } from './duplicates.ts';
import { boxAround, haversineMetres } from './geo.ts';

describe('duplicate candidates', () => {
  const here = { lon: 49.12, lat: 55.79, buildingId: null };
  it('keeps outdoor candidates within 50 m, nearest first', () => {
    const ranked = rankDuplicateCandidates(
      [
        { id: 1, lon: 49.12, lat: 55.7904, buildingId: null },
        { id: 2, lon: 49.12, lat: 55.7901, buildingId: null },
        { id: 3, lon: 49.12, lat: 55.791, buildingId: null },
      ],
      here,
    );
    expect(ranked.map((c) => [c.id, c.distanceMetres])).toEqual([
      [2, 11],
      [1, 44],
    ]);
  });

  it('keeps only the same building when the appeal is about a building', () => {
    const ranked = rankDuplicateCandidates(
      [
        { id: 1, lon: 49.12, lat: 55.79, buildingId: 7 },
        { id: 2, lon: 49.12, lat: 55.79, buildingId: 8 },
      ],
      { ...here, buildingId: 7 },
    );
    expect(ranked.map((c) => c.id)).toEqual([1]);
  });

  it('makes a search box that contains the whole radius', () => {
    const box = boxAround(55.79, 50);
    expect(haversineMetres(49.12, 55.79, 49.12 + box.lon, 55.79)).toBeGreaterThanOrEqual(49.9);
    expect(haversineMetres(49.12, 55.79, 49.12, 55.79 + box.lat)).toBeGreaterThanOrEqual(49.9);
  });
});
