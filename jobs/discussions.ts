/**
 * Public discussions' timers and notice (issue 17): each discussion.step job takes its open or
 * close if still due, the 10-minute discussion.sweep takes the missed ones, and discussion.notify
 * tells the territory of a moment once (api/discussions/timers.ts, notify-territory.ts).
 */
import { systemContext } from '../api/context.ts';
import { notifyTerritory } from '../api/discussions/notify-territory.ts';
import { sweepDiscussionSteps, takeDueDiscussionStep } from '../api/discussions/timers.ts';
import type { Database } from '../db/client.ts';
import { type Boss, queues } from './queues.ts';

/** `publicUrl`: where the notice's links point. */
export async function registerDiscussions(boss: Boss, db: Database, clock: () => Date, publicUrl: string) {
  const ctx = systemContext({ db, boss, clock });
  await boss.work('discussion.step', { batchSize: 10, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const { discussionId, step } = queues['discussion.step'].payload.parse(job.data);
      await takeDueDiscussionStep(ctx, discussionId, step);
    }
  });
  await boss.work('discussion.sweep', async () => {
    await sweepDiscussionSteps(ctx);
  });
  await boss.schedule('discussion.sweep', '*/10 * * * *', {}, { tz: 'Europe/Moscow' });
  await boss.work('discussion.notify', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const { discussionId, moment } = queues['discussion.notify'].payload.parse(job.data);
      await notifyTerritory(ctx, discussionId, moment, publicUrl);
    }
  });
}
