import { alias } from 'drizzle-orm/pg-core';
import { and, eq, or, sql } from 'drizzle-orm';
import { haversineMetres } from '../../dispatch/geo.ts';
import type { Db } from '../client.ts';
import { buildings, districts, organisations } from '../schema/index.ts';

/** What a list or map shows of a building. */
export type BuildingSummary = {
  id: number;
  municipalityId: number;
  address: string;
  districtId: number;
  lon: number;
  lat: number;
};

const summary = {
  id: buildings.id,
  municipalityId: buildings.municipalityId,
  address: buildings.address,
  districtId: buildings.districtId,
  lon: sql<number>`(${buildings.location})[0]`.mapWith(Number),
  lat: sql<number>`(${buildings.location})[1]`.mapWith(Number),
};

/**
 * Typo- and word-order-tolerant address search (pg_trgm word similarity over normalised text),
 * best matches first. `query` must already be normalised with normaliseAddress.
 */
export async function searchBuildings(
  db: Db,
  municipalityId: number,
  query: string,
  limit: number,
): Promise<(BuildingSummary & { score: number })[]> {
  return db.transaction(async (tx) => {
    // A lower threshold than the default 0.6 lets "бауманна 12" still find "баумана 12".
    await tx.execute(sql`set local pg_trgm.word_similarity_threshold = 0.4`);
    return tx
      .select({
        ...summary,
        score: sql<number>`word_similarity(${query}, ${buildings.searchText})`.mapWith(Number),
      })
      .from(buildings)
      .where(and(eq(buildings.municipalityId, municipalityId), sql`${query} <% ${buildings.searchText}`))
      .orderBy(
        sql`word_similarity(${query}, ${buildings.searchText}) desc`,
        sql`similarity(${query}, ${buildings.searchText}) desc`,
        buildings.id,
      )
      .limit(limit);
  });
}

/** Buildings inside a lon/lat box, up to a limit (GiST on location). */
/** The buildings an organisation serves (as management company or supplier of any utility), by address. */
export async function buildingsOfOrganisation(
  db: Db,
  municipalityId: number,
  organisationId: number,
  limit: number,
): Promise<BuildingSummary[]> {
  return db
    .select(summary)
    .from(buildings)
    .where(
      and(
        eq(buildings.municipalityId, municipalityId),
        or(
          eq(buildings.managementCompanyId, organisationId),
          eq(buildings.coldWaterSupplierId, organisationId),
          eq(buildings.hotWaterSupplierId, organisationId),
          eq(buildings.heatingSupplierId, organisationId),
          eq(buildings.electricitySupplierId, organisationId),
          eq(buildings.gasSupplierId, organisationId),
        ),
      ),
    )
    .orderBy(buildings.address)
    .limit(limit);
}

export async function buildingsInBox(
  db: Db,
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
  limit: number,
  municipalityId?: number,
): Promise<BuildingSummary[]> {
  return db
    .select(summary)
    .from(buildings)
    .where(
      and(
        sql`${buildings.location} <@ box(point(${box.minLon}, ${box.minLat}), point(${box.maxLon}, ${box.maxLat}))`,
        municipalityId === undefined ? undefined : eq(buildings.municipalityId, municipalityId),
      ),
    )
    .orderBy(buildings.id)
    .limit(limit);
}

/**
 * The buildings nearest to a point, by true distance in metres. The GiST index orders by planar
 * distance in degrees, which stretches longitude at Kazan's latitude, so take a few more candidates
 * and re-rank them by haversine distance.
 */
export async function nearestBuildings(
  db: Db,
  lon: number,
  lat: number,
  limit: number,
  opts: { municipalityId?: number; withinMetres?: number } = {},
): Promise<(BuildingSummary & { distanceMetres: number })[]> {
  const candidates = await db
    .select(summary)
    .from(buildings)
    .where(opts.municipalityId === undefined ? undefined : eq(buildings.municipalityId, opts.municipalityId))
    .orderBy(sql`${buildings.location} <-> point(${lon}, ${lat})`)
    .limit(limit * 4 + 8);
  return candidates
    .map((b) => ({ ...b, distanceMetres: Math.round(haversineMetres(lon, lat, b.lon, b.lat) * 10) / 10 }))
    .filter((b) => opts.withinMetres === undefined || b.distanceMetres <= opts.withinMetres)
    .sort((a, b) => a.distanceMetres - b.distanceMetres)
    .slice(0, limit);
}

export async function getBuildingRef(db: Db, id: number) {
  const rows = await db
    .select({ ...summary, managementCompanyId: buildings.managementCompanyId })
    .from(buildings)
    .where(eq(buildings.id, id))
    .limit(1);
  return rows[0] ?? null;
}

const mc = alias(organisations, 'mc');
const cold = alias(organisations, 'cold');
const hot = alias(organisations, 'hot');
const heat = alias(organisations, 'heat');
const elec = alias(organisations, 'elec');
const gas = alias(organisations, 'gas');

export type OrgContact = {
  id: number;
  nameRu: string;
  nameEn: string;
  phone: string | null;
  email: string | null;
  website: string | null;
};

const orgRef = (o: typeof mc | typeof cold | typeof hot | typeof heat | typeof elec | typeof gas) => ({
  id: o.id,
  nameRu: o.nameRu,
  nameEn: o.nameEn,
  phone: o.phone,
  email: o.email,
  website: o.website,
});

/** The public passport view of a building: address, district, responsible organisations, passport. */
export async function getBuildingPassport(db: Db, id: number) {
  const rows = await db
    .select({
      building: buildings,
      district: { id: districts.id, nameRu: districts.nameRu, nameEn: districts.nameEn },
      managementCompany: orgRef(mc),
      coldWater: orgRef(cold),
      hotWater: orgRef(hot),
      heating: orgRef(heat),
      electricity: orgRef(elec),
      gas: orgRef(gas),
    })
    .from(buildings)
    .innerJoin(districts, eq(districts.id, buildings.districtId))
    .leftJoin(mc, eq(mc.id, buildings.managementCompanyId))
    .leftJoin(cold, eq(cold.id, buildings.coldWaterSupplierId))
    .leftJoin(hot, eq(hot.id, buildings.hotWaterSupplierId))
    .leftJoin(heat, eq(heat.id, buildings.heatingSupplierId))
    .leftJoin(elec, eq(elec.id, buildings.electricitySupplierId))
    .leftJoin(gas, eq(gas.id, buildings.gasSupplierId))
    .where(eq(buildings.id, id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  // A left join gives an object of nulls for a missing organisation: make it null.
  const present = (o: { id: number | null } | null) => (o && o.id !== null ? (o as OrgContact) : null);
  return {
    ...row,
    managementCompany: present(row.managementCompany),
    coldWater: present(row.coldWater),
    hotWater: present(row.hotWater),
    heating: present(row.heating),
    electricity: present(row.electricity),
    gas: present(row.gas),
  };
}
