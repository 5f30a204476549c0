import { insertAppealEvents } from '../../db/queries/appeals.ts';
import {
  getLadder,
  listAppealsWithDueSteps,
  listDoneSteps,
  lockAppealForTimers,
  markStepsDone,
} from '../../db/queries/escalation.ts';
import { defaultLadder, dueSteps, stepId } from '../../dispatch/escalation.ts';
import { notifySteps } from '../notifications/write-notices.ts';
import { type Context, inTransaction } from '../context.ts';
import { armNextStep, clocksWithPolicy } from './clocks.ts';

/** Who noticed the step was due: its own timer (the `sla.step` job) or the sweeper. */
export type StepTrigger = 'timer' | 'sweeper';

/**
 * Escalate an appeal: perform every escalation step that is due and not yet done, each exactly
 * once (the sla_steps key) — an `sla_warning` or `sla_breach` event and the ladder's notices —
 * then arm the next. Safe to run any number of times, from a timer or the sweeper, at any moment.
 */
export async function performDueSteps(ctx: Context, appealId: number, by: StepTrigger): Promise<number> {
  const now = ctx.clock();
  return inTransaction(ctx, async (tx) => {
    const appeal = await lockAppealForTimers(tx.db, appealId);
    // An appeal linked to an outage never escalates against the company (api/sla/clocks.ts).
    if (!appeal || appeal.outageId !== null) return 0;
    // Under the lock, the reads and then the writes each go out at once (pipelined on the
    // transaction's connection): round trips, not rows, were the cost of a backlog (docs/performance.md).
    const [{ clocks, policy }, done, ladder] = await Promise.all([
      clocksWithPolicy(tx, appeal, now),
      listDoneSteps(tx.db, appealId),
      getLadder(tx.db, appeal.municipalityId),
    ]);
    // Every due step in one statement per table: after an outage an appeal has several at once.
    const performed = await markStepsDone(tx.db, appealId, dueSteps(clocks, done), now, by);
    const steps = performed.map((key) => ({ ...key, actions: (ladder ?? defaultLadder)[key.step] }));
    for (const key of performed) done.add(stepId(key));
    await Promise.all([
      insertAppealEvents(
        tx.db,
        steps.map((s) => ({
          appealId,
          type: s.step >= 100 ? 'sla_breach' : 'sla_warning',
          fromStatus: appeal.status,
          toStatus: appeal.status,
          organisationId: appeal.assignedOrgId,
          payload: { system: 'timers', clock: s.clock, cycle: s.cycle, step: s.step, actions: s.actions, by },
          at: now,
        })),
      ),
      notifySteps(tx, appealId, steps, now),
      armNextStep(tx, appealId, clocks, policy, done),
    ]);
    return performed.length;
  });
}

/**
 * The sweeper: performs what fell due without its timer firing (workers down, a job lost), each
 * appeal in its own transaction, all at the same instant.
 */
export async function sweepDueSteps(ctx: Context, batch = 500): Promise<number> {
  const now = ctx.clock();
  const atNow = { ...ctx, clock: () => now };
  let performed = 0;
  for (const id of await listAppealsWithDueSteps(ctx.db, now, batch))
    performed += await performDueSteps(atNow, id, 'sweeper');
  return performed;
}
