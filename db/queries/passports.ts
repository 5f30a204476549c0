import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import {
  diffPassport,
  type FieldChange,
  normalisePassport,
  type Passport,
  splitPassport,
  type Summary,
} from '../../dispatch/passport.ts';
import type { Db } from '../client.ts';
import {
  buildingDocuments,
  buildingPassports,
  buildings,
  organisations,
  passportChanges,
  userPersonal,
  users,
} from '../schema/index.ts';

/** The passport's summary as columns of `buildings` (the full passport's `general` section reads them). */
export const summaryColumns = {
  yearBuilt: buildings.yearBuilt,
  floors: buildings.floors,
  entrances: buildings.entrances,
  apartments: buildings.apartments,
  totalArea: buildings.totalArea,
  wallMaterial: buildings.wallMaterial,
  elevatorCount: buildings.elevators,
  heatingSystem: buildings.heatingSystem,
  hotWaterSystem: buildings.hotWaterSystem,
  lastOverhaulYear: buildings.lastOverhaulYear,
  wearPercent: buildings.wearPercent,
};

const passportSelection = {
  buildingId: buildings.id,
  municipalityId: buildings.municipalityId,
  managementCompanyId: buildings.managementCompanyId,
  address: buildings.address,
  data: buildingPassports.data,
  version: sql<number>`coalesce(${buildingPassports.version}, 0)`.mapWith(Number),
  updatedAt: buildingPassports.updatedAt,
  ...summaryColumns,
};

type PassportRow = Awaited<ReturnType<typeof selectPassports>>[number];

function selectPassports(db: Db) {
  return db
    .select(passportSelection)
    .from(buildings)
    .leftJoin(buildingPassports, eq(buildingPassports.buildingId, buildings.id));
}

/** A building's passport as stored: the building's scope, the full passport and its version (0: never saved). */
export type StoredPassport = {
  buildingId: number;
  municipalityId: number;
  managementCompanyId: number | null;
  address: string;
  version: number;
  updatedAt: Date | null;
  passport: Passport;
};

function toStored(row: PassportRow): StoredPassport {
  const { buildingId, municipalityId, managementCompanyId, address, data, version, updatedAt, ...summary } = row;
  return {
    buildingId,
    municipalityId,
    managementCompanyId,
    address,
    version,
    updatedAt,
    passport: normalisePassport(summary as Summary, data),
  };
}

/** One building's passport; `forUpdate` locks the building row until the transaction ends. */
export async function getPassport(
  db: Db,
  buildingId: number,
  opts: { forUpdate?: boolean } = {},
): Promise<StoredPassport | null> {
  const q = selectPassports(db).where(eq(buildings.id, buildingId)).limit(1);
  const rows = opts.forUpdate ? await q.for('update', { of: buildings }) : await q;
  return rows[0] ? toStored(rows[0]) : null;
}

/** Several buildings' passports by id, locked until the transaction ends when `forUpdate` (in id order, so two imports never deadlock). */
export async function getPassports(
  db: Db,
  ids: readonly number[],
  opts: { forUpdate?: boolean } = {},
): Promise<Map<number, StoredPassport>> {
  if (ids.length === 0) return new Map();
  const q = selectPassports(db)
    .where(inArray(buildings.id, [...ids]))
    .orderBy(asc(buildings.id));
  const rows = opts.forUpdate ? await q.for('update', { of: buildings }) : await q;
  return new Map(rows.map((r) => [r.buildingId, toStored(r)]));
}

/** The passports of a municipality's buildings (only a company's when given), by address. */
export async function listPassports(
  db: Db,
  municipalityId: number,
  managementCompanyId: number | null,
): Promise<StoredPassport[]> {
  const rows = await selectPassports(db)
    .where(
      and(
        eq(buildings.municipalityId, municipalityId),
        managementCompanyId === null ? undefined : eq(buildings.managementCompanyId, managementCompanyId),
      ),
    )
    .orderBy(asc(buildings.address), asc(buildings.id));
  return rows.map(toStored);
}

/** Scope of buildings by id (for an import: which exist, where, whose). */
export async function buildingScopes(db: Db, ids: readonly number[]) {
  if (ids.length === 0) return new Map<number, { municipalityId: number; managementCompanyId: number | null }>();
  const rows = await db
    .select({
      id: buildings.id,
      municipalityId: buildings.municipalityId,
      managementCompanyId: buildings.managementCompanyId,
    })
    .from(buildings)
    .where(inArray(buildings.id, [...ids]));
  return new Map(rows.map((r) => [r.id, r]));
}

/** One building's passport to store with the changes that lead to it. */
export type PassportWrite = { buildingId: number; passport: Passport; changes: readonly FieldChange[] };

// PostgreSQL takes at most 65,535 parameters per statement: 7 per change row.
const CHANGE_ROWS_PER_INSERT = 5000;

/**
 * Store passports (the caller holds the buildings' row locks and has checked the versions): the
 * summary columns, the jsonb with the next version, and one change row per changed field; a few
 * statements for any number of buildings, so an import of a city's stock stays quick.
 */
export async function savePassports(
  db: Db,
  writes: readonly PassportWrite[],
  a: { actorId: number; source: 'form' | 'import'; now: Date },
): Promise<void> {
  if (writes.length === 0) return;
  const rows = writes.map((w) => ({ id: w.buildingId, ...splitPassport(w.passport) }));
  const values = sql.join(
    rows.map(
      ({ id, summary: m }) =>
        sql`(${id}, ${m.yearBuilt}, ${m.floors}, ${m.entrances}, ${m.apartments}, ${m.totalArea}, ${m.wallMaterial}, ${m.elevatorCount}, ${m.heatingSystem}, ${m.hotWaterSystem}, ${m.lastOverhaulYear}, ${m.wearPercent})`,
    ),
    sql`, `,
  );
  // VALUES parameters arrive as text: each column is cast to its type.
  await db.execute(sql`
    update buildings as b set
      year_built = v.year_built::smallint, floors = v.floors::smallint, entrances = v.entrances::smallint,
      apartments = v.apartments::smallint, total_area = v.total_area::numeric, wall_material = v.wall_material::wall_material,
      elevators = v.elevators::smallint, heating_system = v.heating_system::text, hot_water_system = v.hot_water_system::text,
      last_overhaul_year = v.last_overhaul_year::smallint, wear_percent = v.wear_percent::numeric, updated_at = ${a.now}
    from (values ${values}) as v(id, year_built, floors, entrances, apartments, total_area, wall_material, elevators,
      heating_system, hot_water_system, last_overhaul_year, wear_percent)
    where b.id = v.id::int`);
  await db
    .insert(buildingPassports)
    .values(
      rows.map((r) => ({
        buildingId: r.id,
        data: r.data as unknown as Record<string, unknown>,
        version: 1,
        updatedAt: a.now,
        updatedBy: a.actorId,
      })),
    )
    .onConflictDoUpdate({
      target: buildingPassports.buildingId,
      set: {
        data: sql`excluded.data`,
        version: sql`${buildingPassports.version} + 1`,
        updatedAt: a.now,
        updatedBy: a.actorId,
      },
    });
  const changes = writes.flatMap((w) => w.changes.map((c) => ({ buildingId: w.buildingId, ...c })));
  for (let i = 0; i < changes.length; i += CHANGE_ROWS_PER_INSERT) {
    await db.insert(passportChanges).values(
      changes.slice(i, i + CHANGE_ROWS_PER_INSERT).map((c) => ({
        buildingId: c.buildingId,
        field: c.field,
        oldValue: c.oldValue,
        newValue: c.newValue,
        actorId: a.actorId,
        source: a.source,
        at: a.now,
      })),
    );
  }
}

export async function recordChanges(
  db: Db,
  buildingId: number,
  changes: readonly FieldChange[] | readonly { field: string; oldValue: unknown; newValue: unknown }[],
  actorId: number,
  source: 'form' | 'import',
  now: Date,
) {
  if (changes.length === 0) return;
  await db.insert(passportChanges).values(
    changes.map((c) => ({
      buildingId,
      field: c.field,
      oldValue: c.oldValue,
      newValue: c.newValue,
      actorId,
      source,
      at: now,
    })),
  );
}

/** The change history of a building, newest first, with who made each change (staff name, role, organisation). */
export async function listPassportChanges(db: Db, buildingId: number, limit: number, beforeId?: number) {
  return db
    .select({
      id: passportChanges.id,
      field: passportChanges.field,
      oldValue: passportChanges.oldValue,
      newValue: passportChanges.newValue,
      source: passportChanges.source,
      at: passportChanges.at,
      actorId: passportChanges.actorId,
      actorName: userPersonal.fullName,
      actorRole: users.role,
      organisationNameRu: organisations.nameRu,
      organisationNameEn: organisations.nameEn,
    })
    .from(passportChanges)
    .leftJoin(users, eq(users.id, passportChanges.actorId))
    .leftJoin(userPersonal, eq(userPersonal.userId, passportChanges.actorId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(passportChanges.buildingId, buildingId),
        beforeId === undefined ? undefined : lt(passportChanges.id, beforeId),
      ),
    )
    .orderBy(desc(passportChanges.id))
    .limit(limit);
}

export type DocumentRow = typeof buildingDocuments.$inferSelect;

/** A building's documents that are not deleted (public ones only unless `withPrivate`), oldest first. */
export async function listDocuments(db: Db, buildingId: number, withPrivate: boolean): Promise<DocumentRow[]> {
  return db
    .select()
    .from(buildingDocuments)
    .where(
      and(
        eq(buildingDocuments.buildingId, buildingId),
        isNull(buildingDocuments.deletedAt),
        withPrivate ? undefined : eq(buildingDocuments.public, true),
      ),
    )
    .orderBy(asc(buildingDocuments.id));
}

export async function insertDocument(db: Db, d: typeof buildingDocuments.$inferInsert): Promise<DocumentRow> {
  const [row] = await db.insert(buildingDocuments).values(d).returning();
  return row;
}

/** A live document with its building's scope. */
export async function getDocument(db: Db, id: number) {
  const rows = await db
    .select({
      document: buildingDocuments,
      municipalityId: buildings.municipalityId,
      managementCompanyId: buildings.managementCompanyId,
    })
    .from(buildingDocuments)
    .innerJoin(buildings, eq(buildings.id, buildingDocuments.buildingId))
    .where(and(eq(buildingDocuments.id, id), isNull(buildingDocuments.deletedAt)))
    .limit(1);
  return rows[0] ?? null;
}

/** Soft-delete a document; false when it was already gone. */
export async function deleteDocument(db: Db, id: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(buildingDocuments)
    .set({ deletedAt: now })
    .where(and(eq(buildingDocuments.id, id), isNull(buildingDocuments.deletedAt)))
    .returning({ id: buildingDocuments.id });
  return rows.length > 0;
}

type SummaryColumns = { [K in keyof Summary as K extends 'elevatorCount' ? 'elevators' : K]: Summary[K] };

/**
 * A building's summary columns changed elsewhere (the admin's directory): record one change row per
 * field and move the passport's version on, so an editor holding the old version gets a 409.
 */
export async function recordSummaryChanges(
  db: Db,
  buildingId: number,
  before: SummaryColumns,
  after: SummaryColumns,
  actorId: number,
  now: Date,
) {
  const asPassport = ({ elevators, ...rest }: SummaryColumns) =>
    normalisePassport({ ...rest, elevatorCount: elevators }, {});
  const changes = diffPassport(asPassport(before), asPassport(after));
  if (changes.length === 0) return;
  await db
    .insert(buildingPassports)
    .values({ buildingId, version: 1, updatedAt: now, updatedBy: actorId })
    .onConflictDoUpdate({
      target: buildingPassports.buildingId,
      set: { version: sql`${buildingPassports.version} + 1`, updatedAt: now, updatedBy: actorId },
    });
  await recordChanges(db, buildingId, changes, actorId, 'form', now);
}
