/**
 * The admin's uploads of the city's registers (issue 18): each `import.run` job runs its recorded
 * run as the CLI would (api/imports/service.ts); at start, runs a stopped process left "running"
 * are marked failed.
 */
import { failInterruptedImports, runStoredImport } from '../api/imports/service.ts';
import type { Database } from '../db/client.ts';
import { type Boss, queues } from './queues.ts';

export type ImportWorkerOptions = {
  /** DATA_DIR/imports/, where the uploads wait. */
  dir: string;
  /** After a run that changed records: forget this process's cached reference data. */
  afterChange?: () => void;
};

export async function registerImports(boss: Boss, db: Database, clock: () => Date, opts: ImportWorkerOptions) {
  await failInterruptedImports(db, clock());
  // one at a time: a run holds a transaction over the whole register
  await boss.work('import.run', { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    const { runId } = queues['import.run'].payload.parse(job.data);
    await runStoredImport({ db, clock, log: console, afterChange: opts.afterChange }, opts.dir, runId);
  });
}
