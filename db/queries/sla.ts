import { and, asc, desc, eq, inArray, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { heldStatuses } from '../../dispatch/board.ts';
import { appealEvents, appeals, categories, slaPolicies } from '../schema/index.ts';
import type { AppealStatus, Priority } from '../schema/index.ts';

/** The most specific policy a municipality set for a category and priority, if any. */
export async function findSlaPolicy(db: Db, municipalityId: number, categoryId: number, priority: Priority) {
  const rows = await db
    .select()
    .from(slaPolicies)
    .where(
      and(
        eq(slaPolicies.municipalityId, municipalityId),
        eq(slaPolicies.priority, priority),
        or(eq(slaPolicies.categoryId, categoryId), isNull(slaPolicies.categoryId)),
      ),
    )
    // the category's own policy before the municipality-wide one
    .orderBy(sql`${slaPolicies.categoryId} is null`)
    .limit(1);
  return rows[0] ?? null;
}

/** What decides an appeal's SLA policy. */
export async function getAppealClockKey(db: Db, appealId: number) {
  const rows = await db
    .select({
      id: appeals.id,
      municipalityId: appeals.municipalityId,
      categoryId: appeals.categoryId,
      priority: appeals.priority,
      outageId: appeals.outageId,
    })
    .from(appeals)
    .where(eq(appeals.id, appealId));
  return rows[0] ?? null;
}

export type ClockColumns = {
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
  responseBreachedAt: Date | null;
  resolutionBreachedAt: Date | null;
};

export async function updateClockColumns(db: Db, appealId: number, columns: ClockColumns): Promise<void> {
  await db.update(appeals).set(columns).where(eq(appeals.id, appealId));
}

/** Ids of appeals whose clocks may be running (for a full refresh, e.g. after loading a city). */
export async function listOpenAppealIds(db: Db, municipalityId?: number): Promise<number[]> {
  const rows = await db
    .select({ id: appeals.id })
    .from(appeals)
    .where(
      and(
        inArray(appeals.status, ['assigned', 'accepted', 'needs_info', 'reopened', 'rejected', 'new']),
        municipalityId === undefined ? undefined : eq(appeals.municipalityId, municipalityId),
      ),
    )
    .orderBy(asc(appeals.id));
  return rows.map((r) => r.id);
}

/** What a dispatch-board queue row shows of an appeal. */
const queueRow = {
  id: appeals.id,
  number: appeals.number,
  status: appeals.status,
  priority: appeals.priority,
  assignedOrgId: appeals.assignedOrgId,
  triageReason: appeals.triageReason,
  addressText: appeals.addressText,
  category: { id: categories.id, nameRu: categories.nameRu, nameEn: categories.nameEn },
  responseDueAt: appeals.responseDueAt,
  resolutionDueAt: appeals.resolutionDueAt,
  createdAt: appeals.createdAt,
};

/** What a board card shows beyond a queue row: the category's profile, for the wrong-kind warning. */
const boardRow = {
  ...queueRow,
  categoryGroup: categories.group,
  responsibleKind: categories.responsibleKind,
  /** When the organisation holding it received it: its latest assignment or reassignment. */
  assignedAt: sql<Date | null>`(
    select max(${appealEvents.at}) from ${appealEvents}
    where ${appealEvents.appealId} = ${appeals.id} and ${appealEvents.type} in ('assigned', 'reassigned')
  )`.mapWith((v: string | Date | null) => (v === null ? null : new Date(v))),
};

/** A page of a board list and how many there are in all. */
export type BoardPage = { limit: number; offset: number };

/** The overdue list's condition (dispatch/board.ts isOverdue): held by an organisation, past a running deadline. */
const overdueWhere = (municipalityId: number, now: Date) =>
  and(
    eq(appeals.municipalityId, municipalityId),
    inArray(appeals.status, [...heldStatuses]),
    isNotNull(appeals.assignedOrgId),
    or(
      and(isNotNull(appeals.responseDueAt), lt(appeals.responseDueAt, now)),
      and(isNotNull(appeals.resolutionDueAt), lt(appeals.resolutionDueAt, now)),
    ),
  );

/** The triage list's condition (dispatch/board.ts needsTriage): unrouted new appeals and returned ones. */
const triageWhere = (municipalityId: number) =>
  and(
    eq(appeals.municipalityId, municipalityId),
    or(eq(appeals.status, 'rejected'), and(eq(appeals.status, 'new'), isNotNull(appeals.triageReason))),
  );

async function countWhere(db: Db, where: ReturnType<typeof and>): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(appeals).where(where);
  return row?.n ?? 0;
}

/** Appeals an organisation holds past the city's deadline, the latest first by how long they are overdue. */
export async function listOverdue(db: Db, municipalityId: number, now: Date, page: BoardPage) {
  const due = sql<Date>`least(${appeals.responseDueAt}, ${appeals.resolutionDueAt})`;
  const where = overdueWhere(municipalityId, now);
  const [rows, total] = await Promise.all([
    db
      .select(boardRow)
      .from(appeals)
      .innerJoin(categories, eq(categories.id, appeals.categoryId))
      .where(where)
      .orderBy(asc(due), desc(appeals.id))
      .limit(page.limit)
      .offset(page.offset),
    countWhere(db, where),
  ]);
  return { rows, total };
}

/** The dispatcher's triage queue: new appeals routing could not place, and rejected ones, oldest first. */
export async function listTriage(db: Db, municipalityId: number, page: BoardPage) {
  const where = triageWhere(municipalityId);
  const [rows, total] = await Promise.all([
    db
      .select(boardRow)
      .from(appeals)
      .innerJoin(categories, eq(categories.id, appeals.categoryId))
      .where(where)
      .orderBy(asc(appeals.createdAt), asc(appeals.id))
      .limit(page.limit)
      .offset(page.offset),
    countWhere(db, where),
  ]);
  return { rows, total };
}

export type OrganisationQueueFilters = {
  municipalityId: number;
  organisationId: number;
  statuses: AppealStatus[];
  categoryId?: number;
  districtId?: number;
  buildingId?: number;
  priority?: Priority;
  /** Only appeals past a running deadline at `now`. */
  overdueAt?: Date;
};

/**
 * An organisation's queue: its appeals sorted by the running deadline that comes first (the most
 * urgent at the top; appeals without a running clock last), or by filing time.
 */
export async function listOrganisationQueue(
  db: Db,
  f: OrganisationQueueFilters,
  sort: 'due' | 'created',
  limit: number,
  offset: number,
) {
  const due = sql<Date | null>`least(${appeals.responseDueAt}, ${appeals.resolutionDueAt})`;
  return db
    .select({ ...queueRow, reopenCount: appeals.reopenCount, version: appeals.version })
    .from(appeals)
    .innerJoin(categories, eq(categories.id, appeals.categoryId))
    .where(
      and(
        eq(appeals.municipalityId, f.municipalityId),
        eq(appeals.assignedOrgId, f.organisationId),
        inArray(appeals.status, f.statuses),
        f.categoryId === undefined ? undefined : eq(appeals.categoryId, f.categoryId),
        f.districtId === undefined ? undefined : eq(appeals.districtId, f.districtId),
        f.buildingId === undefined ? undefined : eq(appeals.buildingId, f.buildingId),
        f.priority === undefined ? undefined : eq(appeals.priority, f.priority),
        f.overdueAt === undefined ? undefined : lt(due, f.overdueAt),
      ),
    )
    .orderBy(
      ...(sort === 'due' ? [sql`${due} asc nulls last`, asc(appeals.id)] : [desc(appeals.createdAt), desc(appeals.id)]),
    )
    .limit(limit)
    .offset(offset);
}
