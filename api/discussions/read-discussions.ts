/**
 * What anyone reads of discussions (issue 17): the municipality's list and map, a discussion's page,
 * its documents; and what its organiser reads besides: the drafts and the timeline of its steps.
 * A draft, and one cancelled before its notice, exist for the organiser only (404 to the rest).
 */
import { getOrganisationRef } from '../../db/queries/organisations.ts';
import { findMunicipality, getMunicipality } from '../../db/queries/municipalities.ts';
import {
  type Discussion,
  type DiscussionCounts,
  discussionCounts,
  getDiscussion,
  getDiscussionDocument,
  listDiscussionBuildings,
  listDiscussionDocuments,
  listDiscussionEvents,
  listDiscussions,
} from '../../db/queries/discussions.ts';
import { type DiscussionStatus, isPublicStatus } from '../../dispatch/discussions.ts';
import { can, scopeOf } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Forbidden, NotFound } from '../errors.ts';
import type { DiscussionDetail, DiscussionSummary, ListQuery } from './schemas.ts';
import { discussionResource } from './steps.ts';

const groups: Record<ListQuery['status'], DiscussionStatus[]> = {
  open: ['open'],
  upcoming: ['announced'],
  past: ['closed', 'protocol', 'concluded', 'cancelled'],
  all: [],
};

const scheduleOf = (d: Discussion) => ({
  noticeOn: d.noticeOn,
  expositionFrom: d.expositionFrom,
  expositionTo: d.expositionTo,
  proposalsFrom: d.proposalsFrom,
  proposalsTo: d.proposalsTo,
  protocolBy: d.protocolBy,
  conclusionBy: d.conclusionBy,
});

/** A discussion as the list and the map show it. */
export function discussionSummary(d: Discussion, counts: DiscussionCounts | undefined): DiscussionSummary {
  return {
    id: d.id,
    number: d.number,
    kind: d.kind,
    title: d.title,
    status: d.status,
    schedule: scheduleOf(d),
    centre: [d.centreLon, d.centreLat],
    box: [d.west, d.south, d.east, d.north],
    outlines: [...d.territory.areas.map((a) => a.outer), ...d.territory.plots.map((p) => p.ring)],
    counts: counts ?? { submitted: 0, accepted: 0, rejected: 0, total: 0 },
  };
}

/** Everyone's list: the municipality's public discussions by status group, optionally in a viewport. */
export async function listPublicDiscussions(ctx: Context, q: ListQuery) {
  const municipality = await findMunicipality(ctx.db, q.municipality);
  if (!municipality) throw new NotFound('municipality');
  const rows = await listDiscussions(ctx.db, {
    municipalityId: municipality.id,
    statuses: groups[q.status],
    box: q.bbox,
    limit: q.limit,
  });
  const counts = await discussionCounts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => discussionSummary(r, counts.get(r.id))), municipalityId: municipality.id };
}

/** The organiser's list, drafts included: a supervisor's organisation's, or the admin's municipality's. */
export async function listManagedDiscussions(ctx: Context) {
  const actor = ctx.actor!;
  const ownOnly = scopeOf(actor, 'discussion.manage') === 'organisation';
  const rows = await listDiscussions(ctx.db, {
    municipalityId: actor.municipalityId,
    statuses: [],
    withUnpublished: true,
    organiserId: ownOnly ? (actor.organisationId ?? -1) : null,
    limit: 500,
  });
  const counts = await discussionCounts(
    ctx.db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => discussionSummary(r, counts.get(r.id))) };
}

/** The organiser's people: who may see a draft and the timeline. */
export const isOrganiser = (ctx: Context, d: Discussion) =>
  can(ctx.actor, 'discussion.manage', discussionResource(d)) ||
  can(ctx.actor, 'discussion.moderate', discussionResource(d));

/** The discussion if this actor may read it, else 404 (a draft is the organiser's only). */
export async function readableDiscussion(ctx: Context, id: number): Promise<Discussion> {
  const d = await getDiscussion(ctx.db, id);
  if (!d || !can(ctx.actor, 'discussion.read', discussionResource(d))) throw new NotFound('discussion');
  if (!isPublicStatus(d.status, d.announcedAt) && !isOrganiser(ctx, d)) throw new NotFound('discussion');
  return d;
}

/** Which stage runs now, as the project page's timeline marks it. */
function stageOf(status: DiscussionStatus): DiscussionDetail['stage'] {
  const stages: Record<DiscussionStatus, DiscussionDetail['stage']> = {
    draft: 'draft',
    announced: 'notice',
    open: 'exposition',
    closed: 'protocol',
    protocol: 'conclusion',
    concluded: 'archive',
    cancelled: 'cancelled',
  };
  return stages[status];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const documentUrl = (discussionId: number, documentId: number) =>
  `/api/discussions/${discussionId}/documents/${documentId}`;

/** The project page: the territory with its buildings, the documents, the dates, the organiser, the counts. */
export async function showDiscussion(ctx: Context, id: number): Promise<DiscussionDetail> {
  const d = await readableDiscussion(ctx, id);
  const [buildings, documents, counts, organiser, municipality] = await Promise.all([
    listDiscussionBuildings(ctx.db, d.id),
    listDiscussionDocuments(ctx.db, d.id),
    discussionCounts(ctx.db, [d.id]),
    getOrganisationRef(ctx.db, d.organiserId),
    getMunicipality(ctx.db, d.municipalityId),
  ]);
  return {
    ...discussionSummary(d, counts.get(d.id)),
    municipalityId: d.municipalityId,
    timeZone: municipality?.timeZone ?? 'Europe/Moscow',
    summary: d.summary,
    expositionPlace: d.expositionPlace,
    territory: d.territory,
    buildings,
    documents: documents.map((doc) => ({
      id: doc.id,
      title: doc.title,
      name: doc.name,
      mediaType: doc.mediaType,
      size: doc.size,
      url: documentUrl(d.id, doc.id),
      createdAt: doc.createdAt.toISOString(),
    })),
    organiser: { id: d.organiserId, nameRu: organiser?.nameRu ?? '', nameEn: organiser?.nameEn ?? '' },
    announcedAt: iso(d.announcedAt),
    openedAt: iso(d.openedAt),
    closedAt: iso(d.closedAt),
    protocolSignedAt: iso(d.protocolSignedAt),
    concludedAt: iso(d.concludedAt),
    cancelledAt: iso(d.cancelledAt),
    cancelReason: d.cancelReason,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    version: d.version,
    stage: stageOf(d.status),
    canManage: can(ctx.actor, 'discussion.manage', discussionResource(d)),
    canModerate: can(ctx.actor, 'discussion.moderate', discussionResource(d)),
  };
}

/** A document of a discussion one may read (public once the discussion is). */
export async function discussionDocumentToDownload(ctx: Context, id: number, documentId: number) {
  const d = await readableDiscussion(ctx, id);
  const doc = await getDiscussionDocument(ctx.db, d.id, documentId);
  if (!doc) throw new NotFound('discussion_document');
  return { document: doc, public: isPublicStatus(d.status, d.announcedAt) };
}

/** Every step of a discussion and its proposals, for its organiser and moderators. */
export async function discussionTimeline(ctx: Context, id: number) {
  const d = await getDiscussion(ctx.db, id);
  if (!d) throw new NotFound('discussion');
  if (!isOrganiser(ctx, d)) {
    // A public discussion is no secret: refused (403); another organiser's draft does not exist.
    if (isPublicStatus(d.status, d.announcedAt) && can(ctx.actor, 'discussion.read', discussionResource(d))) {
      throw new Forbidden();
    }
    throw new NotFound('discussion');
  }
  const events = await listDiscussionEvents(ctx.db, d.id);
  return {
    items: events.map((e) => ({
      id: e.id,
      step: e.step,
      proposalId: e.proposalId,
      actorId: e.actorId,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      reason: e.reason,
      data: e.data,
      at: e.at.toISOString(),
    })),
  };
}
