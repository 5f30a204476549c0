import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import {
  attachments,
  buildings,
  categories,
  defectPhotos,
  inspectionDefects,
  inspections,
  inspectionScores,
  organisations,
  type InspectionStatus,
  type Season,
} from '../schema/index.ts';

export type Inspection = typeof inspections.$inferSelect;

/** Which inspections a list may show: decided by the actor's permission scope. */
export type InspectionScope =
  | { kind: 'organisation'; municipalityId: number; organisationId: number }
  | { kind: 'municipality'; municipalityId: number };

/** Which buildings a plan covers. */
export type PlanTarget =
  | { kind: 'municipality' }
  | { kind: 'organisation'; organisationId: number }
  | { kind: 'buildings'; buildingIds: number[] };

/**
 * Plan a season for the buildings of a target: one inspection per building, by its management
 * company. Idempotent: a building that already has a (not cancelled) inspection of that season
 * is skipped; buildings without a management company are counted, not planned.
 */
export async function planSeason(
  db: Db,
  p: {
    municipalityId: number;
    year: number;
    season: Season;
    dueOn: string;
    target: PlanTarget;
    createdBy: number;
    now: Date;
  },
): Promise<{ created: number; existing: number; unmanaged: number }> {
  const targetCondition =
    p.target.kind === 'organisation'
      ? sql`and b.management_company_id = ${p.target.organisationId}`
      : p.target.kind === 'buildings'
        ? sql`and b.id = any(${`{${p.target.buildingIds.join(',')}}`}::int[])`
        : sql``;
  const rows = await db.execute<{ created: number; existing: number; unmanaged: number }>(sql`
    with targets as (
      select b.id, b.management_company_id from buildings b
      where b.municipality_id = ${p.municipalityId} ${targetCondition}
    ), inserted as (
      insert into inspections (municipality_id, building_id, organisation_id, year, season, due_on, created_by, created_at)
      select ${p.municipalityId}, t.id, t.management_company_id, ${p.year}, ${p.season}, ${p.dueOn}, ${p.createdBy}, ${p.now}
      from targets t where t.management_company_id is not null
      order by t.id
      on conflict (building_id, year, season) where status <> 'cancelled' do nothing
      returning 1
    )
    select (select count(*) from inserted)::int as created,
           (select count(*) from targets where management_company_id is not null)::int - (select count(*) from inserted)::int as existing,
           (select count(*) from targets where management_company_id is null)::int as unmanaged`);
  return rows[0]!;
}

/** Of these building ids, the ones in the municipality (and managed by the company, when given). */
export async function buildingsInScope(
  db: Db,
  ids: number[],
  municipalityId: number,
  organisationId: number | null,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(
      and(
        inArray(buildings.id, ids),
        eq(buildings.municipalityId, municipalityId),
        organisationId === null ? undefined : eq(buildings.managementCompanyId, organisationId),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

export type InspectionFilters = {
  statuses?: InspectionStatus[];
  year?: number;
  season?: Season;
  /** true: only overdue ones (open after due day); false: only the others. */
  overdue?: boolean;
  organisationId?: number;
  buildingId?: number;
  /** Today in the municipality's time zone, for `overdue`. */
  today: string;
};

const overdueSql = (today: string) =>
  sql<boolean>`(${inspections.status} in ('planned', 'in_progress') and ${inspections.dueOn} < ${today})`;

function scopeCondition(scope: InspectionScope): SQL | undefined {
  return scope.kind === 'organisation'
    ? and(eq(inspections.municipalityId, scope.municipalityId), eq(inspections.organisationId, scope.organisationId))
    : eq(inspections.municipalityId, scope.municipalityId);
}

const listColumns = (today: string) => ({
  inspection: inspections,
  address: buildings.address,
  organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
  overdue: overdueSql(today),
  defects: sql<number>`(select count(*)::int from ${inspectionDefects} d where d.inspection_id = ${inspections.id})`,
  scored: sql<number>`(select count(*)::int from ${inspectionScores} s where s.inspection_id = ${inspections.id})`,
});

/** A page of inspections: earliest due first. */
export async function listInspections(
  db: Db,
  scope: InspectionScope,
  f: InspectionFilters,
  limit: number,
  offset: number,
) {
  const where = and(
    scopeCondition(scope),
    f.statuses?.length ? inArray(inspections.status, f.statuses) : undefined,
    f.year === undefined ? undefined : eq(inspections.year, f.year),
    f.season === undefined ? undefined : eq(inspections.season, f.season),
    f.organisationId === undefined ? undefined : eq(inspections.organisationId, f.organisationId),
    f.buildingId === undefined ? undefined : eq(inspections.buildingId, f.buildingId),
    f.overdue === undefined ? undefined : f.overdue ? overdueSql(f.today) : sql`not ${overdueSql(f.today)}`,
  );
  return db
    .select(listColumns(f.today))
    .from(inspections)
    .innerJoin(buildings, eq(buildings.id, inspections.buildingId))
    .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
    .where(where)
    .orderBy(asc(inspections.dueOn), asc(buildings.address), asc(inspections.id))
    .limit(limit)
    .offset(offset);
}

/** One inspection with its building's address and the organisation's name. */
export async function getInspection(db: Db, id: number, today: string) {
  const rows = await db
    .select(listColumns(today))
    .from(inspections)
    .innerJoin(buildings, eq(buildings.id, inspections.buildingId))
    .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
    .where(eq(inspections.id, id))
    .limit(1);
  return rows[0] ?? null;
}

/** The inspection row under a lock, for a step taken in the caller's transaction. */
export async function lockInspection(db: Db, id: number): Promise<Inspection | null> {
  const rows = await db.select().from(inspections).where(eq(inspections.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

export async function updateInspection(db: Db, id: number, set: Partial<Omit<Inspection, 'id'>>): Promise<Inspection> {
  const [row] = await db
    .update(inspections)
    .set({ ...set, version: sql`${inspections.version} + 1` })
    .where(eq(inspections.id, id))
    .returning();
  return row!;
}

export async function listScores(db: Db, inspectionId: number) {
  return db
    .select({ element: inspectionScores.element, score: inspectionScores.score, note: inspectionScores.note })
    .from(inspectionScores)
    .where(eq(inspectionScores.inspectionId, inspectionId));
}

/** Record element scores (a later score of the same element replaces the earlier one). */
export async function upsertScores(
  db: Db,
  inspectionId: number,
  rows: { element: string; score: number | null; note: string | null }[],
) {
  if (rows.length === 0) return;
  await db
    .insert(inspectionScores)
    .values(rows.map((r) => ({ inspectionId, ...r })))
    .onConflictDoUpdate({
      target: [inspectionScores.inspectionId, inspectionScores.element],
      set: { score: sql`excluded.score`, note: sql`excluded.note` },
    });
}

export async function listDefects(db: Db, inspectionId: number) {
  const defects = await db
    .select()
    .from(inspectionDefects)
    .where(eq(inspectionDefects.inspectionId, inspectionId))
    .orderBy(asc(inspectionDefects.id));
  const photos = defects.length
    ? await db
        .select({
          defectId: defectPhotos.defectId,
          id: attachments.id,
          mediaType: attachments.mediaType,
          width: attachments.width,
          height: attachments.height,
        })
        .from(defectPhotos)
        .innerJoin(attachments, eq(attachments.id, defectPhotos.attachmentId))
        .where(
          inArray(
            defectPhotos.defectId,
            defects.map((d) => d.id),
          ),
        )
        .orderBy(asc(attachments.id))
    : [];
  return defects.map((d) => ({ ...d, photos: photos.filter((p) => p.defectId === d.id) }));
}

export async function insertDefect(
  db: Db,
  d: {
    inspectionId: number;
    element: string;
    severity: 'minor' | 'major' | 'critical';
    description: string;
    createdBy: number;
    createdAt: Date;
  },
  photos: { sha256: string; mediaType: string; size: number; width: number; height: number; storagePath: string }[],
) {
  const [defect] = await db.insert(inspectionDefects).values(d).returning();
  if (photos.length > 0) {
    const stored = await db
      .insert(attachments)
      .values(photos.map((p) => ({ ...p, appealId: null, ownerId: d.createdBy, createdAt: d.createdAt })))
      .returning({ id: attachments.id });
    await db.insert(defectPhotos).values(stored.map((s) => ({ defectId: defect!.id, attachmentId: s.id })));
  }
  return defect!;
}

export async function lockDefect(db: Db, inspectionId: number, defectId: number) {
  const rows = await db
    .select()
    .from(inspectionDefects)
    .where(and(eq(inspectionDefects.id, defectId), eq(inspectionDefects.inspectionId, inspectionId)))
    .for('update')
    .limit(1);
  return rows[0] ?? null;
}

/** The stored files of a defect's photos, to copy onto its work appeal. */
export async function defectPhotoFiles(db: Db, defectId: number) {
  return db
    .select({
      sha256: attachments.sha256,
      mediaType: attachments.mediaType,
      size: attachments.size,
      width: attachments.width,
      height: attachments.height,
      storagePath: attachments.storagePath,
    })
    .from(defectPhotos)
    .innerJoin(attachments, eq(attachments.id, defectPhotos.attachmentId))
    .where(eq(defectPhotos.defectId, defectId))
    .orderBy(asc(attachments.id));
}

export async function setDefectAppeal(db: Db, defectId: number, appealId: number) {
  await db.update(inspectionDefects).set({ appealId }).where(eq(inspectionDefects.id, defectId));
}

/** A photo of a defect of this inspection. */
export async function getDefectPhoto(db: Db, inspectionId: number, attachmentId: number) {
  const rows = await db
    .select({ storagePath: attachments.storagePath, mediaType: attachments.mediaType })
    .from(defectPhotos)
    .innerJoin(attachments, eq(attachments.id, defectPhotos.attachmentId))
    .innerJoin(inspectionDefects, eq(inspectionDefects.id, defectPhotos.defectId))
    .where(and(eq(defectPhotos.attachmentId, attachmentId), eq(inspectionDefects.inspectionId, inspectionId)))
    .limit(1);
  return rows[0] ?? null;
}

/** Active categories of a municipality a building's work appeal may go to (housing, by the management company). */
export async function housingCategories(db: Db, municipalityId: number) {
  return db
    .select()
    .from(categories)
    .where(and(eq(categories.municipalityId, municipalityId), eq(categories.active, true)))
    .orderBy(asc(categories.sortOrder), asc(categories.id));
}

/** The building's condition: the latest completed inspection's rating, season and date (public). */
export async function latestCondition(db: Db, buildingId: number) {
  const rows = await db
    .select({
      rating: inspections.rating,
      year: inspections.year,
      season: inspections.season,
      completedAt: inspections.completedAt,
    })
    .from(inspections)
    .where(
      and(
        eq(inspections.buildingId, buildingId),
        eq(inspections.status, 'completed'),
        isNotNull(inspections.completedAt),
      ),
    )
    .orderBy(desc(inspections.completedAt))
    .limit(1);
  const row = rows[0];
  return row && row.rating !== null && row.completedAt
    ? { rating: row.rating, year: row.year, season: row.season, completedAt: row.completedAt }
    : null;
}

/** Per organisation: how many inspections in each status, and how many overdue (of a season, or all). */
export async function inspectionCounts(
  db: Db,
  scope: InspectionScope,
  f: { year?: number; season?: Season; today: string },
) {
  return db
    .select({
      organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
      planned: sql<number>`count(*) filter (where ${inspections.status} = 'planned')::int`,
      inProgress: sql<number>`count(*) filter (where ${inspections.status} = 'in_progress')::int`,
      completed: sql<number>`count(*) filter (where ${inspections.status} = 'completed')::int`,
      overdue: sql<number>`count(*) filter (where ${overdueSql(f.today)})::int`,
    })
    .from(inspections)
    .innerJoin(organisations, eq(organisations.id, inspections.organisationId))
    .where(
      and(
        scopeCondition(scope),
        sql`${inspections.status} <> 'cancelled'`,
        f.year === undefined ? undefined : eq(inspections.year, f.year),
        f.season === undefined ? undefined : eq(inspections.season, f.season),
      ),
    )
    .groupBy(organisations.id, organisations.nameRu, organisations.nameEn)
    .orderBy(desc(sql`count(*) filter (where ${overdueSql(f.today)})`), asc(organisations.nameRu));
}

/** Per season: inspections planned (not cancelled) and completed. */
export async function seasonCounts(db: Db, scope: InspectionScope) {
  return db
    .select({
      year: inspections.year,
      season: inspections.season,
      planned: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${inspections.status} = 'completed')::int`,
    })
    .from(inspections)
    .where(and(scopeCondition(scope), sql`${inspections.status} <> 'cancelled'`))
    .groupBy(inspections.year, inspections.season)
    .orderBy(desc(inspections.year), desc(inspections.season));
}
