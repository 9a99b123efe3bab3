#!/usr/bin/env node
// Reads vitest JSON reports and prints "<passed> <failed>" summed over them. A missing or unreadable
// report (vitest crashed before writing it), or a test file that failed to load, counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
for (const file of process.argv.slice(2)) {
  if (!existsSync(file)) {
    failed += 1;
    continue;
  }
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    passed += r.numPassedTests ?? 0;
    failed += r.numFailedTests ?? 0;
    for (const suite of r.testResults ?? []) {
      const anyFailed = (suite.assertionResults ?? []).some((a) => a.status === 'failed');
      if (suite.status === 'failed' && !anyFailed) failed += 1; // e.g. an import error or a failing hook
    }
  } catch {
    failed += 1;
  }
}
console.log(`${passed} ${failed}`);
