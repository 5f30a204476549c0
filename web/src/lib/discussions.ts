/** The web app's client for public discussions (/api/discussions…), typed by the API's OpenAPI document. */
import { answer, api, formOf, type Answer, type Query, type RequestBody, undescribed } from './api.ts';
import type { LiveConnection } from './live.svelte.ts';

export type DiscussionSummary = Answer<'listDiscussions'>['items'][number];
export type DiscussionDetail = Answer<'getDiscussion'>;
export type DiscussionStatus = DiscussionSummary['status'];
export type DiscussionKind = DiscussionSummary['kind'];
export type Schedule = DiscussionSummary['schedule'];
export type Territory = DiscussionDetail['territory'];
export type Counts = DiscussionSummary['counts'];
export type LonLat = [number, number];
export type DiscussionInput = RequestBody<'createDiscussion'>;

export const discussionKinds: DiscussionKind[] = [
  'planning_project',
  'land_survey_project',
  'master_plan',
  'land_use_rules',
  'permitted_use',
  'deviation',
];
export const scheduleFields: (keyof Schedule)[] = [
  'noticeOn',
  'expositionFrom',
  'expositionTo',
  'proposalsFrom',
  'proposalsTo',
  'protocolBy',
  'conclusionBy',
];

/** The colour of a discussion on the map, by its phase. */
export function phaseColour(status: DiscussionStatus): string {
  if (status === 'open') return '#1b7f3b';
  if (status === 'announced') return '#0b5cad';
  if (status === 'cancelled') return '#8a94a0';
  return '#6b4fa3';
}

export const listDiscussions = (query: Query<'listDiscussions'>, signal?: AbortSignal) =>
  answer(api.GET('/api/discussions', { params: { query }, signal }));
export const listManagedDiscussions = (signal?: AbortSignal) => answer(api.GET('/api/discussions/managed', { signal }));
export const getDiscussion = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/discussions/{id}', { params: { path: { id } }, signal }));
export const createDiscussion = (body: DiscussionInput) => answer(api.POST('/api/discussions', { body }));
export const changeDiscussion = (id: number, body: RequestBody<'changeDiscussion'>) =>
  answer(api.PATCH('/api/discussions/{id}', { params: { path: { id } }, body }));
export const checkDates = (body: RequestBody<'checkDiscussionDates'>) =>
  answer(api.POST('/api/discussions/dates', { body }));
export const announceDiscussion = (id: number, version: number) =>
  answer(api.POST('/api/discussions/{id}/announce', { params: { path: { id } }, body: { version } }));
export const cancelDiscussion = (id: number, version: number, reason: string) =>
  answer(api.POST('/api/discussions/{id}/cancel', { params: { path: { id } }, body: { version, reason } }));
export function uploadDiscussionDocument(id: number, file: File, title: string) {
  const form = formOf({ title }, { file: [file] });
  return answer(api.POST('/api/discussions/{id}/documents', { params: { path: { id } }, body: undescribed(form) }));
}
export const removeDiscussionDocument = (id: number, documentId: number) =>
  answer(api.DELETE('/api/discussions/{id}/documents/{documentId}', { params: { path: { id, documentId } } }));

export type DiscussionLive = { status: string; version: number; counts: Counts };

/**
 * Follow a discussion's page (discussion:{id}): its status and counts after each step of it or of a
 * proposal; `onResync` when the page should load again over HTTP. Returns the unsubscribe.
 */
export function followDiscussion(
  live: LiveConnection,
  id: number,
  on: { onChange: (d: DiscussionLive) => void; onResync: () => void },
): () => void {
  return live.subscribe(`discussion:${id}`, (m) => {
    if (m.type === 'resync') on.onResync();
    else if ('discussion' in m) on.onChange(m.discussion);
  });
}

/** The text of a discussion's title in a language (Russian when it has none). */
export const titleIn = (texts: { ru: string; en: string; tt: string }, lang: 'ru' | 'en' | 'tt') =>
  texts[lang] || texts.ru;
