/**
 * What the protocol and the conclusion of a discussion are made of (issue 17), read from the rows
 * each time a document is asked for (no stale files), and the organiser's recommendation on a
 * proposal. The participants' personal data is read only when the organiser's copy asks for it.
 */
import { and, asc, count, countDistinct, eq, inArray, sql } from 'drizzle-orm';
import type { Recommendation } from '../../dispatch/discussions.ts';
import type { ProtocolProposal } from '../../dispatch/protocols.ts';
import type { Db } from '../client.ts';
import type { Proposal } from './proposals.ts';
import { discussionBuildings, municipalities, organisations, proposalAuthors, proposals } from '../schema/index.ts';

/** The organiser's and the municipality's names and the municipality's time zone. */
export async function protocolParties(db: Db, organiserId: number, municipalityId: number) {
  const [row] = await db
    .select({
      organiser: organisations.nameRu,
      municipality: municipalities.nameRu,
      timeZone: municipalities.timeZone,
    })
    .from(organisations)
    .innerJoin(municipalities, eq(municipalities.id, municipalityId))
    .where(eq(organisations.id, organiserId));
  return row!;
}

/** How many buildings the territory holds. */
export async function territoryBuildingCount(db: Db, discussionId: number): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(discussionBuildings)
    .where(eq(discussionBuildings.discussionId, discussionId));
  return Number(row?.n ?? 0);
}

/** The discussion's proposals by status, and how many people made any. */
export async function proposalCounts(db: Db, discussionId: number) {
  const rows = await db
    .select({ status: proposals.status, n: count() })
    .from(proposals)
    .where(eq(proposals.discussionId, discussionId))
    .groupBy(proposals.status);
  const [people] = await db
    .select({ n: countDistinct(proposals.authorId) })
    .from(proposals)
    .where(eq(proposals.discussionId, discussionId));
  const of = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  return {
    participants: Number(people?.n ?? 0),
    submitted: of('submitted'),
    accepted: of('accepted'),
    rejected: of('rejected'),
  };
}

/**
 * The decided proposals in number order, with their authors' personal data only when `personal`
 * (the organiser's copy). Their ids and authors' user ids come too, for the organiser's screen and
 * the trail of personal-data reads; the documents never print them.
 */
export async function protocolProposals(
  db: Db,
  discussionId: number,
  personal: boolean,
): Promise<(ProtocolProposal & { id: number; version: number; authorId: number })[]> {
  const rows = await db
    .select({
      id: proposals.id,
      version: proposals.version,
      authorId: proposals.authorId,
      number: proposals.number,
      body: proposals.body,
      submittedAt: proposals.submittedAt,
      status: proposals.status,
      rejectReason: proposals.rejectReason,
      recommendation: proposals.recommendation,
      recommendationReason: proposals.recommendationReason,
      fullName: proposalAuthors.fullName,
      birthDate: proposalAuthors.birthDate,
      address: proposalAuthors.address,
      bases: proposalAuthors.bases,
    })
    .from(proposals)
    .leftJoin(proposalAuthors, personal ? eq(proposalAuthors.proposalId, proposals.id) : sql`false`)
    .where(and(eq(proposals.discussionId, discussionId), inArray(proposals.status, ['accepted', 'rejected'])))
    .orderBy(asc(proposals.number));
  return rows.map(({ fullName, birthDate, address, bases, status, ...p }) => ({
    ...p,
    status: status as 'accepted' | 'rejected',
    ...(personal && fullName !== null
      ? { author: { fullName, birthDate, address: address ?? '', bases: bases ?? [] } }
      : {}),
  }));
}

/** Set the organiser's recommendation, the proposal's version up by one. */
export async function setRecommendation(
  db: Db,
  id: number,
  recommendation: Recommendation,
  reason: string,
): Promise<Proposal> {
  const [row] = await db
    .update(proposals)
    .set({ recommendation, recommendationReason: reason, version: sql`${proposals.version} + 1` })
    .where(eq(proposals.id, id))
    .returning();
  return row!;
}
