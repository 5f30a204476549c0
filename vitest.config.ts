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
        },
      },
    ],
  },
});
