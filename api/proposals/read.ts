/**
 * What is read of proposals (issue 17): the public list of a discussion's accepted proposals — their
 * number, text, point and date, never who made them nor their files, which may hold personal data —
 * with the counts by status; a participant's own proposals with what became of them; and a
 * proposal's file, for its author and the organiser (`proposal.read`).
 */
import { getDiscussion } from '../../db/queries/discussions.ts';
import {
  filesOf,
  getProposal,
  getProposalFile,
  listMyProposals,
  listProposals,
  type ProposalFile,
  proposalCounts,
} from '../../db/queries/proposals.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, signedInActor } from '../context.ts';
import { discussionResource } from '../discussions/steps.ts';
import { NotFound, Unauthorized } from '../errors.ts';
import { visibleDiscussion } from './eligibility.ts';

export function fileView(f: ProposalFile) {
  return {
    id: f.id,
    name: f.name,
    mediaType: f.mediaType,
    size: f.size,
    url: `/api/proposals/${f.proposalId}/files/${f.id}`,
  };
}

const pointOf = (p: { lon: number | null; lat: number | null }) =>
  p.lon !== null && p.lat !== null ? { lon: p.lon, lat: p.lat } : null;

/** A discussion's accepted proposals without their authors, and the counts by status. */
export async function publicProposals(ctx: Context, discussionId: number, q: { after?: number; limit: number }) {
  const d = await visibleDiscussion(ctx, discussionId);
  const rows = await listProposals(ctx.db, d.id, { status: 'accepted', ...q });
  return {
    discussionId: d.id,
    counts: await proposalCounts(ctx.db, d.id),
    items: rows.map((p) => ({
      number: p.number,
      body: p.body,
      point: pointOf(p),
      submittedAt: p.submittedAt.toISOString(),
    })),
    nextAfter: rows.length === q.limit ? rows.at(-1)!.number : null,
  };
}

/** One's own proposals, the latest first, each with its discussion and what became of it. */
export async function myProposals(ctx: Context) {
  const actor = signedInActor(ctx);
  const rows = await listMyProposals(ctx.db, actor.userId, 200);
  const files = await filesOf(
    ctx.db,
    rows.map((r) => r.proposal.id),
  );
  return {
    items: rows.map(({ proposal: p, discussion: d }) => ({
      id: p.id,
      number: p.number,
      status: p.status,
      body: p.body,
      point: pointOf(p),
      rejectReason: p.rejectReason,
      submittedAt: p.submittedAt.toISOString(),
      moderatedAt: p.moderatedAt?.toISOString() ?? null,
      files: (files.get(p.id) ?? []).map(fileView),
      discussion: {
        id: d.id,
        number: d.number,
        title: d.title,
        status: d.status,
        proposalsFrom: d.proposalsFrom,
        proposalsTo: d.proposalsTo,
      },
    })),
  };
}

/** The proposal as its author reads it right after submitting. */
export async function ownProposal(ctx: Context, id: number) {
  const p = (await getProposal(ctx.db, id))!;
  const files = await filesOf(ctx.db, [id]);
  return {
    id: p.id,
    discussionId: p.discussionId,
    number: p.number,
    status: p.status,
    body: p.body,
    point: pointOf(p),
    rejectReason: p.rejectReason,
    submittedAt: p.submittedAt.toISOString(),
    moderatedAt: p.moderatedAt?.toISOString() ?? null,
    files: (files.get(id) ?? []).map(fileView),
  };
}

/** A proposal's file for its author and the organiser; 404 to anyone else (it may hold personal data). */
export async function proposalFileToDownload(ctx: Context, proposalId: number, fileId: number) {
  const p = await getProposal(ctx.db, proposalId);
  const d = p ? await getDiscussion(ctx.db, p.discussionId) : null;
  if (!p || !d || !can(ctx.actor, 'proposal.read', { ...discussionResource(d), ownerId: p.authorId })) {
    if (!ctx.actor) throw new Unauthorized();
    throw new NotFound('proposal');
  }
  const file = await getProposalFile(ctx.db, proposalId, fileId);
  if (!file) throw new NotFound('proposal');
  return file;
}
