import { systemContext } from '../api/context.ts';
import { refreshAllClocks } from '../api/sla/clocks.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';
import { queues } from './queues.ts';

/**
 * The worker: after a municipality's SLA policies change, put its open appeals on the new clocks.
 * Idempotent: clocks are recomputed from each appeal's history, so running twice changes nothing.
 */
export async function registerSlaRefresh(boss: Boss, db: Database, clock: () => Date) {
  const ctx = systemContext({ db, boss, clock });
  await boss.work('sla.refresh', { pollingIntervalSeconds: 0.5 }, async (jobs) => {
    for (const job of jobs) {
      const { municipalityId } = queues['sla.refresh'].payload.parse(job.data);
      await refreshAllClocks(ctx, municipalityId);
    }
  });
}
