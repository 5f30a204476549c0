import { and, asc, eq, gt, inArray, lte, max, sql } from 'drizzle-orm';
import type { EventSnapshot, TopicFacts } from '../../dispatch/live.ts';
import type { Db } from '../client.ts';
import { appealEvents, appealFollowers, appeals, organisations } from '../schema/index.ts';

const snapshotColumns = {
  id: appealEvents.id,
  appealId: appealEvents.appealId,
  type: appealEvents.type,
  fromStatus: appealEvents.fromStatus,
  toStatus: appealEvents.toStatus,
  organisationId: appealEvents.organisationId,
  previousOrganisationId: sql<number | null>`(${appealEvents.payload}->>'previousOrganisationId')::int`,
  visibility: sql<'public' | 'internal' | null>`${appealEvents.payload}->>'visibility'`,
  at: appealEvents.at,
  number: appeals.number,
  municipalityId: appeals.municipalityId,
  districtId: appeals.districtId,
  status: appeals.status,
  priority: appeals.priority,
  categoryId: appeals.categoryId,
  assignedOrgId: appeals.assignedOrgId,
  public: appeals.public,
  location: appeals.location,
  responseDueAt: appeals.responseDueAt,
  resolutionDueAt: appeals.resolutionDueAt,
  responseBreachedAt: appeals.responseBreachedAt,
  resolutionBreachedAt: appeals.resolutionBreachedAt,
};

const snapshots = (db: Db) =>
  db.select(snapshotColumns).from(appealEvents).innerJoin(appeals, eq(appeals.id, appealEvents.appealId));
type Row = Awaited<ReturnType<typeof snapshots>>[number];

function toSnapshot(r: Row): EventSnapshot {
  return {
    id: r.id,
    appealId: r.appealId,
    type: r.type,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    organisationId: r.organisationId,
    previousOrganisationId: r.previousOrganisationId === null ? null : Number(r.previousOrganisationId),
    visibility: r.visibility === 'internal' || r.visibility === 'public' ? r.visibility : null,
    at: r.at,
    appeal: {
      number: r.number,
      municipalityId: r.municipalityId,
      districtId: r.districtId,
      status: r.status,
      priority: r.priority,
      categoryId: r.categoryId,
      assignedOrgId: r.assignedOrgId,
      public: r.public,
      lat: r.location.y,
      lon: r.location.x,
      responseDueAt: r.responseDueAt,
      resolutionDueAt: r.resolutionDueAt,
      responseBreachedAt: r.responseBreachedAt,
      resolutionBreachedAt: r.resolutionBreachedAt,
    },
  };
}

/** Committed events by id, with their appeals as they stand, in id order. */
export async function eventSnapshots(db: Db, ids: readonly number[]): Promise<EventSnapshot[]> {
  if (ids.length === 0) return [];
  const rows = await snapshots(db)
    .where(inArray(appealEvents.id, [...ids]))
    .orderBy(asc(appealEvents.id));
  return rows.map(toSnapshot);
}

/** Events after an id (the feed's catch-up after its connection came back), in id order. */
export async function eventSnapshotsAfter(db: Db, afterId: number, limit: number): Promise<EventSnapshot[]> {
  const rows = await snapshots(db).where(gt(appealEvents.id, afterId)).orderBy(asc(appealEvents.id)).limit(limit);
  return rows.map(toSnapshot);
}

/**
 * Events in the id range (afterId, upToId] of a stream, for a reconnecting client; the caller
 * filters them by topic and audience. The range is bounded by the caller, so this never scans far.
 */
export async function eventSnapshotsBetween(
  db: Db,
  afterId: number,
  upToId: number,
  where?: { appealId?: number },
): Promise<EventSnapshot[]> {
  const conditions = [gt(appealEvents.id, afterId), lte(appealEvents.id, upToId)];
  if (where?.appealId !== undefined) conditions.push(eq(appealEvents.appealId, where.appealId));
  const rows = await snapshots(db)
    .where(and(...conditions))
    .orderBy(asc(appealEvents.id));
  return rows.map(toSnapshot);
}

/** Ids of the events after an id, in id order (what the feed's periodic catch-up compares). */
export async function eventIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: appealEvents.id })
    .from(appealEvents)
    .where(gt(appealEvents.id, afterId))
    .orderBy(asc(appealEvents.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function lastEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: max(appealEvents.id) }).from(appealEvents);
  return row?.id ?? 0;
}

/** What a subscription check needs about an appeal, for this user. */
export async function appealTopicFacts(db: Db, appealId: number, userId: number | null): Promise<TopicFacts | null> {
  const [row] = await db
    .select({
      municipalityId: appeals.municipalityId,
      assignedOrgId: appeals.assignedOrgId,
      authorId: appeals.authorId,
      public: appeals.public,
      followed:
        userId === null
          ? sql<boolean>`false`
          : sql<boolean>`exists (select 1 from ${appealFollowers} f where f.appeal_id = ${appeals.id} and f.user_id = ${userId})`,
    })
    .from(appeals)
    .where(eq(appeals.id, appealId));
  if (!row) return null;
  return {
    kind: 'appeal',
    municipalityId: row.municipalityId,
    assignedOrgId: row.assignedOrgId,
    authorId: row.authorId,
    public: row.public,
    followedByActor: row.followed,
  };
}

export async function organisationTopicFacts(db: Db, organisationId: number): Promise<TopicFacts | null> {
  const [row] = await db
    .select({ municipalityId: organisations.municipalityId })
    .from(organisations)
    .where(eq(organisations.id, organisationId));
  return row ? { kind: 'org', municipalityId: row.municipalityId } : null;
}
