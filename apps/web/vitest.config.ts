import { defineConfig } from 'vitest/config';

/**
 * The web app's unit tests: pure logic (dates, catalogues, formatting) in Node, hooks and components in jsdom with Testing Library (files that
 * start with `// @vitest-environment jsdom`, rendered through src/test/render.tsx); whole pages are covered by the
 * browser journeys (e2e/). `npm run test:web` at the root; CI runs them as their own suite.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
  },
});
