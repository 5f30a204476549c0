/**
 * Rules for taking in a new appeal: where it is, which building it concerns, its priority and its
 * public number. Pure: the route looks up the facts and passes them in.
 */

import type { Message } from './messages/index.ts';
import type { Priority } from './taxonomy.ts';

// 150 m: a resident's pin on a yard or a roof must land near the building they mean.
export const BUILDING_RADIUS_METRES = 150;

export type IntakeCategory = {
  id: number;
  municipalityId: number;
  defaultPriority: Priority;
  emergency: boolean;
  needsBuilding: boolean;
  public: boolean;
  active: boolean;
};

export type IntakeBuilding = {
  id: number;
  municipalityId: number;
  districtId: number;
  lon: number;
  lat: number;
  address: string;
};

export type IntakeFacts = {
  category: IntakeCategory;
  /** The building the resident chose, if any. */
  chosenBuilding: IntakeBuilding | null;
  /** The point the resident dropped, if any. */
  point: { lon: number; lat: number } | null;
  /** Does the category's municipality contain the point (the dropped one, or the building's)? */
  insideMunicipality: boolean;
  /** The nearest building to the dropped point within the radius, when no building was chosen. */
  nearestBuilding: (IntakeBuilding & { distanceMetres: number }) | null;
  /** The district containing the point, when there is no building. */
  districtAtPoint: number | null;
};

export type IntakeProblem = { field: string; reason: Message };

export type IntakePlace = {
  buildingId: number | null;
  districtId: number | null;
  lon: number;
  lat: number;
  addressText: string | null;
  priority: IntakeCategory['defaultPriority'];
};

/** Decide where the appeal is and what it concerns, or the problems that stop it (422). */
export function decideIntake(
  f: IntakeFacts,
): { ok: true; place: IntakePlace } | { ok: false; problems: IntakeProblem[] } {
  const problems: IntakeProblem[] = [];
  if (!f.category.active) problems.push({ field: 'categoryId', reason: { id: 'appeal.field.category_closed' } });
  if (f.chosenBuilding && f.chosenBuilding.municipalityId !== f.category.municipalityId) {
    problems.push({
      field: 'buildingId',
      reason: { id: 'appeal.field.building_elsewhere' },
    });
  }
  if (!f.chosenBuilding && !f.point) {
    problems.push({ field: 'location', reason: { id: 'appeal.field.place_required' } });
  }
  if (f.point && !f.insideMunicipality) {
    problems.push({
      field: 'location',
      reason: { id: 'appeal.field.point_outside' },
    });
  }
  // Street problems (potholes, lights) are not about a building: the nearest one only names the place.
  const building = f.chosenBuilding ?? (f.category.needsBuilding ? f.nearestBuilding : null);
  if (f.category.needsBuilding && !building && f.point && f.insideMunicipality) {
    problems.push({
      field: 'location',
      reason: { id: 'appeal.field.no_building_near', params: { metres: BUILDING_RADIUS_METRES } },
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  const point = f.point ?? { lon: building!.lon, lat: building!.lat };
  return {
    ok: true,
    place: {
      buildingId: building?.id ?? null,
      districtId: building?.districtId ?? f.districtAtPoint,
      lon: point.lon,
      lat: point.lat,
      addressText: building?.address ?? (f.nearestBuilding ? `около ${f.nearestBuilding.address}` : null),
      priority: f.category.emergency ? 'emergency' : f.category.defaultPriority,
    },
  };
}

/** The calendar year of an instant in a time zone (public numbers restart each local year). */
export function localYear(at: Date, timeZone: string): number {
  let format = yearFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' });
    yearFormats.set(timeZone, format);
  }
  return Number(format.format(at));
}

// Building a DateTimeFormat costs far more than using one.
const yearFormats = new Map<string, Intl.DateTimeFormat>();
