/**
 * A public discussion as the use cases read and change it (issue 17): one row, locked for a step,
 * changed with its version, and the events of its steps.
 */
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DiscussionStatus } from '../../dispatch/discussions.ts';
import type { DiscussionEventSnapshot } from '../../dispatch/live-records.ts';
import { announceDiscussionEvents } from '../announce.ts';
import type { Db } from '../client.ts';
import {
  buildings,
  discussionBuildings,
  discussionDocuments,
  discussionEvents,
  discussionNumbers,
  discussions,
  proposals,
} from '../schema/index.ts';

export type Discussion = typeof discussions.$inferSelect;
export type DiscussionEvent = typeof discussionEvents.$inferSelect;

export async function getDiscussion(db: Db, id: number): Promise<Discussion | null> {
  const rows = await db.select().from(discussions).where(eq(discussions.id, id)).limit(1);
  return rows[0] ?? null;
}

/** The row under FOR UPDATE: a step, a moderation or a change waits for the one before it. */
export async function lockDiscussion(db: Db, id: number): Promise<Discussion | null> {
  const rows = await db.select().from(discussions).where(eq(discussions.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

/** Change the row, its version up by one and `updatedAt` set. */
export async function updateDiscussion(
  db: Db,
  id: number,
  set: Partial<Omit<Discussion, 'id' | 'version'>>,
  at: Date,
): Promise<Discussion> {
  const [row] = await db
    .update(discussions)
    .set({ ...set, updatedAt: at, version: sql`${discussions.version} + 1` })
    .where(eq(discussions.id, id))
    .returning();
  return row!;
}

export async function insertDiscussionEvent(
  db: Db,
  row: typeof discussionEvents.$inferInsert,
): Promise<DiscussionEvent> {
  const [created] = await db.insert(discussionEvents).values(row).returning();
  // On the live topic discussion:{id} once committed (api/live): its status and its counts.
  announceDiscussionEvents(db, [created!]);
  return created!;
}

// ─── Reading discussions (issue 17: the public list and map, the organiser's list, the page) ───

export type DiscussionCounts = { submitted: number; accepted: number; rejected: number; total: number };
const noCounts = (): DiscussionCounts => ({ submitted: 0, accepted: 0, rejected: 0, total: 0 });

/** The proposals of each discussion counted by status, live from `proposals`. */
export async function discussionCounts(db: Db, ids: readonly number[]): Promise<Map<number, DiscussionCounts>> {
  const out = new Map<number, DiscussionCounts>(ids.map((id) => [id, noCounts()]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: proposals.discussionId, status: proposals.status, n: sql<number>`count(*)::int` })
    .from(proposals)
    .where(inArray(proposals.discussionId, [...ids]))
    .groupBy(proposals.discussionId, proposals.status);
  for (const r of rows) {
    const c = out.get(r.id)!;
    c[r.status] = r.n;
    c.total += r.n;
  }
  return out;
}

export type DiscussionListQuery = {
  municipalityId: number;
  statuses: readonly DiscussionStatus[];
  /** Drafts and cancelled-before-announcement too (the organiser's list). */
  withUnpublished?: boolean;
  organiserId?: number | null;
  box?: { minLon: number; minLat: number; maxLon: number; maxLat: number };
  limit: number;
};

/** Discussions of a municipality by status, newest notice first, optionally those whose box meets a viewport. */
export async function listDiscussions(db: Db, q: DiscussionListQuery) {
  const conditions: SQL[] = [eq(discussions.municipalityId, q.municipalityId)];
  if (q.statuses.length > 0) conditions.push(inArray(discussions.status, [...q.statuses]));
  if (!q.withUnpublished) {
    conditions.push(
      sql`${discussions.status} <> 'draft' and not (${discussions.status} = 'cancelled' and ${discussions.announcedAt} is null)`,
    );
  }
  if (q.organiserId) conditions.push(eq(discussions.organiserId, q.organiserId));
  if (q.box) {
    conditions.push(
      sql`${discussions.west} <= ${q.box.maxLon} and ${discussions.east} >= ${q.box.minLon} and ${discussions.south} <= ${q.box.maxLat} and ${discussions.north} >= ${q.box.minLat}`,
    );
  }
  return db
    .select()
    .from(discussions)
    .where(and(...conditions))
    .orderBy(desc(discussions.noticeOn), desc(discussions.id))
    .limit(q.limit);
}

export type DiscussionBuildingRef = {
  id: number;
  address: string;
  lon: number;
  lat: number;
  via: 'territory' | 'listed';
};

/** The buildings of a discussion's territory, by address. */
export async function listDiscussionBuildings(db: Db, discussionId: number): Promise<DiscussionBuildingRef[]> {
  return db
    .select({
      id: buildings.id,
      address: buildings.address,
      lon: sql<number>`(${buildings.location})[0]`,
      lat: sql<number>`(${buildings.location})[1]`,
      via: discussionBuildings.via,
    })
    .from(discussionBuildings)
    .innerJoin(buildings, eq(buildings.id, discussionBuildings.buildingId))
    .where(eq(discussionBuildings.discussionId, discussionId))
    .orderBy(asc(buildings.address));
}

/** The buildings of the municipality whose point lies in a box (the prefilter before the territory's rule). */
export async function buildingPointsInBox(
  db: Db,
  municipalityId: number,
  box: readonly [number, number, number, number],
): Promise<{ id: number; lon: number; lat: number }[]> {
  return db
    .select({
      id: buildings.id,
      lon: sql<number>`(${buildings.location})[0]`,
      lat: sql<number>`(${buildings.location})[1]`,
    })
    .from(buildings)
    .where(
      and(
        eq(buildings.municipalityId, municipalityId),
        sql`${buildings.location} <@ box(point(${box[0]}, ${box[1]}), point(${box[2]}, ${box[3]}))`,
      ),
    );
}

/** Which of these ids are buildings of the municipality. */
export async function existingBuildingIds(
  db: Db,
  municipalityId: number,
  ids: readonly number[],
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: buildings.id })
    .from(buildings)
    .where(and(eq(buildings.municipalityId, municipalityId), inArray(buildings.id, [...ids])));
  return new Set(rows.map((r) => r.id));
}

/** Replace the discussion's buildings: those inside the territory, then the listed ones not among them. */
export async function replaceDiscussionBuildings(
  db: Db,
  discussionId: number,
  inside: readonly number[],
  listed: readonly number[],
): Promise<void> {
  await db.delete(discussionBuildings).where(eq(discussionBuildings.discussionId, discussionId));
  const found = new Set(inside);
  const values = [
    ...inside.map((buildingId) => ({ discussionId, buildingId, via: 'territory' as const })),
    ...[...new Set(listed)]
      .filter((id) => !found.has(id))
      .map((buildingId) => ({ discussionId, buildingId, via: 'listed' as const })),
  ];
  for (let i = 0; i < values.length; i += 5000) {
    await db.insert(discussionBuildings).values(values.slice(i, i + 5000));
  }
}

/** The next number of the municipality's year: "ПС-2026-14". */
export async function nextDiscussionNumber(db: Db, municipalityId: number, year: number): Promise<string> {
  const [row] = await db
    .insert(discussionNumbers)
    .values({ municipalityId, year, last: 1 })
    .onConflictDoUpdate({
      target: [discussionNumbers.municipalityId, discussionNumbers.year],
      set: { last: sql`${discussionNumbers.last} + 1` },
    })
    .returning({ last: discussionNumbers.last });
  return `ПС-${year}-${row.last}`;
}

export async function insertDiscussion(db: Db, row: typeof discussions.$inferInsert): Promise<Discussion> {
  const [created] = await db.insert(discussions).values(row).returning();
  return created!;
}

export type DiscussionDocument = typeof discussionDocuments.$inferSelect;

export async function listDiscussionDocuments(db: Db, discussionId: number): Promise<DiscussionDocument[]> {
  return db
    .select()
    .from(discussionDocuments)
    .where(eq(discussionDocuments.discussionId, discussionId))
    .orderBy(asc(discussionDocuments.position), asc(discussionDocuments.id));
}

export async function getDiscussionDocument(
  db: Db,
  discussionId: number,
  documentId: number,
): Promise<DiscussionDocument | null> {
  const rows = await db
    .select()
    .from(discussionDocuments)
    .where(and(eq(discussionDocuments.discussionId, discussionId), eq(discussionDocuments.id, documentId)))
    .limit(1);
  return rows[0] ?? null;
}

export async function insertDiscussionDocument(
  db: Db,
  row: Omit<typeof discussionDocuments.$inferInsert, 'position'>,
): Promise<DiscussionDocument> {
  const [created] = await db
    .insert(discussionDocuments)
    .values({
      ...row,
      position: sql`(select coalesce(max(position), -1) + 1 from discussion_documents where discussion_id = ${row.discussionId})`,
    })
    .returning();
  return created!;
}

export async function deleteDiscussionDocument(db: Db, discussionId: number, documentId: number): Promise<boolean> {
  const rows = await db
    .delete(discussionDocuments)
    .where(and(eq(discussionDocuments.discussionId, discussionId), eq(discussionDocuments.id, documentId)))
    .returning({ id: discussionDocuments.id });
  return rows.length > 0;
}

export async function listDiscussionEvents(db: Db, discussionId: number): Promise<DiscussionEvent[]> {
  return db
    .select()
    .from(discussionEvents)
    .where(eq(discussionEvents.discussionId, discussionId))
    .orderBy(asc(discussionEvents.id));
}

// ─── The timers ────────────────────────────────────────────────────────────────────────────

/**
 * Discussions whose timed step fell due by `now` and did not happen: announced ones whose
 * exposition's first local midnight passed (open), open ones whose proposals' last day ended (close).
 */
export async function listDueDiscussionSteps(
  db: Db,
  now: Date,
  limit: number,
): Promise<{ id: number; step: 'open' | 'close' }[]> {
  const rows = await db.execute<{ id: string; step: 'open' | 'close' }>(sql`
    select d.id, case when d.status = 'announced' then 'open' else 'close' end as step
    from discussions d join municipalities m on m.id = d.municipality_id
    where (d.status = 'announced' and (d.exposition_from::timestamp at time zone m.time_zone) <= ${now.toISOString()}::timestamptz)
       or (d.status = 'open' and ((d.proposals_to + 1)::timestamp at time zone m.time_zone) <= ${now.toISOString()}::timestamptz)
    order by d.id limit ${limit}`);
  return rows.map((r) => ({ id: Number(r.id), step: r.step }));
}

/** The buildings the organiser listed (beside those the territory holds). */
export async function listedBuildingIds(db: Db, discussionId: number): Promise<number[]> {
  const rows = await db
    .select({ id: discussionBuildings.buildingId })
    .from(discussionBuildings)
    .where(and(eq(discussionBuildings.discussionId, discussionId), eq(discussionBuildings.via, 'listed')));
  return rows.map((r) => r.id);
}

// ─── The live topic discussion:{id} (api/live) ────────────────────────────────────────────

export async function lastDiscussionEventId(db: Db): Promise<number> {
  const [row] = await db.select({ id: sql<string>`coalesce(max(${discussionEvents.id}), 0)` }).from(discussionEvents);
  return Number(row?.id ?? 0);
}

export async function discussionEventIdsAfter(db: Db, afterId: number, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: discussionEvents.id })
    .from(discussionEvents)
    .where(sql`${discussionEvents.id} > ${afterId}`)
    .orderBy(asc(discussionEvents.id))
    .limit(limit);
  return rows.map((r) => r.id);
}

async function discussionSnapshotsWhere(db: Db, where: SQL, limit?: number): Promise<DiscussionEventSnapshot[]> {
  const q = db
    .select({
      id: discussionEvents.id,
      discussionId: discussionEvents.discussionId,
      step: discussionEvents.step,
      fromStatus: discussionEvents.fromStatus,
      toStatus: discussionEvents.toStatus,
      at: discussionEvents.at,
      status: discussions.status,
      version: discussions.version,
    })
    .from(discussionEvents)
    .innerJoin(discussions, eq(discussions.id, discussionEvents.discussionId))
    .where(where)
    .orderBy(asc(discussionEvents.id));
  const rows = await (limit === undefined ? q : q.limit(limit));
  // Counted as the event is read: the counts are those after it (and after what committed since).
  const counts = await discussionCounts(db, [...new Set(rows.map((r) => r.discussionId))]);
  return rows.map((r) => ({
    id: r.id,
    discussionId: r.discussionId,
    step: r.step,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    at: r.at,
    discussion: { status: r.status, version: r.version, counts: counts.get(r.discussionId)! },
  }));
}

export async function discussionEventSnapshots(db: Db, ids: readonly number[]): Promise<DiscussionEventSnapshot[]> {
  if (ids.length === 0) return [];
  return discussionSnapshotsWhere(db, inArray(discussionEvents.id, [...ids]));
}

export async function discussionEventSnapshotsAfter(db: Db, afterId: number, limit: number) {
  return discussionSnapshotsWhere(db, sql`${discussionEvents.id} > ${afterId}`, limit);
}

/** What the live route checks a discussion topic against: its municipality, organiser and whether it is public. */
export async function discussionTopicFacts(db: Db, discussionId: number) {
  const d = await getDiscussion(db, discussionId);
  return d
    ? {
        kind: 'discussion' as const,
        municipalityId: d.municipalityId,
        organiserId: d.organiserId,
        public: d.status !== 'draft' && !(d.status === 'cancelled' && d.announcedAt === null),
      }
    : null;
}
