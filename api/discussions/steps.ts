/**
 * A discussion's step, the way every use case and the timer take it: under the row lock inside
 * the caller's transaction, the version checked when the caller has one (stale → 409), the step
 * allowed from the status by dispatch/discussions.ts (else 409 naming the status), then the row
 * with the step's time and a discussion_events row with who (null: the timer), when, from, to and why.
 * Whether the actor may take it is the caller's to check first (`discussionResource` with `can()`).
 */
import {
  type Discussion,
  insertDiscussionEvent,
  lockDiscussion,
  updateDiscussion,
} from '../../db/queries/discussions.ts';
import { type DiscussionStep, nextDiscussionStatus } from '../../dispatch/discussions.ts';
import type { Resource } from '../../dispatch/permissions.ts';
import type { Context } from '../context.ts';
import { Conflict, NotFound } from '../errors.ts';

/** A discussion as the permission table sees it: its municipality's, its organiser's. */
export function discussionResource(d: Pick<Discussion, 'municipalityId' | 'organiserId'>): Resource {
  return { municipalityId: d.municipalityId, organisationIds: [d.organiserId] };
}

/** The time column each step stamps. */
const stampOf = {
  announce: 'announcedAt',
  open: 'openedAt',
  close: 'closedAt',
  sign_protocol: 'protocolSignedAt',
  publish_conclusion: 'concludedAt',
  cancel: 'cancelledAt',
} as const satisfies Record<DiscussionStep, keyof Discussion>;

export const staleDiscussion = (d: Discussion) =>
  new Conflict({ id: 'discussion.changed_meanwhile' }, { code: 'stale', currentVersion: d.version });

export type DiscussionStepOptions = {
  /** The version the person saw; the timer passes none. */
  version?: number;
  /** Why (a cancellation's reason, required there by the caller). */
  reason?: string | null;
  /** What the step changes besides the status and its time. */
  set?: Partial<Omit<Discussion, 'id' | 'version' | 'status'>>;
  data?: Record<string, unknown>;
};

/** Take a step of discussion `id` inside the caller's transaction (`tx` from inTransaction). */
export async function takeDiscussionStep(
  tx: Context,
  id: number,
  step: DiscussionStep,
  opts: DiscussionStepOptions = {},
): Promise<{ before: Discussion; after: Discussion }> {
  const d = await lockDiscussion(tx.db, id);
  if (!d) throw new NotFound('discussion');
  if (opts.version !== undefined && opts.version !== d.version) throw staleDiscussion(d);
  const toStatus = nextDiscussionStatus(d.status, step);
  if (!toStatus) {
    throw new Conflict(
      { id: 'discussion.step_not_allowed', params: { step, status: d.status } },
      { code: 'invalid_transition', currentStatus: d.status },
    );
  }
  const now = tx.clock();
  const after = await updateDiscussion(
    tx.db,
    id,
    {
      ...opts.set,
      status: toStatus,
      [stampOf[step]]: now,
      ...(step === 'cancel' ? { cancelReason: opts.reason ?? null } : {}),
    },
    now,
  );
  await insertDiscussionEvent(tx.db, {
    discussionId: id,
    step,
    actorId: tx.actor?.userId ?? null,
    fromStatus: d.status,
    toStatus,
    reason: opts.reason ?? null,
    data: opts.data ?? {},
    at: now,
  });
  return { before: d, after };
}
