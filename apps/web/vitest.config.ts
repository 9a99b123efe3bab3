import { defineConfig } from 'vitest/config';

/**
 * The web app's unit tests: pure logic (dates, catalogues, formatting) in Node; what needs a page is covered by the
 * browser journeys (e2e/). `npm run test:web` at the root; CI runs them as their own suite.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});
