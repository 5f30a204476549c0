import { systemContext } from '../api/context.ts';
import { sweepHall } from '../api/hall/sweep.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';

/** Every 5 minutes: no-shows of booked clients who never came, and the hall days that are over (api/hall/sweep.ts). */
export async function registerHallTimers(boss: Boss, db: Database, clock: () => Date) {
  await boss.work('hall.sweep', async () => {
    await sweepHall(systemContext({ db, boss, clock }));
  });
  await boss.schedule('hall.sweep', '*/5 * * * *', {}, { tz: 'Europe/Moscow' });
}
