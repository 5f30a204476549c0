/** The web app's client for outages (GET/POST/PATCH /api/outages…); shapes mirror the OpenAPI document. */
import { getJson, send } from './api.ts';
import type { LiveConnection, LiveMessage } from './live.svelte.ts';

export const services = ['cold_water', 'hot_water', 'heating', 'electricity', 'gas'] as const;
export type Service = (typeof services)[number];
export type OutagePhase = 'upcoming' | 'ongoing' | 'overdue' | 'restored' | 'cancelled';
export type LonLat = [number, number];
export type OutageBuilding = { id: number; address: string; lat: number; lon: number };

export type Outage = {
  id: number;
  municipalityId: number;
  service: Service;
  kind: 'planned' | 'emergency';
  status: 'active' | 'restored' | 'cancelled';
  phase: OutagePhase;
  reason: string;
  startsAt: string;
  expectedEndAt: string;
  restoredAt: string | null;
  organisation: { id: number; nameRu: string; nameEn: string };
  area: LonLat[] | null;
  districtId: number | null;
  buildingCount: number;
  buildings: OutageBuilding[];
  escalationLevel: number;
  version: number;
};

export type OutageUpdate = {
  id: number;
  kind: 'published' | 'updated' | 'restored' | 'cancelled' | 'escalated';
  actorRole: string | null;
  note: string | null;
  changes: Record<string, [unknown, unknown]>;
  at: string;
};

export type OutageDetail = Outage & { updates: OutageUpdate[]; canPublish: boolean; following: boolean };

export type BuildingChoice = { buildingIds: number[] } | { area: LonLat[] } | { districtId: number };

export const listOutages = async (query: Record<string, string | undefined>, signal?: AbortSignal) =>
  (await getJson<{ items: Outage[] }>('/outages', query, signal)).items;
/** The list with the municipality it is of (whose live stream is outages:{municipalityId}). */
export const listOutagesOf = (query: Record<string, string | undefined>, signal?: AbortSignal) =>
  getJson<{ items: Outage[]; municipalityId: number }>('/outages', query, signal);

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
export const getOutage = (id: number, signal?: AbortSignal) => getJson<OutageDetail>(`/outages/${id}`, {}, signal);
export const previewOutage = (input: { service: Service; organisationId?: number } & BuildingChoice) =>
  send<{ buildings: (OutageBuilding & { served: boolean })[] }>('POST', '/outages/preview', input);
export const publishOutage = (
  input: {
    service: Service;
    kind: 'planned' | 'emergency';
    reason: string;
    startsAt: string;
    expectedEndAt: string;
    note?: string;
    organisationId?: number;
  } & BuildingChoice,
) => send<Outage>('POST', '/outages', input);
export const changeOutage = (
  id: number,
  input: { expectedVersion: number; expectedEndAt?: string; reason?: string; buildingIds?: number[]; note?: string },
) => send<Outage>('PATCH', `/outages/${id}`, input);
export const restoreOutage = (id: number, input: { expectedVersion: number; note?: string }) =>
  send<Outage>('POST', `/outages/${id}/restore`, input);
export const cancelOutage = (id: number, input: { expectedVersion: number; note?: string }) =>
  send<Outage>('POST', `/outages/${id}/cancel`, input);
export const followOutage = (id: number) => send<null>('POST', `/outages/${id}/follow`);
export const unfollowOutage = (id: number) => send<null>('DELETE', `/outages/${id}/follow`);

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
