/** Conducting an inspection: start, score the checklist, record defects, complete; or cancel it. */
import {
  insertDefect,
  type Inspection,
  listScores,
  lockInspection,
  updateInspection,
  upsertScores,
} from '../../db/queries/inspections.ts';
import {
  allowedSteps,
  checklistElement,
  completionProblems,
  conditionRating,
  type InspectionStep,
  scoreProblem,
  stepAllowed,
} from '../../dispatch/inspections.ts';
import { can } from '../../dispatch/permissions.ts';
import { type Context, inTransaction } from '../context.ts';
import { Conflict, Forbidden, Unprocessable } from '../errors.ts';
import type { StoredPhoto } from '../uploads.ts';
import { readableInspection, resourceOf } from './read-inspections.ts';
import type { DefectInput, ScoreInput } from './schemas.ts';

const notAllowed = (i: Inspection, step: InspectionStep) =>
  new Conflict(
    { id: 'inspection.step_not_allowed', params: { step, status: i.status } },
    {
      code: 'invalid_transition',
      currentStatus: i.status,
      allowed: allowedSteps(i.status),
    },
  );

/** Take a step in one transaction under the inspection's row lock. */
export async function takeInspectionStep<T>(
  ctx: Context,
  inspectionId: number,
  name: InspectionStep,
  work: (tx: Context, i: Inspection) => Promise<T>,
): Promise<T> {
  await readableInspection(ctx, inspectionId);
  return inTransaction(ctx, async (tx) => {
    const i = (await lockInspection(tx.db, inspectionId))!;
    const permission = name === 'cancel' ? 'inspection.plan' : 'inspection.conduct';
    if (!can(ctx.actor, permission, resourceOf(i))) throw new Forbidden();
    if (!stepAllowed(i.status, name)) throw notAllowed(i, name);
    return work(tx, i);
  });
}

/** Refuse one who may read the inspection but not conduct it (before judging their input). */
export async function mayConductInspection(ctx: Context, inspectionId: number): Promise<void> {
  const row = await readableInspection(ctx, inspectionId);
  if (!can(ctx.actor, 'inspection.conduct', resourceOf(row.inspection))) throw new Forbidden();
}

/** The inspector starts the inspection. */
export async function startInspection(ctx: Context, inspectionId: number): Promise<void> {
  await takeInspectionStep(ctx, inspectionId, 'start', (tx, i) =>
    updateInspection(tx.db, i.id, {
      status: 'in_progress',
      inspectorId: ctx.actor?.userId ?? null,
      startedAt: ctx.clock(),
    }),
  );
}

/** Score checklist elements (1–5, or null for "not applicable"); a later score replaces the earlier. */
export async function scoreInspection(ctx: Context, inspectionId: number, scores: ScoreInput[]): Promise<void> {
  // Refuse those who may not score it before judging their scores (401/403/404, not 422).
  await mayConductInspection(ctx, inspectionId);
  const errors = scores.flatMap((s, n) => {
    const p = scoreProblem(s.element, s.score);
    return p
      ? [
          {
            field: `body.scores.${n}.${checklistElement(s.element) ? 'score' : 'element'}`,
            reason: p,
          },
        ]
      : [];
  });
  const seen = new Set<string>();
  scores.forEach((s, n) => {
    if (seen.has(s.element))
      errors.push({ field: `body.scores.${n}.element`, reason: { id: 'inspection.element_twice' } });
    seen.add(s.element);
  });
  if (errors.length > 0) throw new Unprocessable({ id: 'inspection.scores_refused' }, errors);
  await takeInspectionStep(ctx, inspectionId, 'score', async (tx, i) => {
    await upsertScores(
      tx.db,
      i.id,
      scores.map((s) => ({ element: s.element, score: s.score, note: s.note || null })),
    );
    await updateInspection(tx.db, i.id, {});
  });
}

/** Record a defect with its (already stored) photos. */
export async function addDefect(
  ctx: Context,
  inspectionId: number,
  input: DefectInput,
  photos: StoredPhoto[],
): Promise<void> {
  await takeInspectionStep(ctx, inspectionId, 'add_defect', (tx, i) =>
    insertDefect(tx.db, { inspectionId: i.id, ...input, createdBy: ctx.actor!.userId, createdAt: ctx.clock() }, photos),
  );
}

/** Complete the inspection once every element is scored: the building's condition rating. */
export async function completeInspection(ctx: Context, inspectionId: number, conclusion: string | undefined) {
  await takeInspectionStep(ctx, inspectionId, 'complete', async (tx, i) => {
    const scores = Object.fromEntries((await listScores(tx.db, i.id)).map((s) => [s.element, s.score]));
    const missing = completionProblems(scores);
    if (missing.length > 0) {
      throw new Unprocessable(
        { id: 'inspection.not_all_scored' },
        missing.map((p) => ({ field: `scores.${p.element}`, reason: p.reason })),
      );
    }
    await updateInspection(tx.db, i.id, {
      status: 'completed',
      completedAt: ctx.clock(),
      rating: conditionRating(scores),
      conclusion: conclusion || null,
    });
  });
}

/** Cancel the inspection (by whoever may plan it); the season may then be planned again. */
export async function cancelInspection(ctx: Context, inspectionId: number, reason: string): Promise<void> {
  await takeInspectionStep(ctx, inspectionId, 'cancel', (tx, i) =>
    updateInspection(tx.db, i.id, { status: 'cancelled', conclusion: `Отменён / Cancelled: ${reason}` }),
  );
}
