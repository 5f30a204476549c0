/**
 * The organiser's moderation of proposals (issue 17): the console's list — every proposal with its
 * status, text, point and files, and its author's name, birth date and address only for those who
 * may read personal data (`discussion.read_personal`: the organiser's staff, not the admin), each
 * read recorded — and the steps: accept into the protocol, or reject with a reason the participant
 * reads, reconsidered either way until the protocol is signed. Each step under the discussion's row
 * lock (so a protocol being signed waits, or is waited for), with the proposal's version, a
 * discussion_events row with who and why, and a notice to the participant.
 */
import type { AccessContext } from '../../db/queries/audit.ts';
import { recordAccess } from '../../db/queries/audit.ts';
import { getDiscussion, insertDiscussionEvent, lockDiscussion } from '../../db/queries/discussions.ts';
import {
  announceDiscussionCounts,
  authorsOf,
  filesOf,
  getProposal,
  listProposals,
  lockProposal,
  proposalCounts,
  updateProposal,
} from '../../db/queries/proposals.ts';
import { canModerate, nextProposalStatus, type ProposalStatus, type ProposalStep } from '../../dispatch/discussions.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction, signedInActor } from '../context.ts';
import { discussionResource } from '../discussions/steps.ts';
import { Conflict, NotFound } from '../errors.ts';
import { visibleDiscussion } from './eligibility.ts';
import { notifyProposal, proposalNoticeFacts } from './notices.ts';
import { fileView } from './read.ts';

export type ModerationQuery = { status?: ProposalStatus; after?: number; limit: number };

/** The moderation console's page of a discussion's proposals. */
export async function moderationView(
  ctx: Context,
  discussionId: number,
  q: ModerationQuery,
  audit: (at: Date) => AccessContext,
) {
  const d = await visibleDiscussion(ctx, discussionId);
  const r = discussionResource(d);
  if (!can(ctx.actor, 'discussion.moderate', r)) throw new NotFound('discussion');
  const personal = can(ctx.actor, 'discussion.read_personal', r);
  const rows = await listProposals(ctx.db, d.id, q);
  const ids = rows.map((p) => p.id);
  const files = await filesOf(ctx.db, ids);
  const authors = personal ? await authorsOf(ctx.db, ids) : new Map();
  if (personal && rows.length > 0) {
    await recordAccess(
      ctx.db,
      audit(ctx.clock()),
      rows.map((p) => ({ kind: 'discussion.read_personal', subjectUserId: p.authorId, record: `proposal:${p.id}` })),
    );
  }
  return {
    discussion: {
      id: d.id,
      number: d.number,
      title: d.title,
      status: d.status,
      proposalsFrom: d.proposalsFrom,
      proposalsTo: d.proposalsTo,
      mayModerate: canModerate(d.status),
    },
    counts: await proposalCounts(ctx.db, d.id),
    personal,
    items: rows.map((p) => {
      const a = authors.get(p.id);
      return {
        id: p.id,
        number: p.number,
        status: p.status,
        body: p.body,
        point: p.lon !== null && p.lat !== null ? { lon: p.lon, lat: p.lat } : null,
        submittedAt: p.submittedAt.toISOString(),
        moderatedAt: p.moderatedAt?.toISOString() ?? null,
        rejectReason: p.rejectReason,
        version: p.version,
        files: (files.get(p.id) ?? []).map(fileView),
        author: a ? { fullName: a.fullName, birthDate: a.birthDate, address: a.address, bases: a.bases } : null,
      };
    }),
    nextAfter: rows.length === q.limit ? rows.at(-1)!.number : null,
  };
}

/**
 * Accept or reject a proposal (`reason` required to reject; the route's schema asks for it). 404
 * for a proposal the actor may not moderate, 409 for a stale version, a step the status does not
 * allow, or a discussion whose protocol is signed.
 */
export async function moderateProposal(
  ctx: Context,
  proposalId: number,
  step: ProposalStep,
  body: { version: number; reason?: string },
) {
  const actor = signedInActor(ctx);
  const found = await getProposal(ctx.db, proposalId);
  const owner = found ? await getDiscussion(ctx.db, found.discussionId) : null;
  if (!found || !owner || !can(actor, 'discussion.moderate', discussionResource(owner))) {
    throw new NotFound('proposal');
  }
  // Read before the locks: whom the notice goes to and the zone.
  const notice = await proposalNoticeFacts(ctx, found.authorId, owner.municipalityId);
  const after = await inTransaction(ctx, async (tx) => {
    const d = (await lockDiscussion(tx.db, owner.id))!;
    const p = (await lockProposal(tx.db, proposalId))!;
    if (body.version !== p.version) {
      throw new Conflict({ id: 'proposal.changed_meanwhile' }, { code: 'stale', currentVersion: p.version });
    }
    if (!canModerate(d.status)) {
      throw new Conflict({ id: 'proposal.moderation_closed' }, { discussionStatus: d.status });
    }
    const to = nextProposalStatus(p.status, step);
    if (!to) {
      throw new Conflict(
        { id: 'proposal.step_not_allowed', params: { step, status: p.status } },
        { code: 'invalid_transition', currentStatus: p.status },
      );
    }
    const now = tx.clock();
    const reason = step === 'reject' ? (body.reason ?? '') : (body.reason ?? null);
    const changed = await updateProposal(tx.db, p.id, {
      status: to,
      rejectReason: step === 'reject' ? reason : null,
      moderatedBy: actor.userId,
      moderatedAt: now,
    });
    await insertDiscussionEvent(tx.db, {
      discussionId: d.id,
      proposalId: p.id,
      step,
      actorId: actor.userId,
      fromStatus: p.status,
      toStatus: to,
      reason,
      data: { number: p.number },
      at: now,
    });
    await notifyProposal(tx, d, changed, to === 'accepted' ? 'accepted' : 'rejected', notice);
    return changed;
  });
  await announceDiscussionCounts(ctx.db, owner.id);
  return {
    id: after.id,
    number: after.number,
    status: after.status,
    rejectReason: after.rejectReason,
    moderatedAt: after.moderatedAt?.toISOString() ?? null,
    version: after.version,
  };
}
