import { defineConfig } from 'vitest/config';

/**
 * `npm run test:faults` (FAULTS=full) and its CI subset `npm run test:faults:ci`: processes killed,
 * PostgreSQL restarted, the LISTEN connection cut, uploads failing. One file at a time: each starts
 * real child processes, and the machine has two cores.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/*.test.ts'],
    globalSetup: ['tests/setup/global.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
