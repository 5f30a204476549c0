import type { ClockEvent } from './sla.ts';
import type { AppealStatus } from './taxonomy.ts';

/** An appeal event as far as the clocks care (the appeal_events row). */
export type AppealEventForClocks = {
  type: string;
  fromStatus: AppealStatus | null;
  toStatus: AppealStatus | null;
  /** The organisation on the event: for a person, the one they act for. */
  organisationId: number | null;
  /** Assignments name the organisation they hand the appeal to here. */
  payload?: unknown;
  at: Date;
};

/** Whom an assignment handed the appeal to: the payload's target, else the event's organisation. */
function assignee(e: AppealEventForClocks): number | null {
  const target = (e.payload as { organisationId?: unknown } | null | undefined)?.organisationId;
  return typeof target === 'number' ? target : e.organisationId;
}

/**
 * The clock events in an appeal's history: the events table is the one record of what happened,
 * and the SLA clocks are computed from it (dispatch/sla.ts), never stored as their own truth.
 */
export function clockEventsFrom(events: readonly AppealEventForClocks[]): ClockEvent[] {
  const out: ClockEvent[] = [];
  for (const e of events) {
    // Leaving needs_info any other way than the resident's reply (reassign, reject, resolve)
    // resumes the clock first: the city's time runs again.
    if (e.fromStatus === 'needs_info' && e.toStatus !== 'needs_info' && e.type !== 'info_provided') {
      out.push({ type: 'resumed', at: e.at });
    }
    switch (e.type) {
      case 'assigned':
      case 'reassigned': {
        // A dispatcher's event carries the dispatch centre as its organisation; the target is in the payload.
        const organisationId = assignee(e);
        if (organisationId !== null) out.push({ type: e.type, at: e.at, organisationId });
        break;
      }
      case 'rejected':
        out.push({ type: 'unassigned', at: e.at });
        break;
      case 'accepted':
        out.push({ type: 'accepted', at: e.at });
        break;
      case 'info_requested':
        out.push({ type: 'paused', at: e.at });
        break;
      case 'info_provided':
        out.push({ type: 'resumed', at: e.at });
        break;
      case 'resolved':
        out.push({ type: 'resolved', at: e.at });
        break;
      case 'reopened':
        out.push({ type: 'reopened', at: e.at });
        break;
      case 'closed':
      case 'duplicate':
        out.push({ type: 'closed', at: e.at });
        break;
      case 'cancelled':
        out.push({ type: 'cancelled', at: e.at });
        break;
    }
  }
  return out;
}
