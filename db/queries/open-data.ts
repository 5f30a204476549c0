/**
 * Open data's SQL: public appeals and buildings read through a server-side cursor (a batch of rows at
 * a time, so a 100,000-row answer never sits in memory), and the record of the daily dumps.
 */
import { and, desc, eq, lt } from 'drizzle-orm';
import type { Database, Db } from '../client.ts';
import { type OpenDataFile, openDataDumps } from '../schema/index.ts';
import type { AppealStatus } from '../schema/index.ts';

/** Rows per cursor fetch: big enough to keep round trips few, small enough to stream. */
const BATCH = 1000;

/** The pool's postgres.js handle: a cursor needs the driver itself (a stream reads outside any transaction). */
function clientOf(db: Db) {
  if ('$client' in db) return (db as Database).$client;
  throw new Error('open data is streamed from the pool, not inside a transaction');
}

export type PublicAppealRow = {
  id: number;
  number: string;
  categoryCode: string;
  categoryRu: string;
  categoryEn: string;
  categoryGroup: string;
  priority: string;
  status: AppealStatus;
  districtCode: string | null;
  districtRu: string | null;
  districtEn: string | null;
  address: string | null;
  buildingId: number | null;
  lon: number;
  lat: number;
  organisationRu: string | null;
  organisationEn: string | null;
  createdMs: number;
  updatedMs: number;
  resolvedMs: number | null;
  slaBreached: boolean;
};

/**
 * Which appeals: those filed in [since, until) (the API's period), or those filed or changed in it
 * (a day's dump: everything that moved that day, as it stands now).
 */
export type AppealWindow = { municipalityId: number; since: Date; until: Date; by: 'filed' | 'changed' };

/**
 * The public appeals of a window, oldest first, in batches. Only appeals public themselves (copied
 * from their category at intake) and of a category still public; the columns are those of the public
 * view: never the author, the apartment, the entrance, the description or an Open311 submitter.
 */
export function publicAppealBatches(db: Db, w: AppealWindow): AsyncIterable<PublicAppealRow[]> {
  const sql = clientOf(db);
  const since = w.since.toISOString();
  const until = w.until.toISOString();
  const when =
    w.by === 'filed'
      ? sql`a.created_at >= ${since}::timestamptz and a.created_at < ${until}::timestamptz`
      : sql`a.updated_at >= ${since}::timestamptz and a.updated_at < ${until}::timestamptz`;
  return sql<PublicAppealRow[]>`
    select a.id::float8 as "id", a.number as "number",
      c.code as "categoryCode", c.name_ru as "categoryRu", c.name_en as "categoryEn", c."group"::text as "categoryGroup",
      a.priority::text as "priority", a.status::text as "status",
      d.code as "districtCode", d.name_ru as "districtRu", d.name_en as "districtEn",
      a.address_text as "address", a.building_id as "buildingId",
      (a.location)[0] as "lon", (a.location)[1] as "lat",
      o.name_ru as "organisationRu", o.name_en as "organisationEn",
      extract(epoch from a.created_at)::float8 * 1000 as "createdMs",
      extract(epoch from a.updated_at)::float8 * 1000 as "updatedMs",
      extract(epoch from a.resolved_at)::float8 * 1000 as "resolvedMs",
      (a.response_breached_at is not null or a.resolution_breached_at is not null) as "slaBreached"
    from appeals a
    join categories c on c.id = a.category_id
    left join districts d on d.id = a.district_id
    left join organisations o on o.id = a.assigned_org_id
    where a.municipality_id = ${w.municipalityId} and a.public and c.public and ${when}
    order by a.created_at, a.id`.cursor(BATCH);
}

export type PublicBuildingRow = {
  id: number;
  externalId: string | null;
  address: string;
  postcode: string | null;
  districtCode: string;
  districtRu: string;
  districtEn: string;
  yearBuilt: number | null;
  floors: number | null;
  managementCompanyRu: string | null;
  managementCompanyEn: string | null;
  lon: number;
  lat: number;
};

/** Every building of a municipality, by id, in batches: what the public passport shows of it, no residents. */
export function publicBuildingBatches(db: Db, municipalityId: number): AsyncIterable<PublicBuildingRow[]> {
  const sql = clientOf(db);
  return sql<PublicBuildingRow[]>`
    select b.id as "id", b.external_id as "externalId", b.address as "address", b.postcode as "postcode",
      d.code as "districtCode", d.name_ru as "districtRu", d.name_en as "districtEn",
      b.year_built as "yearBuilt", b.floors as "floors",
      o.name_ru as "managementCompanyRu", o.name_en as "managementCompanyEn",
      (b.location)[0] as "lon", (b.location)[1] as "lat"
    from buildings b
    join districts d on d.id = b.district_id
    left join organisations o on o.id = b.management_company_id
    where b.municipality_id = ${municipalityId}
    order by b.id`.cursor(BATCH);
}

export type DumpRow = { day: string; files: OpenDataFile[]; createdAt: Date };

/** A municipality's dumps, the newest first. */
export async function listDumps(db: Db, municipalityId: number, limit: number): Promise<DumpRow[]> {
  return db
    .select({ day: openDataDumps.day, files: openDataDumps.files, createdAt: openDataDumps.createdAt })
    .from(openDataDumps)
    .where(eq(openDataDumps.municipalityId, municipalityId))
    .orderBy(desc(openDataDumps.day))
    .limit(limit);
}

export async function getDump(db: Db, municipalityId: number, day: string): Promise<DumpRow | null> {
  const rows = await db
    .select({ day: openDataDumps.day, files: openDataDumps.files, createdAt: openDataDumps.createdAt })
    .from(openDataDumps)
    .where(and(eq(openDataDumps.municipalityId, municipalityId), eq(openDataDumps.day, day)))
    .limit(1);
  return rows[0] ?? null;
}

/** Record a day's dump (again: a re-run replaces the files' list and time). */
export async function recordDump(db: Db, municipalityId: number, day: string, files: OpenDataFile[], at: Date) {
  await db
    .insert(openDataDumps)
    .values({ municipalityId, day, files, createdAt: at })
    .onConflictDoUpdate({ target: [openDataDumps.municipalityId, openDataDumps.day], set: { files, createdAt: at } });
}

/** Forget the dumps older than `oldestKept`; their days, for the files to go too. */
export async function deleteDumpsBefore(db: Db, municipalityId: number, oldestKept: string): Promise<string[]> {
  const rows = await db
    .delete(openDataDumps)
    .where(and(eq(openDataDumps.municipalityId, municipalityId), lt(openDataDumps.day, oldestKept)))
    .returning({ day: openDataDumps.day });
  return rows.map((r) => r.day);
}
