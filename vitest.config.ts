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
    testTimeout: 120_000,
    // Generous: an e2e file may build the renderer first, and PGlite start-up is slow on a busy machine.
    hookTimeout: 240_000,
    // Two cores: more workers only add contention for PostgreSQL and PGlite start-up.
    maxWorkers: 2,
  },
});
