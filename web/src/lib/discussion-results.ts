/**
 * The results of a public discussion (issue 17): the API calls of the results component and of the
 * organiser's /discussions/[id]/protocol page, typed by the API's OpenAPI document, and the
 * documents' addresses (made by the server from the rows on each request).
 */
import { type Answer, answer, api, type RequestBody } from './api.ts';

export type DiscussionResults = Answer<'discussionResults'>;
export type ResultProposal = DiscussionResults['proposals'][number];
export type Recommendation = NonNullable<ResultProposal['recommendation']>;
export type ConclusionBody = RequestBody<'publishConclusion'>;

export const discussionResults = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/discussions/{id}/results', { params: { path: { id } }, signal }));
export const recommendProposal = (id: number, body: RequestBody<'recommendProposal'>) =>
  answer(api.POST('/api/proposals/{id}/recommendation', { params: { path: { id } }, body }));
export const signProtocol = (id: number, version: number) =>
  answer(api.POST('/api/discussions/{id}/protocol', { params: { path: { id } }, body: { version } }));
export const publishConclusion = (id: number, body: ConclusionBody) =>
  answer(api.POST('/api/discussions/{id}/conclusion', { params: { path: { id } }, body }));

/** A document's address: the public protocol or conclusion, or the organiser's copy with the participants. */
export function documentUrl(id: number, doc: 'protocol' | 'conclusion' | 'protocol/full', format: 'pdf' | 'csv') {
  return `/api/discussions/${id}/${doc}.${format}`;
}

/** Whether the protocol is public (signed), and the conclusion. */
export const protocolPublished = (status: string) => status === 'protocol' || status === 'concluded';
export const conclusionPublished = (status: string) => status === 'concluded';
