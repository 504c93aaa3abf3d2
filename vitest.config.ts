import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'sync-server/test/**/*.test.ts',
      'desktop/src/**/*.test.ts',
      'desktop/test/**/*.test.ts',
      'desktop/e2e/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: more workers only add contention for PostgreSQL and PGlite start-up.
    maxWorkers: 2,
  },
});
