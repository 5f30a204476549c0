import { and, asc, eq, inArray, isNotNull, lte } from 'drizzle-orm';
import type { ClockName, Ladder, StepKey } from '../../dispatch/escalation.ts';
import { stepId } from '../../dispatch/escalation.ts';
import type { Db } from '../client.ts';
import { appeals, municipalities, slaSteps } from '../schema/index.ts';

/** The steps already done for an appeal, as step ids (clock:cycle:step). */
export async function listDoneSteps(db: Db, appealId: number): Promise<Set<string>> {
  const rows = await db
    .select({ clock: slaSteps.clock, cycle: slaSteps.cycle, step: slaSteps.step })
    .from(slaSteps)
    .where(eq(slaSteps.appealId, appealId));
  return new Set(
    rows.map((r) => stepId({ clock: r.clock as ClockName, cycle: r.cycle, step: r.step as StepKey['step'] })),
  );
}

/** The steps already done for each of many appeals (those with none are absent). */
export async function listDoneStepsOf(db: Db, appealIds: readonly number[]): Promise<Map<number, Set<string>>> {
  const rows = await db
    .select({ appealId: slaSteps.appealId, clock: slaSteps.clock, cycle: slaSteps.cycle, step: slaSteps.step })
    .from(slaSteps)
    .where(inArray(slaSteps.appealId, [...appealIds]));
  const done = new Map<number, Set<string>>();
  for (const r of rows) {
    const set = done.get(r.appealId) ?? new Set<string>();
    set.add(stepId({ clock: r.clock as ClockName, cycle: r.cycle, step: r.step as StepKey['step'] }));
    done.set(r.appealId, set);
  }
  return done;
}

/**
 * Record steps as done in one statement; returns those that were not done yet (another worker or
 * the sweeper may have got to the rest), in the order given.
 */
export async function markStepsDone(
  db: Db,
  appealId: number,
  keys: readonly StepKey[],
  now: Date,
  by: 'timer' | 'sweeper',
): Promise<StepKey[]> {
  if (keys.length === 0) return [];
  const rows = await db
    .insert(slaSteps)
    .values(
      keys.map((key) => ({ appealId, clock: key.clock, cycle: key.cycle, step: key.step, doneAt: now, doneBy: by })),
    )
    .onConflictDoNothing()
    .returning({ clock: slaSteps.clock, cycle: slaSteps.cycle, step: slaSteps.step });
  const inserted = new Set(
    rows.map((r) => stepId({ clock: r.clock as ClockName, cycle: r.cycle, step: r.step as StepKey['step'] })),
  );
  return keys.filter((key) => inserted.has(stepId(key)));
}

export async function setNextStepAt(db: Db, appealId: number, at: Date | null): Promise<void> {
  await db.update(appeals).set({ nextStepAt: at }).where(eq(appeals.id, appealId));
}

/** Appeals with an escalation step due by now (for the sweeper), earliest first. */
export async function listAppealsWithDueSteps(db: Db, now: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: appeals.id })
    .from(appeals)
    .where(and(isNotNull(appeals.nextStepAt), lte(appeals.nextStepAt, now)))
    .orderBy(asc(appeals.nextStepAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

export async function getLadder(db: Db, municipalityId: number): Promise<Ladder | null> {
  const rows = await db
    .select({ ladder: municipalities.escalationLadder })
    .from(municipalities)
    .where(eq(municipalities.id, municipalityId));
  return rows[0]?.ladder ?? null;
}

/** Set the municipality's own ladder; null returns it to the default (dispatch/escalation.ts). */
export async function setLadder(db: Db, municipalityId: number, ladder: Ladder | null): Promise<boolean> {
  const rows = await db
    .update(municipalities)
    .set({ escalationLadder: ladder })
    .where(eq(municipalities.id, municipalityId))
    .returning({ id: municipalities.id });
  return rows.length > 0;
}

/** Lock the appeal row for the timers (one worker at a time per appeal). */
export async function lockAppealForTimers(db: Db, appealId: number) {
  const rows = await db
    .select({
      id: appeals.id,
      municipalityId: appeals.municipalityId,
      categoryId: appeals.categoryId,
      priority: appeals.priority,
      status: appeals.status,
      assignedOrgId: appeals.assignedOrgId,
      outageId: appeals.outageId,
    })
    .from(appeals)
    .where(eq(appeals.id, appealId))
    .for('update');
  return rows[0] ?? null;
}

/** Resolved appeals whose dispute window ended before `before`: the sweeper closes them. */
export async function listResolvedBefore(db: Db, before: Date, limit: number): Promise<number[]> {
  const rows = await db
    .select({ id: appeals.id })
    .from(appeals)
    .where(and(eq(appeals.status, 'resolved'), lte(appeals.resolvedAt, before)))
    .orderBy(asc(appeals.resolvedAt))
    .limit(limit);
  return rows.map((r) => r.id);
}
