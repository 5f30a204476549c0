import { systemContext } from '../api/context.ts';
import { markOverdueApplications } from '../api/eservices/overdue.ts';
import type { Database } from '../db/client.ts';
import type { Boss } from './boss.ts';

/** Hourly: applications that passed their due day, marked once and their departments told (api/eservices/overdue.ts). */
export async function registerEserviceTimers(boss: Boss, db: Database, clock: () => Date) {
  await boss.work('eservices.overdue', async () => {
    await markOverdueApplications(systemContext({ db, boss, clock }));
  });
  await boss.schedule('eservices.overdue', '7 * * * *', {}, { tz: 'Europe/Moscow' });
}
