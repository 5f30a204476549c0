/**
 * The results of a public discussion (issue 17): the organiser's recommendation on each accepted
 * proposal (`recommendProposal`), signing the protocol (`signProtocol`), publishing the conclusion
 * (`publishConclusion`, which enqueues the territory's notice), the results as the screens read
 * them (`discussionResults`) and the documents, made from the rows on each request
 * (`protocolDocument`, `conclusionDocument`: PDF or CSV; the public copy without participants, the
 * organiser's with them, its reading recorded in the trail of personal-data reads).
 */
import type { AccessContext } from '../../db/queries/audit.ts';
import { recordAccess } from '../../db/queries/audit.ts';
import { type Discussion, getDiscussion, insertDiscussionEvent, lockDiscussion } from '../../db/queries/discussions.ts';
import { getProposal, lockProposal } from '../../db/queries/proposals.ts';
import {
  proposalCounts,
  protocolParties,
  protocolProposals,
  setRecommendation,
  territoryBuildingCount,
} from '../../db/queries/protocols.ts';
import { isPublicStatus, type Recommendation } from '../../dispatch/discussions.ts';
import type { Texts } from '../../dispatch/eservices.ts';
import { can } from '../../dispatch/permissions.ts';
import {
  documentFileName,
  missingRecommendations,
  type ProtocolSource,
  protocolPublished,
} from '../../dispatch/protocols.ts';
import { enqueue } from '../../jobs/queues.ts';
import { authorizeActor, type Context, inTransaction } from '../context.ts';
import { discussionResource, staleDiscussion, takeDiscussionStep } from '../discussions/steps.ts';
import { Conflict, Forbidden, NotFound } from '../errors.ts';
import { conclusionCsv, protocolCsv } from './csv.ts';
import { conclusionPdf, protocolPdf } from './pdf.ts';

/** The discussion if the actor may see it (drafts and unannounced cancellations: the organiser only), else 404. */
async function visibleDiscussion(ctx: Context, id: number): Promise<Discussion> {
  const d = await getDiscussion(ctx.db, id);
  if (!d) throw new NotFound('discussion');
  if (!isPublicStatus(d.status, d.announcedAt) && !can(ctx.actor, 'discussion.moderate', discussionResource(d)))
    throw new NotFound('discussion');
  return d;
}

const mayModerate = (ctx: Context, d: Discussion) => can(ctx.actor, 'discussion.moderate', discussionResource(d));

export type RecommendationInput = { recommendation: Recommendation; reason: string; version: number };

/**
 * The organiser's recommendation on an accepted proposal, with its reasons, for the conclusion:
 * given and changed while the discussion is open, closed or its protocol signed, until the
 * conclusion is published (under the discussion's lock, so a publication never misses one).
 */
export async function recommendProposal(ctx: Context, proposalId: number, input: RecommendationInput) {
  return inTransaction(ctx, async (tx) => {
    // The discussion's row first, then the proposal's: the order every step and moderation locks in.
    const found = await getProposal(tx.db, proposalId);
    if (!found) throw new NotFound('proposal');
    const d = await lockDiscussion(tx.db, found.discussionId);
    const p = await lockProposal(tx.db, proposalId);
    if (!d || !p) throw new NotFound('proposal');
    if (!mayModerate(tx, d)) {
      const visible = isPublicStatus(d.status, d.announcedAt) && p.status === 'accepted';
      if (!visible) throw new NotFound('proposal');
      throw new Forbidden();
    }
    if (p.version !== input.version)
      throw new Conflict({ id: 'recommendation.changed_meanwhile' }, { code: 'stale', currentVersion: p.version });
    if (!['open', 'closed', 'protocol'].includes(d.status))
      throw new Conflict(
        { id: 'recommendation.closed', params: { status: d.status } },
        { code: 'invalid_transition', currentStatus: d.status },
      );
    if (p.status !== 'accepted') throw new Conflict({ id: 'recommendation.not_accepted' }, { code: 'not_accepted' });
    const updated = await setRecommendation(tx.db, p.id, input.recommendation, input.reason);
    await insertDiscussionEvent(tx.db, {
      discussionId: d.id,
      proposalId: p.id,
      step: 'recommended',
      actorId: tx.actor?.userId ?? null,
      reason: input.reason,
      data: { recommendation: input.recommendation, previous: p.recommendation },
      at: tx.clock(),
    });
    return {
      id: updated.id,
      number: updated.number,
      recommendation: input.recommendation,
      recommendationReason: input.reason,
      version: updated.version,
    };
  });
}

/** Sign the protocol: the discussion closed and every proposal decided (409 naming how many wait). */
export async function signProtocol(ctx: Context, id: number, input: { version: number }) {
  return inTransaction(ctx, async (tx) => {
    const d = await lockDiscussion(tx.db, id);
    if (!d) throw new NotFound('discussion');
    authorizeManage(tx, d);
    if (d.version !== input.version) throw staleDiscussion(d);
    if (d.status !== 'closed')
      throw new Conflict({ id: 'protocol.not_closed' }, { code: 'invalid_transition', currentStatus: d.status });
    const counts = await proposalCounts(tx.db, id);
    if (counts.submitted > 0)
      throw new Conflict(
        { id: 'protocol.unmoderated', params: { count: counts.submitted } },
        { code: 'unmoderated', submitted: counts.submitted },
      );
    const { after } = await takeDiscussionStep(tx, id, 'sign_protocol', {
      version: input.version,
      data: { accepted: counts.accepted, rejected: counts.rejected, participants: counts.participants },
    });
    return {
      id,
      status: after.status,
      version: after.version,
      protocolSignedAt: after.protocolSignedAt!.toISOString(),
    };
  });
}

/** The organiser's supervisor or the municipality's admin; others who may see it are refused 403, the rest 404. */
function authorizeManage(ctx: Context, d: Discussion) {
  if (can(ctx.actor, 'discussion.manage', discussionResource(d))) return;
  if (!isPublicStatus(d.status, d.announcedAt) && !mayModerate(ctx, d)) throw new NotFound('discussion');
  authorizeActor(ctx, 'discussion.manage', discussionResource(d));
}

export type ConclusionInput = { version: number; text: { ru: string; en?: string; tt?: string } };

/**
 * Publish the conclusion: the protocol signed and a recommendation on every accepted proposal (409
 * naming the numbers without one); the general text in Russian, English and Tatar falling back to
 * it; the territory's residents told by the discussion.notify job sent in the same transaction.
 */
export async function publishConclusion(ctx: Context, id: number, input: ConclusionInput) {
  return inTransaction(ctx, async (tx) => {
    const d = await lockDiscussion(tx.db, id);
    if (!d) throw new NotFound('discussion');
    authorizeManage(tx, d);
    if (d.version !== input.version) throw staleDiscussion(d);
    if (d.status !== 'protocol')
      throw new Conflict(
        { id: 'conclusion.protocol_unsigned' },
        { code: 'invalid_transition', currentStatus: d.status },
      );
    const missing = missingRecommendations(await protocolProposals(tx.db, id, false));
    if (missing.length > 0)
      throw new Conflict(
        { id: 'conclusion.recommendations_missing', params: { numbers: missing.join(', ') } },
        { code: 'recommendations_missing', numbers: missing },
      );
    const ru = input.text.ru.trim();
    const text: Texts = { ru, en: input.text.en?.trim() || ru, tt: input.text.tt?.trim() || ru };
    const { after } = await takeDiscussionStep(tx, id, 'publish_conclusion', {
      version: input.version,
      set: { conclusionText: text },
    });
    await enqueue(tx.boss, tx.db, 'discussion.notify', { discussionId: id, moment: 'concluded' });
    return { id, status: after.status, version: after.version, concludedAt: after.concludedAt!.toISOString() };
  });
}

/** What the documents are made of, read now; the participants' personal data only when `personal`. */
async function protocolSource(ctx: Context, d: Discussion, personal: boolean) {
  const [parties, counts, buildings, proposals] = [
    await protocolParties(ctx.db, d.organiserId, d.municipalityId),
    await proposalCounts(ctx.db, d.id),
    await territoryBuildingCount(ctx.db, d.id),
    await protocolProposals(ctx.db, d.id, personal),
  ];
  const source: ProtocolSource = {
    discussion: { ...d, title: d.title.ru, summary: d.summary.ru, conclusionText: d.conclusionText?.ru ?? null },
    organiser: parties.organiser,
    municipality: parties.municipality,
    timeZone: parties.timeZone,
    territory: { buildings, plots: d.territory.plots.map((p) => p.cadastralNumber) },
    participants: counts.participants,
    proposals,
  };
  return { source, counts, proposals };
}

/** The results as the screens read them: the numbers; the protocol's proposals; recommendations once concluded (to the organiser always). */
export async function discussionResults(ctx: Context, id: number) {
  const d = await visibleDiscussion(ctx, id);
  const organiser = mayModerate(ctx, d);
  const { counts, proposals } = await protocolSource(ctx, d, false);
  const showRecommendations = organiser || d.status === 'concluded';
  const accepted = proposals.filter((p) => p.status === 'accepted');
  return {
    discussionId: d.id,
    number: d.number,
    status: d.status,
    version: d.version,
    protocolSignedAt: d.protocolSignedAt?.toISOString() ?? null,
    concludedAt: d.concludedAt?.toISOString() ?? null,
    preview: organiser && d.status !== 'concluded',
    may: {
      moderate: organiser,
      manage: can(ctx.actor, 'discussion.manage', discussionResource(d)),
      readPersonal: can(ctx.actor, 'discussion.read_personal', discussionResource(d)),
    },
    counts,
    proposals: accepted.map((p) => ({
      id: p.id,
      number: p.number,
      body: p.body,
      submittedAt: p.submittedAt.toISOString(),
      version: p.version,
      recommendation: showRecommendations ? p.recommendation : null,
      recommendationReason: showRecommendations ? p.recommendationReason : null,
    })),
    rejected: proposals
      .filter((p) => p.status === 'rejected')
      .map((p) => ({ number: p.number, submittedAt: p.submittedAt.toISOString(), reason: p.rejectReason ?? '' })),
    missingRecommendations: organiser ? missingRecommendations(proposals) : [],
    conclusionText: d.status === 'concluded' || organiser ? d.conclusionText : null,
  };
}

export type DocumentFormat = 'pdf' | 'csv';
export type MadeDocument = { body: Buffer | string; format: DocumentFormat; fileName: string; published: boolean };

/**
 * The protocol: the public copy once signed (the organiser previews a draft before), or the
 * organiser's copy with the participants (`discussion.read_personal`; each author's reading recorded).
 */
export async function protocolDocument(
  ctx: Context,
  id: number,
  opts: { format: DocumentFormat; full: boolean; audit?: (at: Date) => AccessContext },
): Promise<MadeDocument> {
  const d = await visibleDiscussion(ctx, id);
  const published = protocolPublished(d.status);
  if (opts.full && !can(ctx.actor, 'discussion.read_personal', discussionResource(d))) throw new Forbidden();
  if (!opts.full && !published && !mayModerate(ctx, d)) throw new Conflict({ id: 'protocol.not_signed' });
  const { source, proposals } = await protocolSource(ctx, d, opts.full);
  if (opts.full && opts.audit) {
    const authors = [...new Set(proposals.map((p) => p.authorId))];
    await recordAccess(
      ctx.db,
      opts.audit(ctx.clock()),
      authors.map((subjectUserId) => ({
        kind: 'discussion.read_personal',
        subjectUserId,
        record: `discussion:${d.id}`,
      })),
    );
  }
  const fileName = documentFileName('protocol', d.number, opts.full, opts.format);
  const body =
    opts.format === 'pdf'
      ? await protocolPdf(source, { full: opts.full, draft: !published, now: ctx.clock() })
      : protocolCsv(source, opts.full);
  return { body, format: opts.format, fileName, published };
}

/** The conclusion: public once published; the organiser previews it before (its recommendations so far). */
export async function conclusionDocument(ctx: Context, id: number, format: DocumentFormat): Promise<MadeDocument> {
  const d = await visibleDiscussion(ctx, id);
  const published = d.status === 'concluded';
  if (!published && !mayModerate(ctx, d)) throw new Conflict({ id: 'conclusion.not_published' });
  const { source } = await protocolSource(ctx, d, false);
  const fileName = documentFileName('conclusion', d.number, false, format);
  const body =
    format === 'pdf' ? await conclusionPdf(source, { draft: !published, now: ctx.clock() }) : conclusionCsv(source);
  return { body, format, fileName, published };
}
