/**
 * The dispatcher's board: the municipality's overdue appeals, the ones waiting for triage, and
 * handing several appeals over to an organisation at once.
 */
import { listOverdue, listTriage } from '../../db/queries/sla.ts';
import { handOverAction } from '../../dispatch/lifecycle.ts';
import { actOnAppeal } from '../appeals/act-on-appeal.ts';
import type { Context } from '../context.ts';
import { HttpProblem, Unauthorized } from '../errors.ts';
import { dueTimesOf, queueBaseOf } from '../queue/views.ts';
import type { Message } from '../../dispatch/messages/index.ts';
import type { BulkOutcome, BulkReassign } from './schemas.ts';

function municipalityOf(ctx: Context): number {
  if (!ctx.actor) throw new Unauthorized();
  return ctx.actor.municipalityId;
}

/** Appeals past a deadline in the actor's municipality, the latest first. */
export async function listOverdueAppeals(ctx: Context, limit: number) {
  const now = ctx.clock();
  const rows = await listOverdue(ctx.db, municipalityOf(ctx), now, limit);
  return rows.map((r) => {
    const missed = [r.responseDueAt, r.resolutionDueAt].filter((d): d is Date => d !== null && d < now);
    return {
      ...queueBaseOf(r),
      assignedOrgId: r.assignedOrgId,
      ...dueTimesOf(r),
      lateMillis: now.getTime() - Math.min(...missed.map((d) => d.getTime())),
    };
  });
}

/** Appeals routing could not place, or that an organisation rejected. */
export async function listTriageAppeals(ctx: Context, limit: number) {
  const rows = await listTriage(ctx.db, municipalityOf(ctx), limit);
  return rows.map((r) => ({ ...queueBaseOf(r), triageReason: r.triageReason }));
}

/** One appeal's outcome; a refusal's detail is a message the route renders in the reader's language. */
export type HandOver =
  | Omit<BulkOutcome, 'problem'>
  | { id: number; ok: false; problem: { status: number; code: string; detail: string | Message } };

/**
 * Hand several appeals to one organisation: each in its own transaction, exactly as the single
 * action would (assign when nobody holds it, reassign when an organisation does). A refusal does
 * not hold back the others; each outcome is reported.
 */
export async function reassignMany(ctx: Context, { appeals, targetOrgId, reason }: BulkReassign) {
  const results: HandOver[] = [];
  for (const item of appeals) {
    try {
      const input = { targetOrgId, reason, expectedVersion: item.expectedVersion };
      const done = await actOnAppeal(ctx, { id: item.id }, handOverAction, input);
      const { status, version, assignedOrgId } = done.appeal;
      results.push({ id: item.id, ok: true, status, version, assignedOrgId });
    } catch (error) {
      if (!(error instanceof HttpProblem)) throw error;
      // The code the single action would answer: the conflict's kind, else the message's id.
      const code =
        (error.extra?.code as string | undefined) ?? (typeof error.detail === 'string' ? error.code : error.detail.id);
      results.push({ id: item.id, ok: false, problem: { status: error.status, code, detail: error.detail } });
    }
  }
  ctx.log.info(
    { targetOrgId, moved: results.filter((r) => r.ok).length, refused: results.filter((r) => !r.ok).length },
    'bulk reassign',
  );
  return results;
}
