import type { Database } from '../db/client.ts';
import {
  getLadder,
  listAppealsWithDueSteps,
  listDoneSteps,
  listResolvedBefore,
  lockAppealForTimers,
  markStepDone,
} from '../db/queries/escalation.ts';
import { applyAppealTransition, insertAppealEvent, lockAppealForTransition } from '../db/queries/appeals.ts';
import { defaultLadder, dueSteps } from '../dispatch/escalation.ts';
import { DISPUTE_WINDOW_MS, decide, systemActor } from '../dispatch/lifecycle.ts';
import type { Boss } from './boss.ts';
import { armNextStep, clocksWithPolicy, refreshClocks } from './clocks.ts';
import { notifyStep, notifyTransition } from './notifications.ts';
import { queues } from './queues.ts';

/**
 * Perform every escalation step of an appeal that is due and not yet done, each exactly once
 * (the sla_steps key), then arm the next. Safe to run any number of times, from a timer or the
 * sweeper, at any moment.
 */
export async function performDueSteps(
  db: Database,
  boss: Boss,
  appealId: number,
  now: Date,
  by: 'timer' | 'sweeper',
): Promise<number> {
  return db.transaction(async (tx) => {
    const appeal = await lockAppealForTimers(tx, appealId);
    // An appeal linked to an outage never escalates against the company (jobs/clocks.ts).
    if (!appeal || appeal.outageId !== null) return 0;
    const { clocks, policy } = await clocksWithPolicy(tx, appeal, now);
    const done = await listDoneSteps(tx, appealId);
    const ladder = (await getLadder(tx, appeal.municipalityId)) ?? defaultLadder;
    let performed = 0;
    for (const key of dueSteps(clocks, done)) {
      if (!(await markStepDone(tx, appealId, key, now, by))) continue;
      await insertAppealEvent(tx, {
        appealId,
        type: key.step >= 100 ? 'sla_breach' : 'sla_warning',
        fromStatus: appeal.status,
        toStatus: appeal.status,
        organisationId: appeal.assignedOrgId,
        payload: {
          system: 'timers',
          clock: key.clock,
          cycle: key.cycle,
          step: key.step,
          actions: ladder[key.step],
          by,
        },
        at: now,
      });
      await notifyStep(tx, boss, { appealId, step: key.step, clock: key.clock, actions: ladder[key.step] }, now);
      performed++;
    }
    await armNextStep(tx, boss, appealId, clocks, policy);
    return performed;
  });
}

/** The sweeper: performs what fell due without its timer firing (workers down, a job lost). */
export async function sweepDueSteps(db: Database, boss: Boss, now: Date, batch = 500): Promise<number> {
  let performed = 0;
  for (const id of await listAppealsWithDueSteps(db, now, batch))
    performed += await performDueSteps(db, boss, id, now, 'sweeper');
  return performed;
}

/**
 * Close resolved appeals nobody disputed within 15 days, through the lifecycle (auto_close by the
 * timers system). Idempotent: an appeal already closed or reopened is left alone.
 */
export async function autoCloseResolved(db: Database, boss: Boss, now: Date, batch = 500): Promise<number> {
  let closed = 0;
  for (const id of await listResolvedBefore(db, new Date(now.getTime() - DISPUTE_WINDOW_MS), batch)) {
    closed += await db.transaction(async (tx) => {
      const appeal = await lockAppealForTransition(tx, { id });
      if (!appeal) return 0;
      const decision = decide(appeal, 'auto_close', systemActor('timers'), { expectedVersion: appeal.version }, now);
      if (!decision.ok) return 0;
      const { next, event, effects } = decision;
      const applied = await applyAppealTransition(tx, id, appeal.version, next, event, now);
      if (!applied) return 0;
      await refreshClocks(tx, boss, id, now);
      await notifyTransition(tx, boss, { appealId: id, event, effects }, now);
      return 1;
    });
  }
  return closed;
}

export async function registerEscalation(boss: Boss, db: Database, clock: () => Date) {
  // Four local workers: a step is a dozen short round trips, so steps due in the same second
  // overlap their waits instead of queueing behind one another (bench -- timers).
  await boss.work(
    'sla.step',
    { batchSize: 20, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true, localConcurrency: 4 },
    async (jobs) => {
      for (const job of jobs) {
        const { appealId } = queues['sla.step'].payload.parse(job.data);
        await performDueSteps(db, boss, appealId, clock(), 'timer');
      }
    },
  );
  await boss.work('sla.sweep', async () => {
    await sweepDueSteps(db, boss, clock());
    await autoCloseResolved(db, boss, clock());
  });
  await boss.schedule('sla.sweep', '* * * * *', {});
}
