import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { organisations } from '../schema/index.ts';

export async function getOrganisationRef(db: Db, id: number) {
  const rows = await db
    .select({
      id: organisations.id,
      municipalityId: organisations.municipalityId,
      kind: organisations.kind,
      nameRu: organisations.nameRu,
      nameEn: organisations.nameEn,
    })
    .from(organisations)
    .where(eq(organisations.id, id))
    .limit(1);
  return rows[0] ?? null;
}

/** A municipality's organisations for its public directory and pickers, by name. */
export async function listOrganisations(db: Db, municipalityId: number) {
  return db
    .select({
      id: organisations.id,
      kind: organisations.kind,
      nameRu: organisations.nameRu,
      nameEn: organisations.nameEn,
      phone: organisations.phone,
      email: organisations.email,
      website: organisations.website,
    })
    .from(organisations)
    .where(eq(organisations.municipalityId, municipalityId))
    .orderBy(asc(organisations.nameRu));
}

/** The names of the organisations with these ids (those that exist), for views that mention them. */
export async function organisationNames(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn })
    .from(organisations)
    .where(inArray(organisations.id, [...ids]));
}
