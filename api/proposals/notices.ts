/**
 * What a participant hears of their proposal (kind `discussion`, on the channels they chose): that it
 * was received with its number, accepted into the protocol, or rejected with the organiser's reason.
 * Rendered in the person's language and written to the outbox inside the step's transaction.
 */
import type { Discussion } from '../../db/queries/discussions.ts';
import { municipalityZone } from '../../db/queries/eservices.ts';
import { listPeople, type NoticeRow } from '../../db/queries/notifications.ts';
import { type Proposal, proposalAuthorIds } from '../../db/queries/proposals.ts';
import { render } from '../../dispatch/messages/index.ts';
import { heldUntil, type Person, reachOf } from '../../dispatch/notifications.ts';
import type { Context } from '../context.ts';
import { writeNotices } from '../notifications/write-notices.ts';

export type ProposalNotice = 'received' | 'accepted' | 'rejected';

export type ProposalNoticeFacts = { person: Person | null; timeZone: string };

/** Whom the notice goes to and the municipality's zone: read before the step's transaction takes its locks. */
export async function proposalNoticeFacts(ctx: Context, authorId: number, municipalityId: number) {
  const [person] = await listPeople(ctx.db, { userIds: [authorId] });
  return { person: person ?? null, timeZone: (await municipalityZone(ctx.db, municipalityId)).timeZone };
}

/** The people who made proposals to a discussion, as the notices reach them: read before the step's locks. */
export async function participantsOf(ctx: Context, d: Discussion): Promise<ProposalNoticeFacts['person'][]> {
  const authors = await proposalAuthorIds(ctx.db, d.id);
  return listPeople(ctx.db, { userIds: authors });
}

/** Tell each participant that the discussion was cancelled, and why (inside the cancellation's transaction). */
export async function notifyCancelled(
  tx: Context,
  d: Discussion,
  reason: string,
  people: ProposalNoticeFacts['person'][],
): Promise<void> {
  const { timeZone } = await municipalityZone(tx.db, d.municipalityId);
  const now = tx.clock();
  const rows: NoticeRow[] = people.flatMap((person) => {
    if (!person) return [];
    const lang = person.language;
    const common = {
      municipalityId: d.municipalityId,
      userId: person.userId,
      appealId: null,
      kind: 'discussion' as const,
      template: 'discussion.cancelled',
      subject: render({ id: 'notice.discussion.cancelled.subject' }, lang),
      body: render({ id: 'notice.discussion.cancelled', params: { title: d.title[lang] || d.title.ru, reason } }, lang),
      payload: { language: lang, discussionId: d.id },
      sendAfter: heldUntil(now, timeZone, false),
      now,
    };
    return reachOf(person, 'discussion').map((address) => ({ ...common, ...address }));
  });
  await writeNotices(tx, rows);
}

/** Tell the proposal's author what became of it (a row per chosen channel; none when they chose none). */
export async function notifyProposal(
  tx: Context,
  d: Discussion,
  p: Proposal,
  what: ProposalNotice,
  known?: ProposalNoticeFacts,
): Promise<void> {
  const { person, timeZone } = known ?? (await proposalNoticeFacts(tx, p.authorId, d.municipalityId));
  if (!person) return;
  const lang = person.language;
  const params = { number: p.number, title: d.title[lang] || d.title.ru };
  const body =
    what === 'rejected'
      ? render({ id: 'notice.proposal.rejected', params: { ...params, reason: p.rejectReason ?? '' } }, lang)
      : render({ id: `notice.proposal.${what}`, params }, lang);
  const now = tx.clock();
  const common = {
    municipalityId: d.municipalityId,
    userId: p.authorId,
    appealId: null,
    kind: 'discussion' as const,
    template: `proposal.${what}`,
    subject: render({ id: 'notice.proposal.subject', params: { number: p.number } }, lang),
    body,
    payload: { language: lang, discussionId: d.id, proposalId: p.id },
    // Not urgent: held for the morning at night, as other notices are.
    sendAfter: heldUntil(now, timeZone, false),
    now,
  };
  const rows: NoticeRow[] = reachOf(person, 'discussion').map((address) => ({ ...common, ...address }));
  await writeNotices(tx, rows);
}
