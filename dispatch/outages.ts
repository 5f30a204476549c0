/**
 * Outages of a utility service (planned or emergency disconnections) as plain rules: what a
 * publication may say (its period, its drawn area), where an outage stands at a moment, which
 * appeal categories it answers for, and when an outage past its expected end escalates. Time is
 * passed in; nothing here reads the clock or the database.
 */
import type { Message } from './messages/index.ts';
import type { Ladder, LadderAction } from './escalation.ts';
import type { OutageTemplate } from './notification-texts.ts';
import { type Channel, type Language, type NotificationKind, type Person, reachOf } from './notifications.ts';
import { timerSteps } from './sla.ts';
import type { Utility } from './taxonomy.ts';

import { doubleArea, isSimpleRing, openRing, type Ring, ringInside } from './geo.ts';

// The geometry is dispatch/geo.ts's; these names stay here for the outages' callers.
export { closeRing, isSimpleRing, type Point, pointInRing, type Ring, ringInside, segmentsIntersect } from './geo.ts';
export type Problem = { field: string; reason: Message };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// Shorter than 15 minutes is not worth telling a district about; longer than 31 days is a
// reconstruction, not an outage (it is published again in parts).
export const MIN_OUTAGE_MS = 15 * MINUTE;
export const MAX_OUTAGE_MS = 31 * DAY;
// An emergency is published while it happens (it may have begun a while ago); a planned outage is
// announced ahead, so it may not begin more than an hour back (a late publication).
const EMERGENCY_PAST_MS = 7 * DAY;
const PLANNED_PAST_MS = HOUR;
// Announcing more than half a year ahead is a typo in the year.
const MAX_AHEAD_MS = 183 * DAY;
/** A drawn area has 3 to 200 corners (the map's drawing tool makes far fewer). */
export const MAX_AREA_VERTICES = 200;

export type OutagePeriod = { kind: 'planned' | 'emergency'; startsAt: Date; expectedEndAt: Date };

/** What is wrong with the period of a new outage (empty when it is sane). */
export function periodProblems(p: OutagePeriod, now: Date): Problem[] {
  const problems: Problem[] = [];
  const start = p.startsAt.getTime();
  const end = p.expectedEndAt.getTime();
  if (end <= start) {
    problems.push({
      field: 'expectedEndAt',
      reason: { id: 'outage.end_before_start' },
    });
  } else if (end - start < MIN_OUTAGE_MS) {
    problems.push({ field: 'expectedEndAt', reason: { id: 'outage.too_short' } });
  } else if (end - start > MAX_OUTAGE_MS) {
    problems.push({ field: 'expectedEndAt', reason: { id: 'outage.too_long' } });
  }
  const past = p.kind === 'emergency' ? EMERGENCY_PAST_MS : PLANNED_PAST_MS;
  if (start < now.getTime() - past) {
    problems.push({
      field: 'startsAt',
      reason: { id: p.kind === 'emergency' ? 'outage.emergency_too_old' : 'outage.planned_ahead' },
    });
  }
  if (start > now.getTime() + MAX_AHEAD_MS) {
    problems.push({
      field: 'startsAt',
      reason: { id: 'outage.too_far_ahead' },
    });
  }
  if (end <= now.getTime()) {
    problems.push({ field: 'expectedEndAt', reason: { id: 'outage.end_passed' } });
  }
  return problems;
}

/** What is wrong with a new expected end of an active outage: as at publication, and still ahead. */
export function newEndProblems(o: { startsAt: Date; expectedEndAt: Date }, now: Date): Problem[] {
  const start = o.startsAt.getTime();
  const end = o.expectedEndAt.getTime();
  const field = 'expectedEndAt';
  if (end <= start) return [{ field, reason: { id: 'outage.end_before_start' } }];
  if (end - start > MAX_OUTAGE_MS) return [{ field, reason: { id: 'outage.too_long' } }];
  if (end <= now.getTime()) return [{ field, reason: { id: 'outage.end_passed_restore' } }];
  return [];
}

/** What is wrong with a drawn area: too few or too many corners, crossing itself, outside the city. */
export function areaProblems(ring: Ring, boundary: Ring, field = 'area'): Problem[] {
  const r = openRing(ring);
  if (r.length < 3) return [{ field, reason: { id: 'outage.area_too_few' } }];
  if (r.length > MAX_AREA_VERTICES)
    return [{ field, reason: { id: 'outage.area_too_many', params: { max: MAX_AREA_VERTICES } } }];
  if (
    !r.every(
      ([lon, lat]) => Number.isFinite(lon) && Number.isFinite(lat) && Math.abs(lon) <= 180 && Math.abs(lat) <= 90,
    )
  ) {
    return [{ field, reason: { id: 'outage.area_out_of_range' } }];
  }
  if (!isSimpleRing(r) || doubleArea(r) === 0) {
    return [{ field, reason: { id: 'outage.area_crosses' } }];
  }
  if (!ringInside(r, boundary)) {
    return [{ field, reason: { id: 'outage.area_outside' } }];
  }
  return [];
}

export type OutagePhase = 'upcoming' | 'ongoing' | 'overdue' | 'restored' | 'cancelled';

/** Where an outage stands at `now`: announced, under way, past its expected end, or over. */
export function outagePhase(
  o: { status: 'active' | 'restored' | 'cancelled'; startsAt: Date; expectedEndAt: Date },
  now: Date,
): OutagePhase {
  if (o.status !== 'active') return o.status;
  if (now < o.startsAt) return 'upcoming';
  if (now < o.expectedEndAt) return 'ongoing';
  return 'overdue';
}

/** An outage as the database holds it, with its publishing organisation's names. */
export type OutageRecord = {
  id: number;
  municipalityId: number;
  organisationId: number;
  organisationRu: string;
  organisationEn: string;
  service: Utility;
  kind: 'planned' | 'emergency';
  status: 'active' | 'restored' | 'cancelled';
  reason: string;
  startsAt: Date;
  expectedEndAt: Date;
  restoredAt: Date | null;
  area: Ring | null;
  districtId: number | null;
  buildingCount: number;
  escalationLevel: number;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
export type OutageBuildingRef = { id: number; address: string; lat: number; lon: number };

/**
 * The public view of an outage (HTTP and live streams alike): the publisher is an organisation,
 * never a person; no author, no follower, no escalation timer.
 */
export function publicOutage(o: OutageRecord, buildings: OutageBuildingRef[], now: Date) {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: o.id,
    municipalityId: o.municipalityId,
    service: o.service,
    kind: o.kind,
    status: o.status,
    phase: outagePhase(o, now),
    reason: o.reason,
    startsAt: o.startsAt.toISOString(),
    expectedEndAt: o.expectedEndAt.toISOString(),
    restoredAt: iso(o.restoredAt),
    organisation: { id: o.organisationId, nameRu: o.organisationRu, nameEn: o.organisationEn },
    area: o.area,
    districtId: o.districtId,
    buildingCount: o.buildingCount,
    buildings,
    escalationLevel: o.escalationLevel,
    version: o.version,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

/** Does an appeal of this category speak of this outage's service (category.utility = service)? */
export function categoryMatchesService(category: { utility: Utility | null }, service: Utility): boolean {
  return category.utility === service;
}

/**
 * Should an appeal filed now be linked to this outage: an active outage of the category's service,
 * already begun, over the appeal's building.
 */
export function linksAppeal(
  outage: {
    status: 'active' | 'restored' | 'cancelled';
    service: Utility;
    startsAt: Date;
    buildingIds: readonly number[];
  },
  appeal: { utility: Utility | null; buildingId: number | null },
  now: Date,
): boolean {
  return (
    outage.status === 'active' &&
    outage.startsAt <= now &&
    appeal.buildingId !== null &&
    outage.buildingIds.includes(appeal.buildingId) &&
    categoryMatchesService({ utility: appeal.utility }, outage.service)
  );
}

/** One rung of an outage's escalation: reached at `at`, doing the ladder's actions of that step. */
export type OutageStep = { level: number; at: Date; actions: readonly LadderAction[] };

// The allowance the ladder's percentages of an overrun are taken of: the planned duration, but at
// least an hour (a 20-minute job late by 20 minutes is no city-hall matter) and at most a day.
const MIN_ALLOWANCE_MS = HOUR;
const MAX_ALLOWANCE_MS = DAY;

/**
 * The escalation steps of an outage, like an overdue appeal's: the municipality's ladder from its
 * 100 % step on, where 100 % is the expected end and each further 100 % adds the planned duration
 * (clamped to 1 h – 24 h). Steps before 100 % are reminders, not escalation, and are left out. With
 * the default ladder: at the end the publisher's supervisors and the dispatchers hear of it, one
 * allowance later city hall.
 */
export function outageSteps(ladder: Ladder, o: { startsAt: Date; expectedEndAt: Date }): OutageStep[] {
  const end = o.expectedEndAt.getTime();
  const allowance = Math.min(MAX_ALLOWANCE_MS, Math.max(MIN_ALLOWANCE_MS, end - o.startsAt.getTime()));
  return timerSteps
    .filter((s) => s >= 100 && (ladder[s]?.length ?? 0) > 0)
    .map((s, i) => ({ level: i + 1, at: new Date(end + ((s - 100) / 100) * allowance), actions: ladder[s] }));
}

/** The steps reached at `now` above the level already done, in order. */
export function dueOutageSteps(steps: readonly OutageStep[], level: number, now: Date): OutageStep[] {
  return steps.filter((s) => s.level > level && s.at <= now);
}

/** When the next step above the level done falls due, if any. */
export function nextOutageStepAt(steps: readonly OutageStep[], level: number): Date | null {
  return steps.find((s) => s.level > level)?.at ?? null;
}

/** One outage message on one channel to one address (an outbox row before rendering). */
export type OutageDelivery = {
  userId: number | null;
  channel: Channel;
  destination: string;
  language: Language;
  kind: NotificationKind;
  template: OutageTemplate;
};

/**
 * Resolve an outage notice for people: each gets the channels their preferences give the kind
 * (the same defaults and choices as appeal messages) and their contacts allow; the person who
 * acted gets nothing; a person on one channel and address hears once. An organisation none of
 * whose staff would hear it is written to at its public e-mail.
 */
export function outageDeliveries(
  people: readonly Person[],
  notice: { kind: NotificationKind; template: OutageTemplate },
  opts: { actorId: number | null; organisationEmail?: string | null },
): OutageDelivery[] {
  const out: OutageDelivery[] = [];
  const seen = new Set<string>();
  const push = (d: OutageDelivery) => {
    const key = `${d.channel}\u0000${d.destination}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(d);
  };
  for (const person of people) {
    if (person.userId === opts.actorId) continue;
    const common = { userId: person.userId, language: person.language, kind: notice.kind, template: notice.template };
    for (const address of reachOf(person, notice.kind)) push({ ...common, ...address });
  }
  if (out.length === 0 && opts.organisationEmail) {
    push({
      userId: null,
      channel: 'email',
      destination: opts.organisationEmail,
      language: 'ru',
      kind: notice.kind,
      template: notice.template,
    });
  }
  return out;
}

/** Whom a ladder action of an outage's escalation reaches, with the kind and template. */
export type OutageStepAudience = {
  to: 'supervisors' | 'dispatchers' | 'city_hall';
  kind: NotificationKind;
  template: OutageTemplate;
};
export function outageStepAudiences(actions: readonly LadderAction[]): OutageStepAudience[] {
  return actions.flatMap((action): OutageStepAudience[] => {
    switch (action) {
      case 'warn_supervisor':
      case 'remind_organisation':
        return [{ to: 'supervisors', kind: 'warning', template: 'outage_overdue_supervisor' }];
      case 'overdue_queue':
        return [{ to: 'dispatchers', kind: 'overdue', template: 'outage_overdue_dispatch' }];
      case 'notify_city_hall':
        return [{ to: 'city_hall', kind: 'escalation', template: 'outage_overdue_city_hall' }];
      default:
        return [];
    }
  });
}
