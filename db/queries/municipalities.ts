import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { districts, municipalities } from '../schema/index.ts';

export type MunicipalityRef = { id: number; code: string; nameRu: string; nameEn: string; timeZone: string };

const ref = {
  id: municipalities.id,
  code: municipalities.code,
  nameRu: municipalities.nameRu,
  nameEn: municipalities.nameEn,
  timeZone: municipalities.timeZone,
};

export async function listMunicipalities(db: Db): Promise<MunicipalityRef[]> {
  return db.select(ref).from(municipalities).orderBy(asc(municipalities.id));
}

/** The municipality with this code (case-insensitive), or the installation's first one when no code is given. */
export async function findMunicipality(db: Db, code?: string): Promise<MunicipalityRef | null> {
  const q = db.select(ref).from(municipalities);
  const rows = code
    ? await q.where(eq(sql`upper(${municipalities.code})`, code.toUpperCase())).limit(1)
    : await q.orderBy(asc(municipalities.id)).limit(1);
  return rows[0] ?? null;
}

export async function getMunicipality(db: Db, id: number): Promise<MunicipalityRef | null> {
  const rows = await db.select(ref).from(municipalities).where(eq(municipalities.id, id)).limit(1);
  return rows[0] ?? null;
}

/** Does the municipality's boundary contain the point? */
export async function municipalityContains(db: Db, id: number, lon: number, lat: number): Promise<boolean> {
  const rows = await db
    .select({ inside: sql<boolean>`${municipalities.boundary} @> point(${lon}, ${lat})` })
    .from(municipalities)
    .where(eq(municipalities.id, id));
  return rows[0]?.inside ?? false;
}

/** The municipality whose boundary contains the point, if any. */
export async function municipalityAt(db: Db, lon: number, lat: number): Promise<MunicipalityRef | null> {
  const rows = await db
    .select(ref)
    .from(municipalities)
    .where(sql`${municipalities.boundary} @> point(${lon}, ${lat})`)
    .orderBy(asc(municipalities.id))
    .limit(1);
  return rows[0] ?? null;
}

/** The district of the municipality that contains the point, if any. */
export async function districtAt(db: Db, municipalityId: number, lon: number, lat: number): Promise<number | null> {
  const rows = await db
    .select({ id: districts.id })
    .from(districts)
    .where(sql`${districts.municipalityId} = ${municipalityId} and ${districts.boundary} @> point(${lon}, ${lat})`)
    .limit(1);
  return rows[0]?.id ?? null;
}

export async function getDistrictName(
  db: Db,
  id: number,
): Promise<{ id: number; nameRu: string; nameEn: string } | null> {
  const rows = await db
    .select({ id: districts.id, nameRu: districts.nameRu, nameEn: districts.nameEn })
    .from(districts)
    .where(eq(districts.id, id))
    .limit(1);
  return rows[0] ?? null;
}
