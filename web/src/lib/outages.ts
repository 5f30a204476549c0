/** The web app's client for outages (GET/POST/PATCH /api/outages…), typed by the API's OpenAPI document. */
import { allOf, type Answer, answer, api, type Query, type RequestBody, type Schemas } from './api.ts';
import type { LiveConnection, LiveMessage } from './live.svelte.ts';

export type Outage = Schemas['Outage'];
export type OutageUpdate = Schemas['OutageUpdate'];
export type OutageDetail = Answer<'getOutage'>;
export type Service = Outage['service'];
export type OutageBuilding = Outage['buildings'][number];
type OutageInput = RequestBody<'publishOutage'>;
/** A corner of an outage's area, [longitude, latitude]. */
export type LonLat = NonNullable<OutageInput['area']>[number];
/** Which buildings an outage covers: a list, an area, or a district (one of them). */
export type BuildingChoice =
  | Required<Pick<OutageInput, 'buildingIds'>>
  | Required<Pick<OutageInput, 'area'>>
  | Required<Pick<OutageInput, 'districtId'>>;

export const services = allOf<Service>()(['cold_water', 'hot_water', 'heating', 'electricity', 'gas']);

export const listOutages = async (query: Query<'listOutages'>, signal?: AbortSignal) =>
  (await answer(api.GET('/api/outages', { params: { query }, signal }))).items;
/** The list with the municipality it is of (whose live stream is outages:{municipalityId}). */
export const listOutagesOf = (query: Query<'listOutages'>, signal?: AbortSignal) =>
  answer(api.GET('/api/outages', { params: { query }, signal }));

export type OutageEvent = { outage: Outage; update: OutageUpdate; replay: boolean };

/**
 * Follow an outage stream (outages:{municipalityId}, outage:{id} or building:{id}): `onEvent` for
 * each publication, change, restoration, cancellation or escalation; `onResync` when the stream
 * missed too much and the page should load again over HTTP. Returns the unsubscribe.
 */
export function followOutages(
  live: LiveConnection,
  topic: string,
  on: { onEvent: (e: OutageEvent) => void; onResync: () => void },
): () => void {
  return live.subscribe(topic, (m: LiveMessage) => {
    if (m.type === 'resync') on.onResync();
    else if ('outage' in m) on.onEvent({ outage: m.outage, update: m.update, replay: m.replay === true });
  });
}

/**
 * A list of outages (newest start first, as the API lists them) with one outage put in when `keep`
 * says it belongs there, or taken out; an older version arriving late never replaces a newer one.
 * The live message carries the first 200 buildings: the list keeps as many as it asked for.
 */
export function mergeOutage(list: readonly Outage[], o: Outage, keep: boolean, buildings = 200): Outage[] {
  const current = list.find((x) => x.id === o.id);
  if (current && current.version > o.version) return [...list];
  const rest = list.filter((x) => x.id !== o.id);
  if (!keep) return rest;
  return [...rest, { ...o, buildings: o.buildings.slice(0, buildings) }].sort(
    (a, b) => b.startsAt.localeCompare(a.startsAt) || b.id - a.id,
  );
}
export const getOutage = (id: number, signal?: AbortSignal) =>
  answer(api.GET('/api/outages/{id}', { params: { path: { id } }, signal }));
export const previewOutage = (body: RequestBody<'previewOutageBuildings'>) =>
  answer(api.POST('/api/outages/preview', { body }));
export const publishOutage = (body: OutageInput) => answer(api.POST('/api/outages', { body }));
export const changeOutage = (id: number, body: RequestBody<'changeOutage'>) =>
  answer(api.PATCH('/api/outages/{id}', { params: { path: { id } }, body }));
export const restoreOutage = (id: number, body: RequestBody<'restoreOutage'>) =>
  answer(api.POST('/api/outages/{id}/restore', { params: { path: { id } }, body }));
export const cancelOutage = (id: number, body: RequestBody<'cancelOutage'>) =>
  answer(api.POST('/api/outages/{id}/cancel', { params: { path: { id } }, body }));
export const followOutage = (id: number) => answer(api.POST('/api/outages/{id}/follow', { params: { path: { id } } }));
export const unfollowOutage = (id: number) =>
  answer(api.DELETE('/api/outages/{id}/follow', { params: { path: { id } } }));

/** A Moscow wall-clock time from a datetime-local input ("2026-06-11T09:00") as an ISO instant. */
export function moscowToIso(local: string): string {
  // Moscow keeps UTC+3 all year (no daylight saving since 2014).
  return new Date(`${local}:00+03:00`).toISOString();
}

/** An instant as the value of a datetime-local input in Moscow time. */
export function isoToMoscow(iso: string | Date): string {
  const d = new Date(new Date(iso).getTime() + 3 * 3_600_000);
  return d.toISOString().slice(0, 16);
}
