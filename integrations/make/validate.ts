/**
 * Checks the Make custom app in this folder (`npx tsx integrations/make/validate.ts`, also run by .ci/run): the
 * structure of every file, and every request it describes against the CRM's own contracts (field names, types,
 * required fields, enum values), so that a server change that breaks the app fails CI. What it cannot see (how
 * Make itself evaluates the files) is covered, partly, by the replay in make.test.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBase, checkConnections, checkGroups, checkNoOrphanFiles, checkWebhooks } from './lib/check-general.ts';
import { checkModules, checkRpcs } from './lib/check-modules.ts';
import { Checker } from './lib/checker.ts';
import { Manifest } from './lib/make-schemas.ts';

export const MAKE_APP_DIR = dirname(fileURLToPath(import.meta.url));

export interface ValidationReport {
  checks: number;
  problems: string[];
}

export function validateMakeApp(dir: string = MAKE_APP_DIR): ValidationReport {
  const c = new Checker(dir);
  const manifest = c.parse(Manifest, c.readJson('makecomapp.json', 'manifest'), 'makecomapp.json');
  if (manifest) {
    const readme = manifest.generalCodeFiles.readme;
    c.ok(readme && existsSync(join(dir, readme)), 'the app has a readme (generalCodeFiles.readme)');
    checkNoOrphanFiles(c, manifest);
    checkBase(c, manifest);
    checkConnections(c, manifest);
    const hooks = checkWebhooks(c, manifest);
    checkRpcs(c, manifest);
    checkModules(c, manifest, hooks);
    checkGroups(c, manifest);
  }
  return { checks: c.checks, problems: c.problems };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { checks, problems } = validateMakeApp();
  for (const p of problems) console.error(`✗ ${p}`);
  console.log(`Make app (integrations/make): ${checks - problems.length} checks passed, ${problems.length} failed`);
  process.exitCode = problems.length ? 1 : 0;
}
