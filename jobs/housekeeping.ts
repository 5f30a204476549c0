import type { Database } from '../db/client.ts';
import { purgeExpired } from '../db/queries/housekeeping.ts';
import type { Boss } from './boss.ts';
import { sweepUploads } from './uploads-sweep.ts';

export type HousekeepingOptions = { uploadsDir?: string; auditRetentionDays?: number };

/**
 * Purge expired sessions, codes, rate-limit windows and old audit rows every hour; with an uploads directory, delete
 * stored files no record uses once a night. Both are safe to run twice.
 */
export async function registerHousekeeping(
  boss: Boss,
  db: Database,
  clock: () => Date,
  opts: HousekeepingOptions = {},
) {
  const { uploadsDir, auditRetentionDays } = opts;
  await boss.work('housekeeping.purge', async () => {
    await purgeExpired(db, clock(), { auditRetentionDays });
  });
  await boss.schedule('housekeeping.purge', '17 * * * *', {}, { tz: 'Europe/Moscow' });
  if (uploadsDir === undefined) return;
  await boss.work('uploads.sweep', async () => {
    const { checked, deleted } = await sweepUploads(db, uploadsDir, clock());
    if (deleted.length > 0)
      console.log(`[otklik] uploads.sweep: ${deleted.length} unused of ${checked} stored files deleted`);
  });
  await boss.schedule('uploads.sweep', '40 4 * * *', {}, { tz: 'Europe/Moscow' });
}
