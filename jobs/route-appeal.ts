import { systemContext } from '../api/context.ts';
import { routeAppeal } from '../api/routing/route-appeal.ts';
import type { Database } from '../db/client.ts';
import { BACKSTOP_POLL_SECONDS, type Boss } from './boss.ts';
import { queues } from './queues.ts';

/** The worker: routes appeals as their jobs arrive (enqueued with the appeal at intake). */
export async function registerRouting(boss: Boss, db: Database, clock: () => Date) {
  const ctx = systemContext({ db, boss, clock });
  // Burst while batches come back full: a backlog drains at once instead of 10 jobs per poll.
  // One worker, woken by each committed job (jobs/boss.ts), routes the appeals of a batch side by
  // side, each in its own transaction: with several workers every wake made each of them fetch,
  // and one worker routing a batch one by one held up the appeals filed meanwhile.
  await boss.work(
    'appeal.route',
    {
      batchSize: 10,
      pollingIntervalSeconds: 0.5,
      notifyPollingIntervalSeconds: BACKSTOP_POLL_SECONDS,
      burstWhenBatchFull: true,
    },
    async (jobs) => {
      const outcomes = await Promise.allSettled(
        jobs.map((job) => routeAppeal(ctx, queues['appeal.route'].payload.parse(job.data).appealId)),
      );
      // The batch is retried as a whole; routing is idempotent, so the routed ones are skipped then.
      const failed = outcomes.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    },
  );
}
