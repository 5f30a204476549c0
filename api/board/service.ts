/**
 * The dispatcher's board: the municipality's overdue appeals, the ones waiting for triage, and
 * handing several appeals over to an organisation at once.
 */
import { listRoutingRules } from '../../db/queries/routing.ts';
import { type BoardPage, listOverdue, listTriage } from '../../db/queries/sla.ts';
import { lateMillis } from '../../dispatch/board.ts';
import { handOverAction } from '../../dispatch/lifecycle.ts';
import type { Message } from '../../dispatch/messages/index.ts';
import { type RoutingRule, ruleTargetsOf } from '../../dispatch/routing.ts';
import { actOnAppeal } from '../appeals/act-on-appeal.ts';
import { type Context, signedInActor } from '../context.ts';
import { HttpProblem } from '../errors.ts';
import { dueTimesOf, queueBaseOf } from '../queue/views.ts';
import { appealsOfWrongKind } from '../routing/organisation-fit.ts';
import type { BoardItemBase, BulkOutcome, BulkReassign } from './schemas.ts';

type BoardRow = Awaited<ReturnType<typeof listTriage>>['rows'][number];

/** What both lists show of an appeal: the queue's row, the city's clock, and whom its category fits. */
function boardItemOf(r: BoardRow, rules: readonly RoutingRule[], now: Date): BoardItemBase {
  const profile = { id: r.category.id, group: r.categoryGroup, responsibleKind: r.responsibleKind };
  return {
    ...queueBaseOf(r),
    ...dueTimesOf(r),
    lateMillis: lateMillis(r, now),
    responsibleKind: r.responsibleKind,
    ruleOrganisationIds: ruleTargetsOf(profile, rules),
  };
}

/** A page of a list as the API answers it. */
const pageOf = <T>(items: T[], total: number, page: BoardPage) => ({
  items,
  total,
  offset: page.offset,
  nextOffset: page.offset + items.length < total ? page.offset + items.length : null,
});

/**
 * Appeals an organisation holds past the city's deadline in the actor's municipality, the latest
 * first, with when the organisation received each (its own clock) beside the city's deadlines.
 */
export async function listOverdueAppeals(ctx: Context, page: BoardPage) {
  const now = ctx.clock();
  const { municipalityId } = signedInActor(ctx);
  const [{ rows, total }, rules] = await Promise.all([
    listOverdue(ctx.db, municipalityId, now, page),
    listRoutingRules(ctx.db, municipalityId),
  ]);
  const items = rows.map((r) => ({
    ...boardItemOf(r, rules, now),
    assignedOrgId: r.assignedOrgId as number,
    assignedAt: r.assignedAt?.toISOString() ?? null,
  }));
  return pageOf(items, total, page);
}

/** Appeals waiting for a dispatcher's decision: routing could not place them, or an organisation returned them. */
export async function listTriageAppeals(ctx: Context, page: BoardPage) {
  const now = ctx.clock();
  const { municipalityId } = signedInActor(ctx);
  const [{ rows, total }, rules] = await Promise.all([
    listTriage(ctx.db, municipalityId, page),
    listRoutingRules(ctx.db, municipalityId),
  ]);
  const items = rows.map((r) => ({ ...boardItemOf(r, rules, now), triageReason: r.triageReason }));
  return pageOf(items, total, page);
}

/** One appeal's outcome; a refusal's detail is a message the route renders in the reader's language. */
export type HandOver =
  | Omit<BulkOutcome, 'problem'>
  | { id: number; ok: false; problem: { status: number; code: string; detail: string | Message } };

/**
 * Hand several appeals to one organisation: each in its own transaction, exactly as the single
 * action would (assign when nobody holds it, reassign when an organisation does). A refusal does
 * not hold back the others; each outcome is reported. An organisation of the wrong kind for any of
 * them (dispatch/routing.ts `organisationFits`) refuses the whole request unless `confirmWrongKind`.
 */
export async function reassignMany(ctx: Context, { appeals, targetOrgId, reason, confirmWrongKind }: BulkReassign) {
  const wrongKind = await appealsOfWrongKind(
    ctx,
    appeals.map((a) => a.id),
    targetOrgId,
  );
  if (wrongKind.length > 0 && !confirmWrongKind) {
    // Nothing moves: the dispatcher confirms the whole hand-over, or picks another organisation.
    throw new HttpProblem(
      409,
      'wrong-kind',
      { id: 'board.wrong_kind', params: { numbers: wrongKind.map((a) => a.number).join(', ') } },
      { extra: { wrongKind } },
    );
  }
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
