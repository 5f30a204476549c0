import type { Database } from '../db/client.ts';
import { purgeExpired } from '../db/queries/housekeeping.ts';
import type { Boss } from './boss.ts';

/** Purge expired sessions, codes and rate-limit windows; safe to run twice. */
export async function registerHousekeeping(boss: Boss, db: Database, clock: () => Date) {
  await boss.work('housekeeping.purge', async () => {
    await purgeExpired(db, clock());
  });
  await boss.schedule('housekeeping.purge', '17 * * * *', {}, { tz: 'Europe/Moscow' });
}
