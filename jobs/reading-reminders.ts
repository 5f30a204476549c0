import { systemContext } from '../api/context.ts';
import { remindReadings } from '../api/readings/remind-readings.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';

/** The daily reminder run, at 10:00 Moscow time (out of the quiet hours): api/readings/remind-readings.ts. */
export async function registerReadingReminders(boss: Boss, db: Database, clock: () => Date, publicUrl = '') {
  await boss.work('readings.remind', async () => {
    await remindReadings(systemContext({ db, boss, clock }), publicUrl);
  });
  await boss.schedule('readings.remind', '0 10 * * *', {}, { tz: 'Europe/Moscow' });
}
