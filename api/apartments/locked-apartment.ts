import { lockApartment } from '../../db/queries/apartments.ts';
import { getApartment } from '../../db/queries/readings.ts';
import type { Context } from '../context.ts';
import { NotFound } from '../errors.ts';
import { authorizeBuilding } from './access.ts';

/**
 * The apartment locked for a change in the caller's transaction, once the actor may manage it
 * (404 as if absent otherwise).
 */
export async function lockedCompanyApartment(tx: Context, apartmentId: number) {
  const facts = await getApartment(tx.db, apartmentId);
  const building = authorizeBuilding(tx, 'apartment.manage', facts?.building ?? null, 'apartment');
  const apartment = await lockApartment(tx.db, apartmentId);
  if (!apartment) throw new NotFound('apartment');
  return { apartment, building };
}
