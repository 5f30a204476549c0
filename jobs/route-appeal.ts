import { systemContext } from '../api/context.ts';
import { routeAppeal } from '../api/routing/route-appeal.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';
import { queues } from './queues.ts';

/** The worker: routes appeals as their jobs arrive (enqueued with the appeal at intake). */
export async function registerRouting(boss: Boss, db: Database, clock: () => Date) {
  const ctx = systemContext({ db, boss, clock });
  // Burst while batches come back full: a backlog drains at once instead of 10 jobs per poll.
  await boss.work(
    'appeal.route',
    { batchSize: 10, pollingIntervalSeconds: 0.5, burstWhenBatchFull: true },
    async (jobs) => {
      for (const job of jobs) {
        const { appealId } = queues['appeal.route'].payload.parse(job.data);
        await routeAppeal(ctx, appealId);
      }
    },
  );
}
