import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'dispatch/**/*.test.ts'],
    // The fault-injection suite has its own config and scripts (vitest.faults.config.ts).
    exclude: ['**/node_modules/**', 'tests/faults/**'],
    globalSetup: ['tests/setup/global.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file gets its own database cloned from a migrated template, so files run in parallel.
    fileParallelism: true,
  },
});
