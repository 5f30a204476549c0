/**
 * The nightly open-data dump (api/open-data/dump.ts): at 03:30 Moscow time each municipality's
 * local yesterday is written under DATA_DIR/open-data/<code>/<day>/ and dumps older than 30 days go.
 * A job may name a `day` (YYYY-MM-DD) to make that day's dump again.
 */
import { z } from 'zod';
import { systemContext } from '../api/context.ts';
import { type DumpSettings, runOpenDataDumps } from '../api/open-data/dump.ts';
import type { Database } from '../db/client.ts';
import { DUMP_CRON, DUMP_CRON_TZ } from '../dispatch/open-data-datasets.ts';
import { type Boss, queues } from './queues.ts';

const payload = queues['open_data.dump'].payload.and(z.object({ day: z.iso.date().optional() }));

export async function registerOpenData(boss: Boss, db: Database, clock: () => Date, settings: DumpSettings) {
  const ctx = systemContext({ db, boss, clock });
  await boss.work('open_data.dump', async (jobs) => {
    for (const job of jobs) {
      const { day } = payload.parse(job.data ?? {});
      const results = await runOpenDataDumps(ctx, settings, day);
      const made = results.filter((r) => r.made).map((r) => `${r.code} ${r.day}`);
      if (made.length > 0) console.log(`[otklik] open_data.dump: ${made.join(', ')}`);
    }
  });
  await boss.schedule('open_data.dump', DUMP_CRON, {}, { tz: DUMP_CRON_TZ });
  // A night missed while the platform was down is made up at start; a dump already made is left alone.
  await boss.send('open_data.dump', {});
}
