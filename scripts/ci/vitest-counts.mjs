#!/usr/bin/env node
// Reads test reports and prints "<passed> <failed>" summed over them: vitest JSON reports and Playwright JSON
// reports (told apart by their shape). A missing or unreadable report (the runner crashed before writing it),
// a vitest test file that failed to load, or a Playwright error outside any test (global setup, a spec that
// does not load) counts as one failure. Playwright runs with retries 0, so a "flaky" test counts as failed.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;

function countVitest(r) {
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  for (const suite of r.testResults ?? []) {
    const anyFailed = (suite.assertionResults ?? []).some((a) => a.status === 'failed');
    if (suite.status === 'failed' && !anyFailed) failed += 1; // e.g. an import error or a failing hook
  }
}

function countPlaywright(r) {
  passed += r.stats.expected ?? 0;
  failed += (r.stats.unexpected ?? 0) + (r.stats.flaky ?? 0);
  failed += (r.errors ?? []).length; // e.g. global setup failed, or no test was found
}

for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    if (r.stats && typeof r.stats.expected === 'number' && Array.isArray(r.suites)) countPlaywright(r);
    else countVitest(r);
  } catch {
    failed += 1;
  }
}
console.log(`${passed} ${failed}`);
