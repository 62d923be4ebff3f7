// Test runner configuration: every *.test.ts under test/ runs in plain Node.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Many tests wait on I/O (PTYs, PostgreSQL, loopback HTTP, child processes): two workers on two cores.
    maxWorkers: 2,
    // Property tests share one seed (FC_SEED, default fixed) so that a red run can be replayed exactly.
    setupFiles: ['test/support/fast-check-seed.ts'],
    reporters: ['default'],
  },
});
