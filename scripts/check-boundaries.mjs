// Module boundaries (`npm run lint:boundaries`, part of `npm run lint`): runs dependency-cruiser with the rules of
// .dependency-cruiser.cjs over apps/, packages/ and integrations/, and keeps the allowlist of today's leaks,
// .dependency-cruiser-known-violations.json, shrink-only:
//   - any violation not in the allowlist fails (depcruise --ignore-known), printed with its rule's reason;
//   - an allowlisted violation that no longer exists fails too, so that the allowlist follows each fix;
//   - `npm run lint:boundaries -- --update` rewrites the allowlist from the code, and refuses when that would
//     add an entry (it only ever removes).
// See "Boundaries" in docs/ARCHITECTURE.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { linkDepcruiseTypescript } from './link-depcruise-typescript.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['apps', 'packages', 'integrations'];
const CONFIG = '.dependency-cruiser.cjs';
const KNOWN = '.dependency-cruiser-known-violations.json';
const CLI = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

const args = process.argv.slice(2);
if (args.includes('--help') || args.some((a) => a !== '--update')) {
  console.log('usage: npm run lint:boundaries [-- --update]');
  console.log(`  (no option)  fails on a violation not in ${KNOWN}, or on an entry of it that no longer occurs`);
  console.log(`  --update     rewrites ${KNOWN} from the code; refuses to add entries`);
  process.exit(args.includes('--help') ? 0 : 2);
}
const update = args.includes('--update');

function fail(message) {
  console.error(`boundaries: ${message}`);
  process.exit(1);
}

/** Runs depcruise with `extraArgs`; returns its output (written to a file: the JSON can be large). */
function cruise(extraArgs) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-boundaries-'));
  const out = join(dir, 'out.json');
  try {
    // depcruise exits with the number of errors it found: only a missing output means it did not run.
    const run = spawnSync(process.execPath, [CLI, ...SOURCES, '--config', CONFIG, ...extraArgs, '--output-to', out], {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    if (run.error) throw run.error;
    if (!existsSync(out)) fail(`dependency-cruiser did not run (exit code ${run.status})`);
    return JSON.parse(readFileSync(out, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Identity of a violation. A target inside node_modules is named by its import ("drizzle-orm/pg-core"), so that
 * a dependency upgrade that moves the file it resolves to does not turn a known violation into a new one. */
function key(v) {
  const to = /(^|\/)node_modules\//.test(v.to) && v.unresolvedTo ? `npm:${v.unresolvedTo}` : v.to;
  const cycle = (v.cycle ?? []).map((step) => (typeof step === 'string' ? step : step.name)).join(' → ');
  const via = (v.via ?? []).map((step) => (typeof step === 'string' ? step : step.name)).join(' → ');
  return [v.rule.name, v.from, to, cycle, via].join(' | ');
}

function describe(v) {
  if (v.cycle?.length) {
    return `${v.from} → ${v.cycle.map((step) => (typeof step === 'string' ? step : step.name)).join(' → ')}`;
  }
  return `${v.from} → ${v.to}`;
}

function readKnown() {
  const file = join(root, KNOWN);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8'));
}

function countByRule(violations) {
  const counts = new Map();
  for (const v of violations) counts.set(v.rule.name, (counts.get(v.rule.name) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ${n}`).join(', ');
}

if (!linkDepcruiseTypescript()) fail('dependency-cruiser is not installed: run npm install');
const known = readKnown();

if (update) {
  if (!known) fail(`${KNOWN} is missing: nothing to update (the allowlist is only ever shrunk, never started here)`);
  const fresh = cruise(['--output-type', 'baseline']);
  const before = new Set(known.map(key));
  const added = fresh.filter((v) => !before.has(key(v)));
  if (added.length > 0) {
    console.error(`boundaries: refusing to update ${KNOWN}: it may only shrink, and the code has`);
    console.error(`${added.length} violation(s) that it does not list. Fix these imports first:`);
    for (const v of added) console.error(`  ${v.rule.name}: ${describe(v)}`);
    process.exit(1);
  }
  const after = new Set(fresh.map(key));
  const removed = known.filter((v) => !after.has(key(v)));
  writeFileSync(join(root, KNOWN), `${JSON.stringify(fresh, null, 2)}\n`);
  for (const v of removed) console.log(`  removed: ${v.rule.name}: ${describe(v)}`);
  console.log(`boundaries: ${KNOWN} updated: ${known.length} → ${fresh.length} known violations`);
  if (fresh.length > 0) console.log(`  (${countByRule(fresh)})`);
  process.exit(0);
}

const result = cruise(['--output-type', 'json', ...(known ? ['--ignore-known', KNOWN] : [])]);
// A dependency-cruiser that cannot parse TypeScript finds no .ts module and so no violation: never a pass.
if (!result.modules.some((m) => m.source.endsWith('.ts') && m.dependencies.length > 0)) {
  fail('dependency-cruiser found no TypeScript module with imports: is TypeScript 6 linked (npm install)?');
}
const rules = new Map(result.summary.ruleSetUsed.forbidden.map((rule) => [rule.name, rule]));
const all = result.summary.violations;
const knownKeys = new Set((known ?? []).map(key));
const currentKeys = new Set(all.map(key));
const unmatched = all.filter((v) => v.rule.severity !== 'ignore');
// Known by our identity but not by dependency-cruiser's (the resolved file inside node_modules changed).
const moved = unmatched.filter((v) => knownKeys.has(key(v)));
const added = unmatched.filter((v) => !knownKeys.has(key(v)));
const gone = (known ?? []).filter((v) => !currentKeys.has(key(v)));

if (added.length > 0) {
  console.error(`boundaries: ${added.length} new violation(s) of the module boundaries:`);
  for (const [name, rule] of rules) {
    const mine = added.filter((v) => v.rule.name === name);
    if (mine.length === 0) continue;
    console.error(`\n  ${name}: ${rule.comment ?? ''}`);
    for (const v of mine) console.error(`    ${describe(v)}`);
  }
  console.error('\n  Change these imports (see "Boundaries" in docs/ARCHITECTURE.md); the allowlist does not grow.\n');
}
if (gone.length > 0 || moved.length > 0) {
  if (gone.length > 0) {
    console.error(`boundaries: ${gone.length} allowlisted violation(s) no longer occur, well done:`);
    for (const v of gone) console.error(`    ${v.rule.name}: ${describe(v)}`);
  }
  if (moved.length > 0) {
    console.error(`boundaries: ${moved.length} allowlisted violation(s) now resolve to another file in node_modules:`);
    for (const v of moved) console.error(`    ${v.rule.name}: ${describe(v)}`);
  }
  console.error(
    `  Update the allowlist (it can only shrink): npm run lint:boundaries -- --update, then commit ${KNOWN}\n`,
  );
}
console.log(`boundaries: ${known?.length ?? 0} known violations (allowlist), ${added.length} new`);
process.exit(added.length > 0 || gone.length > 0 || moved.length > 0 ? 1 : 0);
