import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Files that need no database: they run without the global setup, so `npx vitest run
 * dispatch/routing.test.ts` starts no PostgreSQL. A file listed here must use nothing that connects
 * (tests/helpers/app.ts, db.ts, `inject('pgAdminUrl')`...): the unit project provides no database.
 */
const unitFiles = [
  'dispatch/**/*.test.ts',
  'tests/architecture.test.ts',
  'tests/config.test.ts',
  'tests/tile-source.test.ts',
  'tests/api/live-hub.test.ts',
  'tests/api/live-hub-outages.test.ts',
  'tests/api/user-agent.test.ts',
  'tests/jobs/notify-transports.test.ts',
];

export default defineConfig({
  test: {
    // The fault-injection suite has its own config and scripts (vitest.faults.config.ts).
    exclude: ['**/node_modules/**', 'tests/faults/**'],
    pool: 'forks',
    // One process per worker for all its files, not a fresh one per file: each file re-imported the
    // app's whole module graph (fastify, zod schemas, drizzle, pg-boss), about 1.3 s of CPU a file.
    // Files share no state through modules (each builds its own app over its own database clone).
    isolate: false,
    // Vitest's default leaves a core to itself (one worker on two cores), but the files mostly wait on
    // PostgreSQL, Chromium, timers and child processes: a worker per core. At most 6, as each worker
    // holds a Chromium and a few dozen of the test cluster's 300 connections.
    maxWorkers: Math.min(availableParallelism(), 6),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    // `npm test` runs both; `--project unit` or `--project integration` runs one.
    projects: [
      { extends: true, test: { name: 'unit', include: unitFiles } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/**/*.test.ts'],
          exclude: unitFiles,
          // A throwaway PostgreSQL with a migrated template; each file clones it, so files run in parallel.
          globalSetup: ['tests/setup/global.ts'],
          setupFiles: ['tests/setup/file.ts'],
        },
      },
    ],
  },
});
