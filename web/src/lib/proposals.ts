/**
 * Taking part in a public discussion (issue 17): the API's calls of eligibility, the proposal form,
 * moderation and "my proposals", and what their screens share (the form's limits, the retry key).
 */
import { type Answer, answer, api, formOf, undescribed } from '#lib/api.ts';

export type Eligibility = Answer<'discussionEligibility'>;
export type DiscussionSummary = Eligibility['discussion'];
export type OwnProposal = Answer<'submitProposal'>;
export type MyProposal = Answer<'listMyProposals'>['items'][number];
export type Moderation = Answer<'moderateProposalsList'>;
export type ModeratedProposal = Moderation['items'][number];
export type ProposalStatus = ModeratedProposal['status'];
export type PublicProposals = Answer<'listPublicProposals'>;

/** What the API takes (dispatch/discussions.ts), told before the upload. */
export const PROPOSAL_LIMITS = {
  chars: 5000,
  files: 5,
  fileBytes: 10 * 1024 * 1024,
  types: ['application/pdf', 'image/png', 'image/jpeg'],
} as const;

export const eligibilityOf = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/discussions/{id}/eligibility', { params: { path: { id } }, signal }));

/** Submit with the form's text, point and files; the key makes a retry answer the proposal made. */
export function submitProposal(
  id: number,
  input: { text: string; point: { lon: number; lat: number } | null },
  files: File[],
  idempotencyKey: string,
) {
  const form = formOf({ text: input.text, lon: input.point?.lon, lat: input.point?.lat }, { files });
  return answer(
    api.POST('/api/discussions/{id}/proposals', {
      params: { path: { id }, header: { 'idempotency-key': idempotencyKey } },
      body: undescribed(form),
    }),
  );
}

export const myProposals = (signal?: AbortSignal) => answer(api.GET('/api/proposals/mine', { signal }));
export const publicProposals = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/discussions/{id}/proposals', { params: { path: { id }, query: {} }, signal }));
export const moderationOf = (id: number, status: ProposalStatus | undefined, signal?: AbortSignal) =>
  answer(
    api.GET('/api/discussions/{id}/moderation', {
      params: { path: { id }, query: { ...(status ? { status } : {}), limit: 500 } },
      signal,
    }),
  );
export const acceptProposal = (id: number, version: number) =>
  answer(api.POST('/api/proposals/{id}/accept', { params: { path: { id } }, body: { version } }));
export const rejectProposal = (id: number, version: number, reason: string) =>
  answer(api.POST('/api/proposals/{id}/reject', { params: { path: { id } }, body: { version, reason } }));

/** The key of one submission attempt of a discussion, kept in the tab until it is answered. */
export function proposalKey(discussionId: number): string {
  const name = `otklik-proposal-${discussionId}`;
  let key = sessionStorage.getItem(name);
  if (!key) {
    key = crypto.randomUUID();
    sessionStorage.setItem(name, key);
  }
  return key;
}

/** The attempt was answered: the next proposal gets a new key. */
export function forgetProposalKey(discussionId: number): void {
  sessionStorage.removeItem(`otklik-proposal-${discussionId}`);
}

/** The sign-in by Gosuslugi (the identity module's route), returning to `returnTo` on this site. */
export const esiaSignInUrl = (returnTo: string) => `/api/identity/esia/start?returnTo=${encodeURIComponent(returnTo)}`;
