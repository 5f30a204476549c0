import type { AppealDetail, getPersonal, listAppealEvents } from '../../db/queries/appeals.ts';
import type { listAttachments } from '../../db/queries/attachments.ts';
import type { LifecycleAppeal, lifecycleActions } from '../../dispatch/lifecycle.ts';
import { redactContacts } from '../../dispatch/redact.ts';
import type { SlaClock } from '../../dispatch/sla.ts';
import { BadRequest } from '../errors.ts';

/** An appeal by its public number or its id, as the paths name it. */
export type AppealKey = { id: number } | { number: string };

export function keyOf(id: string): AppealKey {
  return /^\d+$/.test(id) ? { id: Number(id) } : { number: id };
}

/** The part of an appeal the permission table asks about. */
export function resourceOf(a: { municipalityId: number; assignedOrgId: number | null; authorId: number }) {
  return { municipalityId: a.municipalityId, organisationIds: [a.assignedOrgId], ownerId: a.authorId };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const clockView = (c: SlaClock) => ({
  startedAt: iso(c.startedAt),
  dueAt: iso(c.dueAt),
  allowedMillis: c.allowedMillis,
  elapsedMillis: c.elapsedMillis,
  remainingMillis: c.remainingMillis,
  paused: c.paused,
  pausedMillis: c.pausedMillis,
  breached: c.breached,
  breachedAt: iso(c.breachedAt),
  stopped: c.stopped,
});

export function photoViews(rows: Awaited<ReturnType<typeof listAttachments>>) {
  return rows.map((p) => ({ ...p, url: `/api/attachments/${p.id}` }));
}
export type PhotoViews = ReturnType<typeof photoViews>;

/** `description` is the text to show: contacts redacted unless the full view shows it as written. */
export function publicView(
  d: NonNullable<AppealDetail>,
  photos: PhotoViews,
  description = redactContacts(d.appeal.description),
) {
  const a = d.appeal;
  return {
    id: a.id,
    number: a.number,
    status: a.status,
    priority: a.priority,
    category: d.category,
    buildingId: a.buildingId,
    address: a.addressText,
    district: d.district,
    organisation: d.organisation,
    lat: a.location.y,
    lon: a.location.x,
    description,
    photos,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function fullView(
  d: NonNullable<AppealDetail>,
  photos: PhotoViews,
  personal: Awaited<ReturnType<typeof getPersonal>> | null,
) {
  const a = d.appeal;
  return {
    ...publicView(d, photos, a.description),
    view: 'full' as const,
    municipalityId: a.municipalityId,
    public: a.public,
    channel: a.channel,
    // With the apartment it points to the author's home: only for those who may read their personal data.
    entrance: personal ? a.entrance : null,
    version: a.version,
    ...(personal ? { author: { id: a.authorId, ...personal, apartment: a.apartment } } : {}),
  };
}
export type FullAppealView = ReturnType<typeof fullView>;

type EventRow = Awaited<ReturnType<typeof listAppealEvents>>[number];
type OrganisationName = { id: number; nameRu: string; nameEn: string };
const idIn = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

/** The organisations a hand-over event names (from whom, to whom): their ids, for one lookup of names. */
export function handoverIds(e: Pick<EventRow, 'payload'>): number[] {
  return [idIn(e.payload.previousOrganisationId), idIn(e.payload.organisationId)].filter((id) => id !== null);
}

/** A hand-over (assignment, reassignment, return to triage): from which organisation to which. */
function handoverOf(e: EventRow, names: ReadonlyMap<number, OrganisationName>) {
  const from = idIn(e.payload.previousOrganisationId);
  const to = idIn(e.payload.organisationId);
  if (from === null && to === null) return {};
  const name = (id: number | null) => (id === null ? null : (names.get(id) ?? null));
  return { handover: { from: name(from), to: name(to) } };
}

/** An escalation step: which clock reached which share of its allowance. */
function stepOf(e: EventRow) {
  const { clock, step } = e.payload;
  if ((clock !== 'response' && clock !== 'resolution') || typeof step !== 'number') return {};
  return { step: { clock: clock as 'response' | 'resolution', percent: step } };
}

/** One event of the history; notes only for the full view (they may quote the resident). */
export function eventView(e: EventRow, full: boolean, names: ReadonlyMap<number, OrganisationName> = new Map()) {
  return {
    id: e.id,
    type: e.type,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actorRole: e.actorRole,
    organisation: e.organisation?.id ? e.organisation : null,
    note: full ? e.note : null,
    ...(e.payload.visibility === 'public' || e.payload.visibility === 'internal'
      ? { visibility: e.payload.visibility as 'public' | 'internal' }
      : {}),
    photos: Array.isArray(e.payload.photos) ? e.payload.photos.map(Number).filter(Number.isSafeInteger) : [],
    ...handoverOf(e, names),
    ...(e.type === 'sla_warning' || e.type === 'sla_breach' ? stepOf(e) : {}),
    at: e.at.toISOString(),
  };
}

export function encodeCursor(createdAt: Date, id: number): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}
export function decodeCursor(cursor: string): { createdAt: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(at);
  if (!at || Number.isNaN(createdAt.getTime()) || !/^\d+$/.test(id ?? '')) {
    throw new BadRequest({ id: 'appeal.cursor_invalid' }, [
      { field: 'querystring.cursor', reason: { id: 'appeal.field.cursor_foreign' } },
    ]);
  }
  return { createdAt, id: Number(id) };
}

/** What the lifecycle routes answer about an appeal: its state and what the actor may do next. */
export const actionStateOf = (
  a: LifecycleAppeal & { number: string },
  allowed: readonly (typeof lifecycleActions)[number][],
) => ({
  id: a.id,
  number: a.number,
  status: a.status,
  assignedOrgId: a.assignedOrgId,
  version: a.version,
  allowed: [...allowed],
});
