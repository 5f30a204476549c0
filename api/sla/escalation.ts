import { insertAppealEvent } from '../../db/queries/appeals.ts';
import {
  getLadder,
  listAppealsWithDueSteps,
  listDoneSteps,
  lockAppealForTimers,
  markStepDone,
} from '../../db/queries/escalation.ts';
import { defaultLadder, dueSteps } from '../../dispatch/escalation.ts';
import { notifyStep } from '../notifications/write-notices.ts';
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
    const { clocks, policy } = await clocksWithPolicy(tx, appeal, now);
    const done = await listDoneSteps(tx.db, appealId);
    const ladder = (await getLadder(tx.db, appeal.municipalityId)) ?? defaultLadder;
    let performed = 0;
    for (const key of dueSteps(clocks, done)) {
      if (!(await markStepDone(tx.db, appealId, key, now, by))) continue;
      const actions = ladder[key.step];
      await insertAppealEvent(tx.db, {
        appealId,
        type: key.step >= 100 ? 'sla_breach' : 'sla_warning',
        fromStatus: appeal.status,
        toStatus: appeal.status,
        organisationId: appeal.assignedOrgId,
        payload: { system: 'timers', clock: key.clock, cycle: key.cycle, step: key.step, actions, by },
        at: now,
      });
      await notifyStep(tx, { appealId, step: key.step, clock: key.clock, actions }, now);
      performed++;
    }
    await armNextStep(tx, appealId, clocks, policy);
    return performed;
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
