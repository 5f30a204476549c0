/**
 * Outages' timers: each outage.step job and the outage.sweep every minute perform the escalation
 * steps that are due (api/outages/escalate-outage.ts).
 */
import { systemContext } from '../api/context.ts';
import { performOutageSteps, sweepOutageSteps } from '../api/outages/escalate-outage.ts';
import type { Database } from '../db/client.ts';
import { type Boss, queues } from './queues.ts';

/** `publicUrl`: where links in messages point. */
export async function registerOutages(boss: Boss, db: Database, clock: () => Date, publicUrl: string) {
  const ctx = systemContext({ db, boss, clock });
  await boss.work('outage.step', { batchSize: 20, pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const { outageId } = queues['outage.step'].payload.parse(job.data);
      await performOutageSteps(ctx, outageId, publicUrl);
    }
  });
  await boss.work('outage.sweep', async () => {
    await sweepOutageSteps(ctx, publicUrl);
  });
  await boss.schedule('outage.sweep', '* * * * *', {});
}
