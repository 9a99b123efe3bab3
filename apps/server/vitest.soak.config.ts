import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * Soak and throughput checks (`*.soak.test.ts`): their pass depends on the machine's speed, so `npm test` leaves them
 * out; `npm run test:soak` runs them, and CI as its own step (docs/ARCHITECTURE.md, Testing).
 */
export default defineConfig({
  test: { ...base.test, include: ['src/**/*.soak.test.ts', 'test/**/*.soak.test.ts'], exclude: [], maxWorkers: 1 },
});
