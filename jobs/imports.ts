/**
 * The admin's uploads of the city's registers (issue 18): each `import.run` job runs its recorded
 * run as the CLI would (api/imports/service.ts); at start, runs a stopped process left "running"
 * are marked failed.
 */
import { failInterruptedImports, runStoredImport } from '../api/imports/service.ts';
import type { Context } from '../api/context.ts';
import type { Database } from '../db/client.ts';
import { type Boss, queues } from './queues.ts';

export type ImportWorkerOptions = {
  /** DATA_DIR/imports/, where the uploads wait. */
  dir: string;
  /** After a run that changed records: forget this process's cached reference data. */
  afterChange?: () => void;
};

/** One line a run's event (queued, refused), as the other workers print theirs: no personal data in it. */
function line(fields: unknown, message?: string): void {
  const pairs =
    typeof fields === 'object' && fields !== null
      ? Object.entries(fields)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(' ')
      : String(fields);
  console.info(`[otklik] import: ${message ?? ''} ${pairs}`.trim());
}
const log = { info: line, warn: line, error: line, debug() {} } as unknown as Context['log'];

export async function registerImports(boss: Boss, db: Database, clock: () => Date, opts: ImportWorkerOptions) {
  await failInterruptedImports(db, clock());
  // one at a time: a run holds a transaction over the whole register
  await boss.work('import.run', { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
    const { runId } = queues['import.run'].payload.parse(job.data);
    await runStoredImport({ db, clock, log, afterChange: opts.afterChange }, opts.dir, runId);
  });
}
