/**
 * "Can I take part, and why" (issue 17): the person's verified identity and confirmed apartments
 * against the discussion's territory and buildings (dispatch/discussions.ts `eligibility`), with
 * whether proposals are taken now. The same gate refuses a submission: 404 for a discussion one
 * cannot see, 403 with the reason for one who may not take part, 409 naming the dates out of the
 * period. When both apply, 403 wins: who may never take part learns that first, not a date that
 * would not help them.
 */
import { type Discussion, getDiscussion } from '../../db/queries/discussions.ts';
import { municipalityZone } from '../../db/queries/eservices.ts';
import { discussionBuildingIds, type ParticipantFacts, participantOf } from '../../db/queries/proposals.ts';
import {
  type Basis,
  type Eligibility,
  eligibility,
  isPublicStatus,
  proposalTiming,
} from '../../dispatch/discussions.ts';
import { type Language, type Message, render } from '../../dispatch/messages/index.ts';
import { can } from '../../dispatch/permissions.ts';
import { discussionResource } from '../discussions/steps.ts';
import type { Context } from '../context.ts';
import { Conflict, HttpProblem, NotFound } from '../errors.ts';

/** When proposals are taken: before the period, in it, after it, or never (cancelled). */
export type Taking = 'before' | 'open' | 'after' | 'cancelled';

/** A discussion the actor may see: public once announced; a draft to its organiser and the admin. */
export async function visibleDiscussion(ctx: Context, id: number): Promise<Discussion> {
  const d = await getDiscussion(ctx.db, id);
  if (!d) throw new NotFound('discussion');
  if (isPublicStatus(d.status, d.announcedAt)) return d;
  const r = discussionResource(d);
  if (can(ctx.actor, 'discussion.manage', r) || can(ctx.actor, 'discussion.moderate', r)) return d;
  throw new NotFound('discussion');
}

/**
 * Whether proposals are taken at the clock's time: by the dates in the municipality's zone while
 * the discussion is open; before it opens (announced) and once closed, by its status.
 */
export function takingOf(d: Discussion, now: Date, timeZone: string): Taking {
  if (d.status === 'cancelled') return 'cancelled';
  if (d.status === 'open') return proposalTiming(d, now, timeZone);
  return d.status === 'draft' || d.status === 'announced' ? 'before' : 'after';
}

/** The 409 of a submission out of the period, naming its dates. */
export function outOfPeriod(d: Discussion, taking: Exclude<Taking, 'open'>): HttpProblem {
  const period = { from: d.proposalsFrom, to: d.proposalsTo };
  if (taking === 'cancelled') return new Conflict({ id: 'proposal.discussion_cancelled' }, { taking, ...period });
  return new Conflict(
    { id: taking === 'before' ? 'proposal.period_before' : 'proposal.period_after', params: period },
    { taking, proposalsFrom: d.proposalsFrom, proposalsTo: d.proposalsTo },
  );
}

export function basisMessage(b: Basis): Message {
  return b.kind === 'registration'
    ? { id: 'discussion.eligible.registration', params: { address: b.address } }
    : { id: 'discussion.eligible.apartment', params: { address: `${b.address}, кв. ${b.apartment}` } };
}

export function reasonMessage(e: Extract<Eligibility, { eligible: false }>): Message {
  const addresses = e.addresses.join('; ');
  switch (e.reason) {
    case 'anonymous':
      return { id: 'discussion.ineligible.anonymous' };
    case 'unidentified':
      return { id: 'discussion.ineligible.unidentified' };
    case 'address_unknown':
      return { id: 'discussion.ineligible.address_unknown', params: { addresses } };
    default:
      return { id: 'discussion.ineligible.outside', params: { addresses } };
  }
}

/** The 403 of one who may not take part: the reason's message and code, and the addresses. */
export function notEligible(e: Extract<Eligibility, { eligible: false }>): HttpProblem {
  return new HttpProblem(403, 'forbidden', reasonMessage(e), { extra: { reason: e.reason, addresses: e.addresses } });
}

export type Participation = {
  discussion: Discussion;
  timeZone: string;
  facts: ParticipantFacts | null;
  result: Eligibility;
  taking: Taking;
};

/** Everything the eligibility answer and a submission's gate need, read once. */
export async function participation(ctx: Context, discussionId: number): Promise<Participation> {
  const discussion = await visibleDiscussion(ctx, discussionId);
  const { timeZone } = await municipalityZone(ctx.db, discussion.municipalityId);
  const facts = ctx.actor ? await participantOf(ctx.db, ctx.actor.userId) : null;
  const buildingIds = await discussionBuildingIds(ctx.db, discussionId);
  const result = eligibility(facts?.participant ?? null, discussion.territory, buildingIds);
  return { discussion, timeZone, facts, result, taking: takingOf(discussion, ctx.clock(), timeZone) };
}

/** The gate of a submission, before its form is read: 404, then 403 with the reason, then 409 with the dates. */
export async function proposalGate(ctx: Context, discussionId: number): Promise<Participation> {
  const p = await participation(ctx, discussionId);
  if (!p.result.eligible) throw notEligible(p.result);
  if (p.taking !== 'open') throw outOfPeriod(p.discussion, p.taking);
  return p;
}

/** The answer of "can I take part, and why", rendered in the reader's language. */
export async function eligibilityView(ctx: Context, discussionId: number, lang: Language) {
  const p = await participation(ctx, discussionId);
  const d = p.discussion;
  const r = p.result;
  return {
    discussionId: d.id,
    discussion: {
      id: d.id,
      number: d.number,
      title: d.title,
      status: d.status,
      territory: d.territory,
      box: [d.west, d.south, d.east, d.north] as [number, number, number, number],
      centre: [d.centreLon, d.centreLat] as [number, number],
    },
    eligible: r.eligible,
    bases: r.eligible
      ? r.bases.map((b) => ({
          kind: b.kind,
          address: b.address,
          apartment: b.kind === 'apartment' ? b.apartment : null,
          text: render(basisMessage(b), lang),
        }))
      : [],
    reason: r.eligible ? null : r.reason,
    reasonCode: r.eligible ? null : reasonMessage(r).id,
    reasonText: r.eligible ? null : render(reasonMessage(r), lang),
    addresses: r.eligible ? [] : r.addresses,
    identified: p.facts?.identity != null,
    proposals: { taking: p.taking, from: d.proposalsFrom, to: d.proposalsTo, timeZone: p.timeZone },
    canPropose: r.eligible && p.taking === 'open' && ctx.actor?.role === 'resident',
  };
}
