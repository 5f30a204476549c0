/**
 * Keeping a building's apartments after they were created (renumbering, fixing a personal account,
 * merging, removing one made by mistake): which fields changed, what a change may not say, and when
 * an apartment may be removed. Plain data in, plain data out.
 */
import type { Message } from './messages/index.ts';

export const apartmentFields = ['number', 'entrance', 'floor', 'area', 'accountNumber'] as const;
export type ApartmentField = (typeof apartmentFields)[number];

export type ApartmentValues = {
  number: string;
  entrance: number | null;
  floor: number | null;
  area: number | null;
  accountNumber: string | null;
};

export type FieldChange = { field: ApartmentField; oldValue: string | number | null; newValue: string | number | null };

export type ApartmentProblem = { field: ApartmentField; reason: Message };

/** "12 а" and "12  а" are the same door: inner whitespace collapses to one space. */
export function normaliseNumber(number: string): string {
  return number.trim().replace(/\s+/g, ' ');
}

/** The apartment after a patch: fields absent from the patch keep their values. */
export function applyPatch(current: ApartmentValues, patch: Partial<ApartmentValues>): ApartmentValues {
  const next = { ...current };
  for (const field of apartmentFields) {
    if (patch[field] !== undefined) (next as Record<ApartmentField, unknown>)[field] = patch[field];
  }
  if (next.number !== current.number) next.number = normaliseNumber(next.number);
  if (next.accountNumber !== null && next.accountNumber.trim() === '') next.accountNumber = null;
  return next;
}

/** One change per field whose value differs, in the order of `apartmentFields`. */
export function diffApartment(current: ApartmentValues, next: ApartmentValues): FieldChange[] {
  return apartmentFields
    .filter((f) => current[f] !== next[f])
    .map((f) => ({ field: f, oldValue: current[f], newValue: next[f] }));
}

/**
 * What the building's passport says an apartment cannot be: in an entrance or on a floor the
 * building does not have (unknown counts allow anything). Checked only for the fields that change,
 * so an apartment recorded before the passport was corrected can still be edited otherwise.
 */
export function apartmentProblems(
  next: ApartmentValues,
  changed: readonly ApartmentField[],
  building: { entrances: number | null; floors: number | null },
): ApartmentProblem[] {
  const problems: ApartmentProblem[] = [];
  if (changed.includes('number') && next.number === '')
    problems.push({ field: 'number', reason: { id: 'field.required' } });
  if (
    changed.includes('entrance') &&
    next.entrance !== null &&
    building.entrances !== null &&
    next.entrance > building.entrances
  ) {
    problems.push({
      field: 'entrance',
      reason: { id: 'apartment.entrances', params: { entrances: building.entrances } },
    });
  }
  if (changed.includes('floor') && next.floor !== null && building.floors !== null && next.floor > building.floors) {
    problems.push({
      field: 'floor',
      reason: { id: 'apartment.floors', params: { floors: building.floors } },
    });
  }
  if (changed.includes('area') && next.area !== null && Math.abs(Math.round(next.area * 10) - next.area * 10) > 1e-6) {
    problems.push({
      field: 'area',
      reason: { id: 'apartment.area_decimals' },
    });
  }
  return problems;
}

/** What an apartment still carries when its removal is asked for. */
export type ApartmentUsage = { readings: number; confirmedLinks: number };
export type DeletionBlocker = 'readings' | 'confirmed_links';

/**
 * Why an apartment may not be removed, or null when it may: readings are billing records and a
 * confirmed resident is a person who lives there, so neither may vanish with a mistaken record.
 * Retiring its meters (and revoking the links) is the way to take such an apartment out of use.
 */
export function deletionRefusal(u: ApartmentUsage): { blockers: DeletionBlocker[]; message: Message } | null {
  const blockers: DeletionBlocker[] = [];
  if (u.readings > 0) blockers.push('readings');
  if (u.confirmedLinks > 0) blockers.push('confirmed_links');
  if (blockers.length === 0) return null;
  return {
    blockers,
    message: { id: 'apartment.cannot_remove', params: { readings: u.readings, confirmedLinks: u.confirmedLinks } },
  };
}

/** The note on a resident's pending request when its apartment is removed. */
export function removedApartmentNote(reason: string | null): string {
  const base = 'квартира удалена управляющей компанией / the apartment was removed by the management company';
  return reason ? `${base}: ${reason}` : base;
}
