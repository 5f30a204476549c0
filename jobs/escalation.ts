import { systemContext } from '../api/context.ts';
import { autoCloseResolved } from '../api/sla/auto-close-resolved.ts';
import { performDueSteps, sweepDueSteps } from '../api/sla/escalation.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';
import { queues } from './queues.ts';

/** The workers of the SLA timers: each appeal's step at its instant, and the sweep every minute. */
export async function registerEscalation(boss: Boss, db: Database, clock: () => Date) {
  const ctx = systemContext({ db, boss, clock });
  // Four local workers: an appeal's due steps are about seven round trips, so steps due in the same
  // second overlap their waits instead of queueing behind one another (bench -- timers).
  await boss.work(
    'sla.step',
    { batchSize: 20, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true, localConcurrency: 4 },
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
