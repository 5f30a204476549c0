/**
 * Taking part in a public discussion (issue 17): who a person is for eligibility (their verified
 * identity and confirmed apartments, with the buildings' points), the proposals with their numbers,
 * authors (personal data, read apart), files and counts, and the announcement of a discussion's
 * counts to the live feed.
 */
import { and, asc, desc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import type { Participant, ProposalStatus } from '../../dispatch/discussions.ts';
import { announceDiscussionEvents } from '../announce.ts';
import type { Db } from '../client.ts';
import { getVerifiedIdentity, participantIdentity } from './identities.ts';
import {
  apartmentLinks,
  apartments,
  buildings,
  discussionEvents,
  discussions,
  proposalAuthors,
  proposalFiles,
  proposals,
  userPersonal,
} from '../schema/index.ts';

export type Proposal = typeof proposals.$inferSelect;
export type ProposalFile = typeof proposalFiles.$inferSelect;
export type ProposalAuthor = typeof proposalAuthors.$inferSelect;

/** What is known of a person for taking part: the rule's input and what the proposal's author row takes. */
export type ParticipantFacts = {
  participant: Participant;
  /** The verified identity's personal data (null without one). */
  identity: { fullName: string; birthDate: string | null; registrationAddress: string | null } | null;
  /** The account's own name (user_personal), for a participant known by an apartment only. */
  accountName: string | null;
};

const pointOf = (p: { x: number; y: number }): [number, number] => [p.x, p.y];

/**
 * A person as eligibility sees them: their verified identity (db/queries/identities.ts, with the
 * registration building's address and point) and their confirmed apartment links with the buildings.
 */
export async function participantOf(db: Db, userId: number): Promise<ParticipantFacts> {
  const found = await getVerifiedIdentity(db, userId);
  const links = await db
    .select({
      buildingId: buildings.id,
      address: buildings.address,
      location: buildings.location,
      apartment: apartments.number,
    })
    .from(apartmentLinks)
    .innerJoin(apartments, and(eq(apartments.id, apartmentLinks.apartmentId), isNull(apartments.deletedAt)))
    .innerJoin(buildings, eq(buildings.id, apartments.buildingId))
    .where(and(eq(apartmentLinks.userId, userId), eq(apartmentLinks.status, 'confirmed')))
    .orderBy(asc(apartmentLinks.id));
  const [account] = await db
    .select({ fullName: userPersonal.fullName })
    .from(userPersonal)
    .where(eq(userPersonal.userId, userId))
    .limit(1);
  const identity = found?.identity;
  return {
    participant: {
      identity: participantIdentity(found),
      apartments: links.map((l) => ({
        buildingId: l.buildingId,
        address: l.address,
        point: pointOf(l.location),
        apartment: l.apartment,
      })),
    },
    identity: identity
      ? {
          fullName: identity.fullName,
          birthDate: identity.birthDate,
          registrationAddress: identity.registrationAddress,
        }
      : null,
    accountName: account?.fullName ?? null,
  };
}

/** The people who made proposals to a discussion, each once. */
export async function proposalAuthorIds(db: Db, discussionId: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ authorId: proposals.authorId })
    .from(proposals)
    .where(eq(proposals.discussionId, discussionId));
  return rows.map((r) => r.authorId);
}

/** The buildings of a discussion's territory (found inside it or listed). */
export async function discussionBuildingIds(db: Db, discussionId: number): Promise<Set<number>> {
  const rows = await db.execute<{ building_id: number }>(
    sql`select building_id from discussion_buildings where discussion_id = ${discussionId}`,
  );
  return new Set(rows.map((r) => Number(r.building_id)));
}

/** The proposal a person already made with this key, if any. */
export async function proposalByKey(db: Db, authorId: number, key: string): Promise<Proposal | null> {
  const rows = await db
    .select()
    .from(proposals)
    .where(and(eq(proposals.authorId, authorId), eq(proposals.idempotencyKey, key)))
    .limit(1);
  return rows[0] ?? null;
}

type NewProposal = {
  discussionId: number;
  authorId: number;
  body: string;
  lon: number | null;
  lat: number | null;
  idempotencyKey: string | null;
  at: Date;
};

/**
 * A proposal with its author, its files and its `submitted` event, in one statement (the inserts
 * are CTEs of the proposal's): one round trip while the discussion's lock is held. Its number is the
 * discussion's next, read by this statement — after the lock, so with a snapshot that sees every
 * submission committed before. Null when the author's key already made one (nothing is written).
 */
export async function insertProposal(
  db: Db,
  p: NewProposal,
  author: Omit<typeof proposalAuthors.$inferInsert, 'proposalId'>,
  files: Omit<typeof proposalFiles.$inferInsert, 'proposalId'>[],
): Promise<Proposal | null> {
  const at = p.at.toISOString();
  const rows = await db.execute<{ id: string; number: number }>(sql`
    with p as (
      insert into proposals (discussion_id, number, author_id, body, lon, lat, idempotency_key, submitted_at)
      values (${p.discussionId},
        (select coalesce(max(number), 0) + 1 from proposals where discussion_id = ${p.discussionId}),
        ${p.authorId}, ${p.body}, ${p.lon}, ${p.lat}, ${p.idempotencyKey}, ${at}::timestamptz)
      on conflict (author_id, idempotency_key) do nothing
      returning id, number
    ), a as (
      insert into proposal_authors (proposal_id, full_name, birth_date, address, bases)
      select p.id, ${author.fullName}, ${author.birthDate ?? null}::date, ${author.address}, ${JSON.stringify(author.bases)}::jsonb from p
    ), f as (
      insert into proposal_files (proposal_id, name, sha256, media_type, size, storage_path)
      select p.id, x.name, x.sha256, x.media_type, x.size, x.storage_path
      from p, jsonb_to_recordset(${JSON.stringify(
        files.map((f) => ({
          name: f.name,
          sha256: f.sha256,
          media_type: f.mediaType,
          size: f.size,
          storage_path: f.storagePath,
        })),
      )}::jsonb) as x(name text, sha256 text, media_type text, size int, storage_path text)
    ), e as (
      insert into discussion_events (discussion_id, proposal_id, step, actor_id, to_status, data, at)
      select ${p.discussionId}, p.id, 'submitted', ${p.authorId}, 'submitted',
        jsonb_build_object('number', p.number, 'files', ${files.length}::int), ${at}::timestamptz from p
    )
    select id, number from p`);
  if (rows.length === 0) return null;
  return {
    id: Number(rows[0]!.id),
    discussionId: p.discussionId,
    number: Number(rows[0]!.number),
    authorId: p.authorId,
    body: p.body,
    lon: p.lon,
    lat: p.lat,
    status: 'submitted',
    rejectReason: null,
    moderatedBy: null,
    moderatedAt: null,
    recommendation: null,
    recommendationReason: null,
    idempotencyKey: p.idempotencyKey,
    submittedAt: p.at,
    version: 1,
  };
}

export async function getProposal(db: Db, id: number): Promise<Proposal | null> {
  const rows = await db.select().from(proposals).where(eq(proposals.id, id)).limit(1);
  return rows[0] ?? null;
}

export async function lockProposal(db: Db, id: number): Promise<Proposal | null> {
  const rows = await db.select().from(proposals).where(eq(proposals.id, id)).for('update').limit(1);
  return rows[0] ?? null;
}

export async function updateProposal(
  db: Db,
  id: number,
  set: Partial<Omit<Proposal, 'id' | 'version'>>,
): Promise<Proposal> {
  const [row] = await db
    .update(proposals)
    .set({ ...set, version: sql`${proposals.version} + 1` })
    .where(eq(proposals.id, id))
    .returning();
  return row!;
}

export type ProposalCounts = { submitted: number; accepted: number; rejected: number; total: number };

/** How many proposals a discussion has, by status. */
export async function proposalCounts(db: Db, discussionId: number): Promise<ProposalCounts> {
  const rows = await db
    .select({ status: proposals.status, n: sql<string>`count(*)` })
    .from(proposals)
    .where(eq(proposals.discussionId, discussionId))
    .groupBy(proposals.status);
  const counts: ProposalCounts = { submitted: 0, accepted: 0, rejected: 0, total: 0 };
  for (const r of rows) {
    counts[r.status] = Number(r.n);
    counts.total += Number(r.n);
  }
  return counts;
}

/** A discussion's proposals in number order, of one status or all, after a number (the page's cursor). */
export async function listProposals(
  db: Db,
  discussionId: number,
  q: { status?: ProposalStatus; after?: number; limit: number },
): Promise<Proposal[]> {
  return db
    .select()
    .from(proposals)
    .where(
      and(
        eq(proposals.discussionId, discussionId),
        q.status ? eq(proposals.status, q.status) : undefined,
        q.after ? gt(proposals.number, q.after) : undefined,
      ),
    )
    .orderBy(asc(proposals.number))
    .limit(q.limit);
}

/** The authors of proposals (personal data: only for those who may read it). */
export async function authorsOf(db: Db, proposalIds: readonly number[]): Promise<Map<number, ProposalAuthor>> {
  if (proposalIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(proposalAuthors)
    .where(inArray(proposalAuthors.proposalId, [...proposalIds]));
  return new Map(rows.map((r) => [r.proposalId, r]));
}

/** The files of proposals, by proposal. */
export async function filesOf(db: Db, proposalIds: readonly number[]): Promise<Map<number, ProposalFile[]>> {
  const out = new Map<number, ProposalFile[]>();
  if (proposalIds.length === 0) return out;
  const rows = await db
    .select()
    .from(proposalFiles)
    .where(inArray(proposalFiles.proposalId, [...proposalIds]))
    .orderBy(asc(proposalFiles.id));
  for (const r of rows) out.set(r.proposalId, [...(out.get(r.proposalId) ?? []), r]);
  return out;
}

export async function getProposalFile(db: Db, proposalId: number, fileId: number): Promise<ProposalFile | null> {
  const rows = await db
    .select()
    .from(proposalFiles)
    .where(and(eq(proposalFiles.id, fileId), eq(proposalFiles.proposalId, proposalId)))
    .limit(1);
  return rows[0] ?? null;
}

/** A person's own proposals, the latest first, each with its discussion's number, title and status. */
export async function listMyProposals(db: Db, authorId: number, limit: number) {
  return db
    .select({
      proposal: proposals,
      discussion: {
        id: discussions.id,
        number: discussions.number,
        title: discussions.title,
        status: discussions.status,
        proposalsFrom: discussions.proposalsFrom,
        proposalsTo: discussions.proposalsTo,
      },
    })
    .from(proposals)
    .innerJoin(discussions, eq(discussions.id, proposals.discussionId))
    .where(eq(proposals.authorId, authorId))
    .orderBy(desc(proposals.submittedAt), desc(proposals.id))
    .limit(limit);
}

/**
 * Tell every process that a discussion's proposals changed, so that its public topic
 * `discussion:{id}` gets the counts: its newest event (the submission's or the moderation's, written
 * in the transaction that just committed) is announced on `otklik_discussions` like every discussion
 * event (db/announce.ts), and the live feed reads the discussion with its counts. Called on the pool
 * after the writing transaction commits: a NOTIFY inside it would serialise the commits.
 */
export async function announceDiscussionCounts(db: Db, discussionId: number): Promise<void> {
  const [row] = await db
    .select({ id: sql<string | null>`max(${discussionEvents.id})` })
    .from(discussionEvents)
    .where(eq(discussionEvents.discussionId, discussionId));
  if (row?.id) announceDiscussionEvents(db, [{ id: Number(row.id) }]);
}
