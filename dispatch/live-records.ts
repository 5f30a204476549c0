/**
 * The live messages of the records other than appeals (dispatch/live.ts has the topics, who may
 * follow each, and the appeals' messages): an outage's step on the outage topics, an application's on
 * its applicant's, a public discussion's (and its proposals') on `discussion:<id>`. Pure: the feeds in
 * api/live carry them out.
 */
import { type OutageBuildingRef, type OutageRecord, publicOutage } from './outages.ts';

export type OutageEventType = 'published' | 'updated' | 'restored' | 'cancelled' | 'escalated';

/**
 * A committed entry of an outage's history with the outage as it stands now: what the outage feed
 * reads for each id. `buildingIds` are every building the entry concerns: the outage's buildings,
 * and those a change removed (their pages must drop it).
 */
export type OutageSnapshot = {
  id: number;
  outageId: number;
  type: OutageEventType;
  /** Who acted, as a role (null: the system); the public history shows no more. */
  actorRole: string | null;
  note: string | null;
  changes: Record<string, [unknown, unknown]>;
  at: Date;
  outage: OutageRecord;
  /** The first buildings by address, as the public lists and the map show them. */
  buildings: OutageBuildingRef[];
  buildingIds: number[];
};

export type OutageLiveKind =
  | 'outage.published'
  | 'outage.changed'
  | 'outage.restored'
  | 'outage.cancelled'
  | 'outage.escalated';

export function outageKindOf(type: OutageEventType): OutageLiveKind {
  return type === 'updated' ? 'outage.changed' : `outage.${type}`;
}

/** The topic names an outage event reaches: its municipality's list, its own page, its buildings. */
export function outageTopicsOf(e: OutageSnapshot): string[] {
  return [`outages:${e.outage.municipalityId}`, `outage:${e.outageId}`, ...e.buildingIds.map((b) => `building:${b}`)];
}

/**
 * The message body of an outage event, without `topic`: the history entry as GET /api/outages/:id
 * lists it (a changed list of buildings as its two counts) and the outage in its public view. One
 * view for every subscriber: nothing in it is more than the public pages show.
 */
export function outageMessageOf(e: OutageSnapshot, now: Date) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [field, [before, after]] of Object.entries(e.changes)) {
    changes[field] =
      Array.isArray(before) || Array.isArray(after)
        ? [Array.isArray(before) ? before.length : before, Array.isArray(after) ? after.length : after]
        : [before, after];
  }
  return {
    type: 'event' as const,
    seq: e.id,
    kind: outageKindOf(e.type),
    update: { id: e.id, kind: e.type, actorRole: e.actorRole, note: e.note, changes, at: e.at.toISOString() },
    outage: publicOutage(e.outage, e.buildings, now),
  };
}

/** A committed step of an application with the application as it stands now (the applicant's feed). */
export type ApplicationEventSnapshot = {
  id: number;
  applicationId: number;
  applicantId: number;
  step: string;
  fromStatus: string | null;
  toStatus: string;
  at: Date;
  application: { number: string | null; status: string; stageIndex: number; dueOn: string | null; version: number };
};

/** The topic an application event reaches: its applicant's. */
export const applicationTopicOf = (e: ApplicationEventSnapshot) => `applications:${e.applicantId}`;

/**
 * The message of an application event, without `topic`: what "my applications" shows of it (its
 * number, status, stage, due day and version); no values, notes or files.
 */
export function applicationMessageOf(e: ApplicationEventSnapshot) {
  return {
    type: 'event' as const,
    seq: e.id,
    kind: 'application.changed' as const,
    event: { step: e.step, fromStatus: e.fromStatus, toStatus: e.toStatus, at: e.at.toISOString() },
    application: {
      id: e.applicationId,
      number: e.application.number,
      status: e.application.status,
      stageIndex: e.application.stageIndex,
      dueOn: e.application.dueOn,
      version: e.application.version,
    },
  };
}

/** A committed step of a discussion or one of its proposals, with the discussion as it stands now. */
export type DiscussionEventSnapshot = {
  id: number;
  discussionId: number;
  step: string;
  fromStatus: string | null;
  toStatus: string | null;
  at: Date;
  discussion: {
    status: string;
    version: number;
    counts: { submitted: number; accepted: number; rejected: number; total: number };
  };
};

/** The topic a discussion event reaches: its discussion's. */
export const discussionTopicOf = (e: DiscussionEventSnapshot) => `discussion:${e.discussionId}`;

/**
 * The message of a discussion event, without `topic`: the step (never who took it, nor a proposal's
 * text or author), the discussion's status and version, and its counts of proposals.
 */
export function discussionMessageOf(e: DiscussionEventSnapshot) {
  return {
    type: 'event' as const,
    seq: e.id,
    kind: 'discussion.changed' as const,
    event: { step: e.step, fromStatus: e.fromStatus, toStatus: e.toStatus, at: e.at.toISOString() },
    discussion: { id: e.discussionId, ...e.discussion },
  };
}
