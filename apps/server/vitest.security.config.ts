import { defineConfig } from 'vitest/config';

/**
 * The security suite (`npm run test:security`): replays of each attack finding, the property-based fuzz over the
 * OpenAPI operations, audit tampering and the access matrix. Loopback only; bounded in time (see test/security/README.md).
 */
export default defineConfig({
  test: {
    include: ['test/security/**/*.security.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
