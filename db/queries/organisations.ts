import { eq } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { organisations } from '../schema/index.ts';

export async function getOrganisationRef(db: Db, id: number) {
  const rows = await db
    .select({ id: organisations.id, municipalityId: organisations.municipalityId, kind: organisations.kind, nameRu: organisations.nameRu, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.id, id))
    .limit(1);
  return rows[0] ?? null;
}
