import { systemContext } from '../api/context.ts';
import { autoCloseResolved } from '../api/sla/auto-close-resolved.ts';
import { performDueSteps, sweepDueSteps } from '../api/sla/escalation.ts';
import type { Database } from '../db/client.ts';
import { BACKSTOP_POLL_SECONDS, type Boss } from './boss.ts';
import { queues } from './queues.ts';

/**
 * The workers of the SLA timers: each appeal's step at its instant, and the sweep every minute.
 * `stepPollSeconds`: how often the step workers look while the wakes run (the floor under the
 * timer wheel, jobs/timer-wake.ts); without the wheel, 0.5 s, pg-boss's shortest.
 */
export async function registerEscalation(
  boss: Boss,
  db: Database,
  clock: () => Date,
  stepPollSeconds: number = BACKSTOP_POLL_SECONDS,
) {
  const ctx = systemContext({ db, boss, clock });
  // Eight local workers taking five steps at a time: an appeal's due steps are about seven round trips, so steps
  // due in the same second overlap their waits instead of queueing behind one another, and the
  // timer wheel's wake at each instant reaches all of them (bench -- timers).
  await boss.work(
    'sla.step',
    {
      batchSize: 5,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: stepPollSeconds,
      burstWhenBatchFull: true,
      localConcurrency: 8,
    },
    async (jobs) => {
      for (const job of jobs) {
        const { appealId } = queues['sla.step'].payload.parse(job.data);
        await performDueSteps(ctx, appealId, 'timer');
      }
    },
  );
  await boss.work('sla.sweep', async () => {
    await sweepDueSteps(ctx);
    await autoCloseResolved(ctx);
  });
  await boss.schedule('sla.sweep', '* * * * *', {});
}
