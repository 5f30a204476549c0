import { violatedUniqueConstraint } from '../../db/queries/admin-directory.ts';
import { sameNumberElsewhere, saveApartment } from '../../db/queries/apartments.ts';
import { apartmentProblems, applyPatch, diffApartment } from '../../dispatch/apartments.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, Unprocessable } from '../errors.ts';
import { lockedCompanyApartment } from './locked-apartment.ts';
import type { ApartmentPatch } from './schemas.ts';

/** 409 naming the field: another apartment of the building has this number. */
function numberTaken(number: string) {
  return new Conflict(
    { id: 'apartment.number_taken', params: { number } },
    { field: 'body.number', errors: [{ field: 'body.number', reason: { id: 'apartment.number_taken.reason' } }] },
  );
}

/**
 * The company changes an apartment (renumbers it, fixes its account, entrance, floor or area):
 * only the fields given, at the version read (409 when stale), every changed field recorded.
 */
export async function updateApartment(ctx: Context, apartmentId: number, input: ApartmentPatch) {
  const { version, ...patch } = input;
  const saved = await inTransaction(ctx, async (tx) => {
    const { apartment } = await lockedCompanyApartment(tx, apartmentId);
    if (apartment.version !== version) {
      throw new Conflict(
        { id: 'apartment.changed_meanwhile' },
        {
          currentVersion: apartment.version,
        },
      );
    }
    const next = applyPatch(apartment, patch);
    const changes = diffApartment(apartment, next);
    const problems = apartmentProblems(
      next,
      changes.map((c) => c.field),
      { entrances: apartment.buildingEntrances, floors: apartment.buildingFloors },
    );
    if (problems.length > 0) {
      throw new Unprocessable(
        { id: 'apartment.invalid' },
        problems.map((p) => ({ field: `body.${p.field}`, reason: p.reason })),
      );
    }
    if (
      changes.some((c) => c.field === 'number') &&
      (await sameNumberElsewhere(tx.db, apartment.buildingId, next.number, apartment.id)) !== null
    ) {
      throw numberTaken(next.number);
    }
    if (changes.length === 0) return { ...apartment, version: apartment.version };
    const newVersion = await saveApartment(tx.db, {
      id: apartment.id,
      buildingId: apartment.buildingId,
      next,
      changes,
      actorId: ctx.actor!.userId,
      now: ctx.clock(),
    });
    ctx.log.info({ apartmentId: apartment.id, fields: changes.map((c) => c.field) }, 'apartment changed');
    return { ...apartment, ...next, version: newVersion };
  }).catch((err: unknown) => {
    // Two renumberings to the same number at once: the second meets the unique index.
    if (violatedUniqueConstraint(err) === 'apartments_building_number_uq') throw numberTaken(input.number ?? '');
    throw err;
  });
  return {
    id: saved.id,
    number: saved.number,
    entrance: saved.entrance,
    floor: saved.floor,
    area: saved.area,
    accountNumber: saved.accountNumber,
    version: saved.version,
  };
}
