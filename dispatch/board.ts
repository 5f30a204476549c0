/**
 * The dispatcher's board: which of its two lists an appeal belongs on. The lists are disjoint by
 * design: triage holds what waits for a dispatcher's decision (nobody holds it), overdue what an
 * organisation holds past the city's deadline (the organisation's to answer for). Pure: the
 * queries in db/queries/sla.ts select by the same rule, time passed in.
 */
import { HELD_BY_ORGANISATION } from './lifecycle.ts';
import type { AppealStatus } from './taxonomy.ts';

export type BoardList = 'triage' | 'overdue';

/** What the rule reads of an appeal. */
export type BoardAppeal = {
  status: AppealStatus;
  assignedOrgId: number | null;
  /** Set when routing could not place the appeal. */
  triageReason: string | null;
  /** The city's running deadlines (null when stopped or paused). */
  responseDueAt: Date | null;
  resolutionDueAt: Date | null;
};

/** The statuses an organisation holds an appeal in. */
export const heldStatuses: readonly AppealStatus[] = HELD_BY_ORGANISATION;

/**
 * Triage: a new appeal routing could not place (it carries the reason), or one an organisation
 * returned (rejected). A new appeal without a reason is still being routed: nothing to decide yet.
 */
export function needsTriage(a: Pick<BoardAppeal, 'status' | 'triageReason'>): boolean {
  return a.status === 'rejected' || (a.status === 'new' && a.triageReason !== null);
}

/** Overdue: held by an organisation, and past a running deadline of the city's clock at `now`. */
export function isOverdue(a: BoardAppeal, now: Date): boolean {
  if (!heldStatuses.includes(a.status) || a.assignedOrgId === null) return false;
  return [a.responseDueAt, a.resolutionDueAt].some((due) => due !== null && due < now);
}

/** The list an appeal is on, if any: never both. */
export function boardListOf(a: BoardAppeal, now: Date): BoardList | null {
  if (needsTriage(a)) return 'triage';
  if (isOverdue(a, now)) return 'overdue';
  return null;
}

/** How long past its earliest missed deadline an appeal is at `now` (0 when none is missed). */
export function lateMillis(a: Pick<BoardAppeal, 'responseDueAt' | 'resolutionDueAt'>, now: Date): number {
  const missed = [a.responseDueAt, a.resolutionDueAt].filter((d): d is Date => d !== null && d < now);
  return missed.length === 0 ? 0 : now.getTime() - Math.min(...missed.map((d) => d.getTime()));
}
