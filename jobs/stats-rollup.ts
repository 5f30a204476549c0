import type { Database } from '../db/client.ts';
import { settleStats } from '../db/queries/stats.ts';
import type { Boss } from './boss.ts';

/**
 * Every minute: fold new appeal events into the city-hall rollup (stats_daily, stats_cells) and
 * read again the ids a late commit may have left behind. Idempotent: a day is always rebuilt whole
 * from the appeals, so running twice changes nothing. Dashboard requests also catch up on their
 * way in, so this job mostly keeps their work small.
 */
export async function registerStatsRollup(boss: Boss, db: Database) {
  await boss.work('stats.rollup', async () => {
    await settleStats(db);
  });
  await boss.schedule('stats.rollup', '* * * * *', {}, { tz: 'Europe/Moscow' });
}
