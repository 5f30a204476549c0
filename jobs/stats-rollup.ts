import { systemContext } from '../api/context.ts';
import { rollUpStats } from '../api/stats/service.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';

/** Every minute: fold new appeal events into the city-hall rollup (api/stats/service.ts `rollUpStats`). */
export async function registerStatsRollup(boss: Boss, db: Database, clock: () => Date) {
  await boss.work('stats.rollup', async () => {
    await rollUpStats(systemContext({ db, boss, clock }));
  });
  await boss.schedule('stats.rollup', '* * * * *', {}, { tz: 'Europe/Moscow' });
}
