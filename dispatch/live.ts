/**
 * Live streams: which topics a client may follow, what a committed appeal event becomes on each of
 * them, and how much of it each may see. Pure: the websocket route and the event feed in api/live
 * carry it out.
 *
 * Topics:
 * - `appeal:<id>`: one appeal (its author, its followers, the handling organisation, dispatchers,
 *   city hall, admins);
 * - `org:<id>`: an organisation's queue (its staff; dispatchers, city hall and admins of the
 *   municipality);
 * - `board:<municipalityId>`: the municipality's dispatch board (dispatchers, city hall, admins);
 * - `public:district:<id>` and `public:bbox:<west>,<south>,<east>,<north>`: public map updates,
 *   for everybody, of public appeals only, without personal data;
 * - `outages:<municipalityId>`, `outage:<id>` and `building:<id>`: outages (public information, for
 *   everybody): every publication, change, restoration, cancellation and escalation step of the
 *   municipality's outages, of one outage, or of the outages over one building.
 * - `applications:<userId>`: an applicant's own applications for e-services ("my applications"):
 *   every step of each, for that applicant only. Seq is an application event's id (a sequence of its
 *   own); a reconnecting client is told to reload over HTTP rather than replayed.
 * - `discussion:<id>` (public once the discussion is; a draft's to its organiser): every step of a
 *   public discussion and of its proposals, with its status and live counts of proposals after it.
 *   Seq is a discussion event's id; a reconnecting client reloads over HTTP.
 * - `hall:<officeId>` (public: ticket numbers, points and counts) and `office:<officeId>` (the office's
 *   staff, for the consoles): every step of the office's hall tickets (dispatch/hall.ts). Seq is a
 *   queue event's id; a reconnecting client reloads over HTTP.
 *
 * The other records' messages (outages, applications, discussions) are in dispatch/live-records.ts.
 *
 * Every message of a stream carries `seq`, the id of the appeal event it comes from: events of one
 * appeal are written under the appeal's row lock, so on `appeal:<id>` the order of seq is the order
 * of commits; on the wider streams two appeals' events may commit out of id order, so a backfill
 * replays a small overlap before the client's last seq and clients drop the seqs they already hold.
 * On the outage topics, seq is the id of the outage's history row (outage_updates), a sequence of
 * its own: those topics carry outage events only, so a client's seqs never mix the two.
 */
import { type Actor, can } from './permissions.ts';
import type { Priority } from './taxonomy.ts';

export type Topic =
  | { kind: 'appeal'; appealId: number }
  | { kind: 'org'; organisationId: number }
  | { kind: 'board'; municipalityId: number }
  | { kind: 'district'; districtId: number }
  | { kind: 'bbox'; west: number; south: number; east: number; north: number }
  | { kind: 'outages'; municipalityId: number }
  | { kind: 'outage'; outageId: number }
  | { kind: 'building'; buildingId: number }
  | { kind: 'applications'; userId: number }
  | { kind: 'hall'; officeId: number }
  | { kind: 'office'; officeId: number }
  | { kind: 'discussion'; discussionId: number };

/** A discussion's topic (its seq is a discussion event id). */
export function isDiscussionTopic(t: Topic): t is Extract<Topic, { kind: 'discussion' }> {
  return t.kind === 'discussion';
}

/** The electronic queue's topics (their seq is a queue event id): an office's hall display and its consoles. */
export function isQueueTopic(t: Topic): t is Extract<Topic, { kind: 'hall' | 'office' }> {
  return t.kind === 'hall' || t.kind === 'office';
}

/** The topic that carries an applicant's application events (its seq is an application event id). */
export function isApplicationTopic(t: Topic): t is Extract<Topic, { kind: 'applications' }> {
  return t.kind === 'applications';
}

/** The topics that carry outage events (their seq is an outage history id). */
export function isOutageTopic(t: Topic): t is Extract<Topic, { kind: 'outages' | 'outage' | 'building' }> {
  return t.kind === 'outages' || t.kind === 'outage' || t.kind === 'building';
}

const MAX_ID = 2 ** 31 - 1;
const id = (s: string): number | null => (/^[1-9]\d{0,9}$/.test(s) && Number(s) <= MAX_ID ? Number(s) : null);
/** Largest public map area one subscription may cover, in degrees (a city, not a country). */
export const MAX_BBOX_DEGREES = 2;

/** Parse a topic name; null when it is not one (the caller answers with the reason). */
export function parseTopic(name: string): Topic | null {
  if (name.length > 100) return null;
  const parts = name.split(':');
  if (parts.length === 2) {
    const n = id(parts[1]);
    if (n === null) return null;
    if (parts[0] === 'appeal') return { kind: 'appeal', appealId: n };
    if (parts[0] === 'org') return { kind: 'org', organisationId: n };
    if (parts[0] === 'board') return { kind: 'board', municipalityId: n };
    if (parts[0] === 'outages') return { kind: 'outages', municipalityId: n };
    if (parts[0] === 'outage') return { kind: 'outage', outageId: n };
    if (parts[0] === 'building') return { kind: 'building', buildingId: n };
    if (parts[0] === 'applications') return { kind: 'applications', userId: n };
    if (parts[0] === 'hall') return { kind: 'hall', officeId: n };
    if (parts[0] === 'office') return { kind: 'office', officeId: n };
    if (parts[0] === 'discussion') return { kind: 'discussion', discussionId: n };
    return null;
  }
  if (parts.length !== 3 || parts[0] !== 'public') return null;
  if (parts[1] === 'district') {
    const n = id(parts[2]);
    return n === null ? null : { kind: 'district', districtId: n };
  }
  if (parts[1] !== 'bbox') return null;
  const nums = parts[2].split(',').map((s) => (/^-?\d{1,3}(\.\d{1,7})?$/.test(s) ? Number(s) : Number.NaN));
  if (nums.length !== 4 || nums.some((v) => !Number.isFinite(v))) return null;
  const [west, south, east, north] = nums;
  const valid =
    west >= -180 &&
    east <= 180 &&
    south >= -90 &&
    north <= 90 &&
    west < east &&
    south < north &&
    east - west <= MAX_BBOX_DEGREES &&
    north - south <= MAX_BBOX_DEGREES;
  return valid ? { kind: 'bbox', west, south, east, north } : null;
}

/** The canonical name of a topic (what messages carry). */
export function topicName(t: Topic): string {
  switch (t.kind) {
    case 'appeal':
      return `appeal:${t.appealId}`;
    case 'org':
      return `org:${t.organisationId}`;
    case 'board':
      return `board:${t.municipalityId}`;
    case 'district':
      return `public:district:${t.districtId}`;
    case 'bbox':
      return `public:bbox:${t.west},${t.south},${t.east},${t.north}`;
    case 'outages':
      return `outages:${t.municipalityId}`;
    case 'outage':
      return `outage:${t.outageId}`;
    case 'building':
      return `building:${t.buildingId}`;
    case 'applications':
      return `applications:${t.userId}`;
    case 'hall':
      return `hall:${t.officeId}`;
    case 'office':
      return `office:${t.officeId}`;
    case 'discussion':
      return `discussion:${t.discussionId}`;
  }
}

/** What the permission check needs to know about the record behind a topic. */
export type TopicFacts =
  | {
      kind: 'appeal';
      municipalityId: number;
      assignedOrgId: number | null;
      authorId: number;
      public: boolean;
      followedByActor: boolean;
    }
  | { kind: 'org'; municipalityId: number }
  | { kind: 'board'; municipalityId: number }
  /** A public record (a municipality, an outage, a building) that exists, and its municipality. */
  | { kind: 'record'; municipalityId: number }
  | { kind: 'public' }
  /** An office that exists: its municipality and the organisation that receives there. */
  | { kind: 'office'; municipalityId: number; organisationId: number }
  /** A discussion that exists: its municipality, its organiser, whether it is public (not a draft). */
  | { kind: 'discussion'; municipalityId: number; organiserId: number; public: boolean };

export type View = 'full' | 'public';
/** What a subscriber gets: the view of the appeal, and whether internal comments reach them. */
export type Audience = { view: View; internal: boolean };
export type SubscribeDecision = ({ ok: true } & Audience) | { ok: false; status: 401 | 403 | 404 };

/**
 * May this actor follow this topic, and with which view? Asked of the one permission table with the
 * same actions as the HTTP routes: an appeal as GET /api/appeals/:id (a follower of a public appeal
 * gets its public view), a queue as GET /api/queue, the board as the dispatch queues, the map as
 * the public appeal views. `facts` is null when the record does not exist.
 */
export function authorizeTopic(actor: Actor, topic: Topic, facts: TopicFacts | null): SubscribeDecision {
  const denied = (): SubscribeDecision => ({ ok: false, status: actor ? 403 : 401 });
  const publicView: SubscribeDecision = { ok: true, view: 'public', internal: false };
  if (topic.kind === 'district' || topic.kind === 'bbox')
    return can(actor, 'appeal.read_public') ? publicView : denied();
  // One's own applications only, as GET /api/applications/mine.
  if (topic.kind === 'applications')
    return actor?.userId === topic.userId && can(actor, 'application.create')
      ? { ok: true, view: 'full', internal: false }
      : denied();
  if (!facts) return { ok: false, status: 404 };
  // Outages are public (GET /api/outages): the same view for residents, staff and anonymous visitors.
  if (isOutageTopic(topic))
    return facts.kind === 'record' && can(actor, 'outage.read', { municipalityId: facts.municipalityId })
      ? publicView
      : denied();
  // The hall display is public (GET /api/offices/:id/hall); the consoles' topic is the office's staff's.
  if (isQueueTopic(topic) && facts.kind === 'office') {
    const resource = { municipalityId: facts.municipalityId, organisationIds: [facts.organisationId] };
    const action = topic.kind === 'hall' ? 'office.read' : 'hall.operate';
    return can(actor, action, resource) ? publicView : denied();
  }
  // A discussion's page is public (GET /api/discussions/:id); a draft's is its organiser's, else it does not exist.
  if (topic.kind === 'discussion' && facts.kind === 'discussion') {
    const resource = { municipalityId: facts.municipalityId, organisationIds: [facts.organiserId] };
    if (facts.public) return can(actor, 'discussion.read', resource) ? publicView : denied();
    const organiser = can(actor, 'discussion.manage', resource) || can(actor, 'discussion.moderate', resource);
    return organiser ? publicView : { ok: false, status: 404 };
  }
  if (topic.kind === 'appeal' && facts.kind === 'appeal') {
    const resource = {
      municipalityId: facts.municipalityId,
      organisationIds: [facts.assignedOrgId],
      ownerId: facts.authorId,
    };
    if (can(actor, 'appeal.read', resource))
      return { ok: true, view: 'full', internal: can(actor, 'appeal.comment_internal', resource) };
    if (facts.public && facts.followedByActor && can(actor, 'appeal.read_public')) return publicView;
    // An appeal one may not read does not exist for them (as over HTTP).
    return { ok: false, status: 404 };
  }
  if (topic.kind === 'org' && facts.kind === 'org') {
    const resource = { municipalityId: facts.municipalityId, organisationIds: [topic.organisationId] };
    if (!can(actor, 'appeal.list', resource)) return denied();
    return { ok: true, view: 'full', internal: can(actor, 'appeal.comment_internal', resource) };
  }
  if (topic.kind === 'board' && facts.kind === 'board') {
    if (!can(actor, 'dispatch.queue', { municipalityId: facts.municipalityId })) return denied();
    return {
      ok: true,
      view: 'full',
      internal: can(actor, 'appeal.comment_internal', { municipalityId: facts.municipalityId }),
    };
  }
  return denied();
}

/** A committed appeal event with the appeal as it stands now: what the feed reads for each id. */
export type EventSnapshot = {
  id: number;
  appealId: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  /** The organisation the event concerns (who acted, or who was assigned). */
  organisationId: number | null;
  /** For hand-overs and rejections: the organisation the appeal left. */
  previousOrganisationId: number | null;
  /** Comments: 'internal' ones are for the organisation and dispatchers only. */
  visibility: 'public' | 'internal' | null;
  at: Date;
  appeal: {
    number: string;
    municipalityId: number;
    districtId: number | null;
    status: string;
    priority: Priority;
    categoryId: number;
    assignedOrgId: number | null;
    public: boolean;
    lat: number;
    lon: number;
    responseDueAt: Date | null;
    resolutionDueAt: Date | null;
    responseBreachedAt: Date | null;
    resolutionBreachedAt: Date | null;
  };
};

export type LiveKind = 'appeal.created' | 'appeal.changed' | 'appeal.escalated';

export function kindOf(type: string): LiveKind {
  if (type === 'created') return 'appeal.created';
  if (type === 'sla_warning' || type === 'sla_breach' || type === 'escalated') return 'appeal.escalated';
  return 'appeal.changed';
}

/** The topic names an event reaches (public map areas are matched apart, by `inBbox`). */
export function topicsOf(e: EventSnapshot): string[] {
  const out = [`appeal:${e.appealId}`, `board:${e.appeal.municipalityId}`];
  for (const o of new Set([e.appeal.assignedOrgId, e.previousOrganisationId])) if (o !== null) out.push(`org:${o}`);
  if (e.appeal.districtId !== null) out.push(`public:district:${e.appeal.districtId}`);
  return out;
}

/**
 * Does this subscriber get this event? Internal comments only reach those who may write them; the
 * public view only carries public appeals.
 */
export function reaches(e: EventSnapshot, audience: Audience): boolean {
  if (e.visibility === 'internal' && !audience.internal) return false;
  return audience.view === 'full' || e.appeal.public;
}

/**
 * After this event, may a subscriber of the appeal's topic still follow it? Staff of an organisation
 * read an appeal only while their organisation holds it: when it is handed to another one, they get
 * the hand-over event and their subscription ends. Everyone else's access does not depend on it.
 */
export function keepsAppealAccess(actor: Actor, audience: Audience, e: EventSnapshot): boolean {
  if (!actor || audience.view !== 'full') return true;
  if (actor.role !== 'org_staff' && actor.role !== 'org_supervisor') return true;
  return actor.organisationId !== null && actor.organisationId === e.appeal.assignedOrgId;
}

/** Does a public map area take this event? */
export function inBbox(e: EventSnapshot, t: Extract<Topic, { kind: 'bbox' }>): boolean {
  return e.appeal.lon >= t.west && e.appeal.lon <= t.east && e.appeal.lat >= t.south && e.appeal.lat <= t.north;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/**
 * The message body for a view, without `topic`: small (well under 1 kB), never the author, the
 * description, notes or contacts. The full view adds what queues sort and colour by: due times and
 * breaches. The appeal topic's full view is what an author may see too, so it holds nothing more.
 */
export function messageOf(e: EventSnapshot, view: View) {
  const a = e.appeal;
  const base = {
    type: 'event' as const,
    seq: e.id,
    kind: kindOf(e.type),
    event: { type: e.type, fromStatus: e.fromStatus, toStatus: e.toStatus, at: e.at.toISOString() },
    appeal: {
      id: e.appealId,
      number: a.number,
      status: a.status,
      priority: a.priority,
      categoryId: a.categoryId,
      districtId: a.districtId,
      organisationId: a.assignedOrgId,
      lat: a.lat,
      lon: a.lon,
    },
  };
  if (view === 'public') return base;
  return {
    ...base,
    appeal: {
      ...base.appeal,
      municipalityId: a.municipalityId,
      responseDueAt: iso(a.responseDueAt),
      resolutionDueAt: iso(a.resolutionDueAt),
      responseBreachedAt: iso(a.responseBreachedAt),
      resolutionBreachedAt: iso(a.resolutionBreachedAt),
    },
  };
}
