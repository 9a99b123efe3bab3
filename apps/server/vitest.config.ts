import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Soak and throughput checks depend on the machine's speed: `npm run test:soak` (vitest.soak.config.ts).
    exclude: ['**/node_modules/**', '**/*.soak.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});
