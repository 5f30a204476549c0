import { and, asc, desc, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import { arrayLiteral, type Db } from '../client.ts';
import { heldStatuses } from '../../dispatch/board.ts';
import { appealEvents, appeals, categories, slaPolicies } from '../schema/index.ts';
import type { AppealStatus, Priority } from '../schema/index.ts';

/** The SLA policies municipalities set (a handful each: per priority, some per category). */
export async function listSlaPolicies(db: Db, municipalityIds: readonly number[]) {
  return db
    .select()
    .from(slaPolicies)
    .where(inArray(slaPolicies.municipalityId, [...municipalityIds]));
}

export type SlaPolicyRow = Awaited<ReturnType<typeof listSlaPolicies>>[number];

/** What decides an appeal's SLA policy. */
export async function getAppealClockKey(db: Db, appealId: number) {
  return (await lockAppealsForClocks(db, [appealId], false))[0] ?? null;
}

/**
 * What decides the SLA policies of many appeals, by id; with `lock`, their rows held for update
 * (in id order, so two callers never wait on each other in a cycle).
 */
export async function lockAppealsForClocks(db: Db, appealIds: readonly number[], lock = true) {
  const query = db
    .select({
      id: appeals.id,
      municipalityId: appeals.municipalityId,
      categoryId: appeals.categoryId,
      priority: appeals.priority,
      outageId: appeals.outageId,
    })
    .from(appeals)
    .where(inArray(appeals.id, [...appealIds]))
    .orderBy(asc(appeals.id));
  return lock ? query.for('update') : query;
}

/** The history of many appeals as far as the clocks care, each in order (dispatch/sla-events.ts). */
export async function listClockEventsOf(db: Db, appealIds: readonly number[]) {
  return db
    .select({
      appealId: appealEvents.appealId,
      type: appealEvents.type,
      fromStatus: appealEvents.fromStatus,
      toStatus: appealEvents.toStatus,
      organisationId: appealEvents.organisationId,
      payload: appealEvents.payload,
      at: appealEvents.at,
    })
    .from(appealEvents)
    .where(inArray(appealEvents.appealId, [...appealIds]))
    .orderBy(asc(appealEvents.appealId), asc(appealEvents.id));
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

/** The clock columns and the next step's instant of many appeals, in one statement. */
export async function updateClockColumnsOf(
  db: Db,
  rows: readonly (ClockColumns & { id: number; nextStepAt: Date | null })[],
): Promise<void> {
  if (rows.length === 0) return;
  const column = (pick: (r: (typeof rows)[number]) => Date | null) =>
    arrayLiteral(rows.map((r) => pick(r)?.toISOString() ?? null));
  await db.execute(sql`
    update ${appeals} set
      response_due_at = u.response_due_at,
      resolution_due_at = u.resolution_due_at,
      response_breached_at = u.response_breached_at,
      resolution_breached_at = u.resolution_breached_at,
      next_step_at = u.next_step_at
    from unnest(
      ${arrayLiteral(rows.map((r) => r.id))}::int[],
      ${column((r) => r.responseDueAt)}::timestamptz[],
      ${column((r) => r.resolutionDueAt)}::timestamptz[],
      ${column((r) => r.responseBreachedAt)}::timestamptz[],
      ${column((r) => r.resolutionBreachedAt)}::timestamptz[],
      ${column((r) => r.nextStepAt)}::timestamptz[]
    ) as u(id, response_due_at, resolution_due_at, response_breached_at, resolution_breached_at, next_step_at)
    where ${appeals.id} = u.id`);
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
