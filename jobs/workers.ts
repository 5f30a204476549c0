import type { Database } from '../db/client.ts';
import { registerAppointmentReminders } from './appointments.ts';
import type { Boss } from './boss.ts';
import { registerDiscussions } from './discussions.ts';
import { registerEscalation } from './escalation.ts';
import { registerEserviceTimers } from './eservices.ts';
import { registerHallTimers } from './hall.ts';
import { type HousekeepingOptions, registerHousekeeping } from './housekeeping.ts';
import { type ImportWorkerOptions, registerImports } from './imports.ts';
import { type NotificationWorkerOptions, registerNotifications } from './notify-deliver.ts';
import { registerOpenData } from './open-data.ts';
import { registerOutages } from './outages.ts';
import { registerReadingReminders } from './reading-reminders.ts';
import { registerRouting } from './route-appeal.ts';
import { registerSlaRefresh } from './sla-refresh.ts';
import { registerStatsRollup } from './stats-rollup.ts';

/**
 * `notifications` (the delivery settings) is left out only by benchmarks that measure other workers;
 * `housekeeping.uploadsDir`, where the platform stores files, by processes that keep none;
 * `imports` (DATA_DIR/imports/, the registers' uploads) likewise.
 */
export type WorkerDeps = {
  boss: Boss;
  db: Database;
  clock: () => Date;
  notifications?: NotificationWorkerOptions;
  housekeeping?: HousekeepingOptions;
  imports?: ImportWorkerOptions;
  /** Where the nightly open-data dumps are written (DATA_DIR); no dumps in processes without one. */
  openData?: { dataDir: string; publicUrl: string };
};

/** Register every worker and recurring job of the platform (the one place they are listed). */
export async function startWorkers(deps: WorkerDeps): Promise<void> {
  await registerHousekeeping(deps.boss, deps.db, deps.clock, deps.housekeeping);
  await registerRouting(deps.boss, deps.db, deps.clock);
  await registerEscalation(deps.boss, deps.db, deps.clock);
  await registerSlaRefresh(deps.boss, deps.db, deps.clock);
  if (deps.notifications) await registerNotifications(deps.boss, deps.db, deps.clock, deps.notifications);
  await registerStatsRollup(deps.boss, deps.db, deps.clock);
  await registerOutages(
    deps.boss,
    deps.db,
    deps.clock,
    deps.notifications?.settings.PUBLIC_URL ?? 'http://127.0.0.1:3000',
  );
  await registerEserviceTimers(deps.boss, deps.db, deps.clock);
  await registerHallTimers(deps.boss, deps.db, deps.clock);
  await registerAppointmentReminders(deps.boss, deps.db, deps.clock);
  await registerDiscussions(
    deps.boss,
    deps.db,
    deps.clock,
    deps.notifications?.settings.PUBLIC_URL ?? 'http://127.0.0.1:3000',
  );
  if (deps.imports) await registerImports(deps.boss, deps.db, deps.clock, deps.imports);
  await registerReadingReminders(
    deps.boss,
    deps.db,
    deps.clock,
    deps.notifications?.settings.PUBLIC_URL ?? 'http://127.0.0.1:3000',
  );
  if (deps.openData) await registerOpenData(deps.boss, deps.db, deps.clock, deps.openData);
}
