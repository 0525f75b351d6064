// Test configuration: one Vitest run over every package; the server and browser suites share
// one embedded PostgreSQL cluster started in the global setup.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    globalSetup: ['packages/server/test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    env: { TZ: 'Europe/Stockholm' },
  },
});
