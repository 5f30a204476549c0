import { and, asc, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { announceEvents } from '../announce.ts';
import type { Db } from '../client.ts';
import {
  type AppealStatus,
  appealEvents,
  appealFollowers,
  appeals,
  attachments,
  buildings,
  categories,
  districts,
  municipalities,
  organisations,
  userPersonal,
} from '../schema/index.ts';

export type Appeal = typeof appeals.$inferSelect;
export type NewAppeal = Omit<typeof appeals.$inferInsert, 'id' | 'number' | 'version'>;
export type NewAppealEvent = typeof appealEvents.$inferInsert;

/** The appeal this author already filed with this idempotency key, if any. */
export async function findAppealByIdempotencyKey(db: Db, authorId: number, key: string): Promise<Appeal | null> {
  const rows = await db
    .select()
    .from(appeals)
    .where(and(eq(appeals.authorId, authorId), eq(appeals.idempotencyKey, key)))
    .limit(1);
  return rows[0] ?? null;
}

/**
 * Insert an appeal with the next public number of its municipality and year (KZN-2026-000123).
 * Returns null when the author's idempotency key is already taken (the first request won).
 */
export async function insertAppeal(
  db: Db,
  appeal: NewAppeal & { createdAt: Date },
  numbering: { code: string; year: number },
): Promise<Appeal | null> {
  const number = sql`(select ${`${numbering.code}-${numbering.year}-`} || lpad(n::text, greatest(6, length(n::text)), '0')
    from next_appeal_number(${appeal.municipalityId}::int, ${numbering.year}::int) as n)`;
  const rows = await db
    .insert(appeals)
    .values({ ...appeal, number, updatedAt: appeal.createdAt })
    .onConflictDoNothing({
      target: [appeals.authorId, appeals.idempotencyKey],
      where: sql`${appeals.idempotencyKey} is not null`,
    })
    .returning();
  return rows[0] ?? null;
}

export async function insertAppealEvent(db: Db, event: NewAppealEvent): Promise<void> {
  const rows = await db.insert(appealEvents).values(event).returning({ id: appealEvents.id });
  announceEvents(db, rows);
}

export async function insertAttachments(db: Db, rows: (typeof attachments.$inferInsert)[]) {
  if (rows.length === 0) return [];
  return db.insert(attachments).values(rows).returning({
    id: attachments.id,
    mediaType: attachments.mediaType,
    size: attachments.size,
    width: attachments.width,
    height: attachments.height,
  });
}

/** An appeal with the names a view shows (category, building, district, organisation, municipality). */
export type AppealDetail = Awaited<ReturnType<typeof getAppealDetail>> & {};

const detailColumns = {
  appeal: appeals,
  municipalityCode: municipalities.code,
  category: {
    id: categories.id,
    code: categories.code,
    nameRu: categories.nameRu,
    nameEn: categories.nameEn,
    group: categories.group,
  },
  buildingAddress: buildings.address,
  district: { id: districts.id, nameRu: districts.nameRu, nameEn: districts.nameEn },
  organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
};

/** Appeals with the names their views show; drizzle gives null for a missing left-joined row. */
function selectDetails(db: Db, where: SQL | undefined) {
  return db
    .select(detailColumns)
    .from(appeals)
    .innerJoin(municipalities, eq(municipalities.id, appeals.municipalityId))
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .leftJoin(buildings, eq(buildings.id, appeals.buildingId))
    .leftJoin(districts, eq(districts.id, appeals.districtId))
    .leftJoin(organisations, eq(organisations.id, appeals.assignedOrgId))
    .where(where);
}

/** One appeal by id or by public number, with the names its views need. */
export async function getAppealDetail(db: Db, key: { id: number } | { number: string }) {
  const rows = await selectDetails(db, 'id' in key ? eq(appeals.id, key.id) : eq(appeals.number, key.number.toUpperCase())).limit(1);
  return rows[0] ?? null;
}

/** The author's personal data, for the views allowed to show it. */
export async function getPersonal(db: Db, userId: number) {
  const rows = await db
    .select({ fullName: userPersonal.fullName, phone: userPersonal.phone, email: userPersonal.email })
    .from(userPersonal)
    .where(eq(userPersonal.userId, userId))
    .limit(1);
  return rows[0] ?? { fullName: null, phone: null, email: null };
}

export async function listAttachments(db: Db, appealId: number) {
  return db
    .select({
      id: attachments.id,
      mediaType: attachments.mediaType,
      size: attachments.size,
      width: attachments.width,
      height: attachments.height,
    })
    .from(attachments)
    .where(eq(attachments.appealId, appealId))
    .orderBy(asc(attachments.id));
}

export async function getAttachment(db: Db, id: number) {
  const rows = await db
    .select({ attachment: attachments, appeal: { id: appeals.id, municipalityId: appeals.municipalityId, authorId: appeals.authorId, assignedOrgId: appeals.assignedOrgId, public: appeals.public } })
    .from(attachments)
    .innerJoin(appeals, eq(appeals.id, attachments.appealId))
    .where(eq(attachments.id, id))
    .limit(1);
  return rows[0] ?? null;
}

export async function listAppealEvents(db: Db, appealId: number) {
  return db
    .select({
      id: appealEvents.id,
      type: appealEvents.type,
      fromStatus: appealEvents.fromStatus,
      toStatus: appealEvents.toStatus,
      actorId: appealEvents.actorId,
      actorRole: appealEvents.actorRole,
      organisation: { id: organisations.id, nameRu: organisations.nameRu, nameEn: organisations.nameEn },
      note: appealEvents.note,
      payload: appealEvents.payload,
      at: appealEvents.at,
    })
    .from(appealEvents)
    .leftJoin(organisations, eq(organisations.id, appealEvents.organisationId))
    .where(eq(appealEvents.appealId, appealId))
    .orderBy(asc(appealEvents.id));
}

/** Which appeals a list may show: decided by the permission scope of the actor. */
export type ListScope =
  | { kind: 'public' }
  | { kind: 'own'; userId: number }
  | { kind: 'organisation'; municipalityId: number; organisationId: number }
  | { kind: 'municipality'; municipalityId: number };

export type AppealFilters = {
  municipalityId?: number;
  statuses?: AppealStatus[];
  categoryId?: number;
  districtId?: number;
  organisationId?: number;
  buildingId?: number;
  from?: Date;
  to?: Date;
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
};

export type Cursor = { createdAt: Date; id: number };

function scopeCondition(scope: ListScope): SQL | undefined {
  switch (scope.kind) {
    case 'public':
      return eq(appeals.public, true);
    case 'own':
      return eq(appeals.authorId, scope.userId);
    case 'organisation':
      return and(eq(appeals.municipalityId, scope.municipalityId), eq(appeals.assignedOrgId, scope.organisationId));
    case 'municipality':
      return eq(appeals.municipalityId, scope.municipalityId);
  }
}

/** A page of appeals, newest first, keyset-paginated on (created_at, id). */
export async function listAppeals(db: Db, scope: ListScope, f: AppealFilters, cursor: Cursor | null, limit: number) {
  const where = and(
    scopeCondition(scope),
    f.municipalityId === undefined ? undefined : eq(appeals.municipalityId, f.municipalityId),
    f.statuses?.length ? inArray(appeals.status, f.statuses) : undefined,
    f.categoryId === undefined ? undefined : eq(appeals.categoryId, f.categoryId),
    f.districtId === undefined ? undefined : eq(appeals.districtId, f.districtId),
    f.organisationId === undefined ? undefined : eq(appeals.assignedOrgId, f.organisationId),
    f.buildingId === undefined ? undefined : eq(appeals.buildingId, f.buildingId),
    f.from ? gte(appeals.createdAt, f.from) : undefined,
    f.to ? lt(appeals.createdAt, f.to) : undefined,
    f.bbox
      ? sql`${appeals.location} <@ box(point(${f.bbox.minLon}, ${f.bbox.minLat}), point(${f.bbox.maxLon}, ${f.bbox.maxLat}))`
      : undefined,
    cursor
      ? or(lt(appeals.createdAt, cursor.createdAt), and(eq(appeals.createdAt, cursor.createdAt), lt(appeals.id, cursor.id)))
      : undefined,
  );
  return selectDetails(db, where).orderBy(desc(appeals.createdAt), desc(appeals.id)).limit(limit);
}

/** What the lifecycle decides on, read under a row lock (FOR UPDATE) inside the caller's transaction. */
export async function lockAppealForTransition(db: Db, key: { id: number } | { number: string }) {
  const rows = await db
    .select({
      id: appeals.id,
      number: appeals.number,
      municipalityId: appeals.municipalityId,
      authorId: appeals.authorId,
      status: appeals.status,
      assignedOrgId: appeals.assignedOrgId,
      categoryId: appeals.categoryId,
      priority: appeals.priority,
      version: appeals.version,
      resolvedAt: appeals.resolvedAt,
      reopenCount: appeals.reopenCount,
      rating: appeals.rating,
      public: appeals.public,
    })
    .from(appeals)
    .where('id' in key ? eq(appeals.id, key.id) : eq(appeals.number, key.number.toUpperCase()))
    .for('update');
  return rows[0] ?? null;
}

export type AppealTransitionState = {
  status: AppealStatus;
  assignedOrgId: number | null;
  categoryId: number;
  priority: (typeof appeals.$inferSelect)['priority'];
  version: number;
  resolvedAt: Date | null;
  reopenCount: number;
  rating: number | null;
};

/**
 * Write a lifecycle transition: the appeal's next state, guarded by the version it was decided on,
 * and its event, in the caller's transaction. False when someone else changed the appeal first.
 */
export async function applyAppealTransition(
  db: Db,
  appealId: number,
  expectedVersion: number,
  next: AppealTransitionState,
  event: Omit<NewAppealEvent, 'appealId'>,
  now: Date,
): Promise<boolean> {
  const updated = await db
    .update(appeals)
    .set({
      status: next.status,
      assignedOrgId: next.assignedOrgId,
      categoryId: next.categoryId,
      priority: next.priority,
      version: next.version,
      resolvedAt: next.resolvedAt,
      reopenCount: next.reopenCount,
      rating: next.rating,
      // leaving triage clears its reason
      triageReason: next.status === 'new' || next.status === 'rejected' ? undefined : null,
      updatedAt: now,
    })
    .where(and(eq(appeals.id, appealId), eq(appeals.version, expectedVersion)))
    .returning({ id: appeals.id });
  if (updated.length === 0) return false;
  announceEvents(db, await db.insert(appealEvents).values({ ...event, appealId }).returning({ id: appealEvents.id }));
  return true;
}

export async function addFollower(db: Db, appealId: number, userId: number, now: Date): Promise<void> {
  await db.insert(appealFollowers).values({ appealId, userId, since: now }).onConflictDoNothing();
}

const openStatuses: AppealStatus[] = ['new', 'assigned', 'accepted', 'needs_info', 'reopened'];

/**
 * Open public appeals that may be the same problem: same category group in the same building, or
 * (outdoors) near the point, filed since `since`. The caller ranks by distance.
 */
export async function findSimilarOpenAppeals(
  db: Db,
  q: { municipalityId: number; group: string; buildingId: number | null; lon: number; lat: number; since: Date; boxDegrees: { lon: number; lat: number } },
) {
  const place = q.buildingId
    ? eq(appeals.buildingId, q.buildingId)
    : sql`${appeals.location} <@ box(point(${q.lon - q.boxDegrees.lon}, ${q.lat - q.boxDegrees.lat}), point(${q.lon + q.boxDegrees.lon}, ${q.lat + q.boxDegrees.lat}))`;
  return selectDetails(
    db,
    and(
      eq(appeals.municipalityId, q.municipalityId),
      eq(appeals.public, true),
      inArray(appeals.status, openStatuses),
      gte(appeals.createdAt, q.since),
      sql`${categories.group} = ${q.group}`,
      place,
    ),
  )
    .orderBy(desc(appeals.createdAt))
    .limit(50);
}

export async function removeFollower(db: Db, appealId: number, userId: number): Promise<void> {
  await db.delete(appealFollowers).where(and(eq(appealFollowers.appealId, appealId), eq(appealFollowers.userId, userId)));
}
