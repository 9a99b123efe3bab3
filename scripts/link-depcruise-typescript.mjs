// Gives dependency-cruiser a TypeScript it can parse with. dependency-cruiser 17 (the last release that runs on
// Node 20) reads .ts/.tsx through TypeScript's JavaScript compiler API, for versions >=2 <7; the root's TypeScript 7
// (the native compiler) has no such API, so dependency-cruiser would silently skip every .ts file. TypeScript 6.0.3
// is installed by the workspace tools/depcruise-typescript (so that its `tsc` stays out of node_modules/.bin) and
// linked here as node_modules/dependency-cruiser/node_modules/typescript, the first place dependency-cruiser
// looks. Runs after `npm install`/`npm ci` and before each boundary check (npm may prune the link as extraneous);
// idempotent. Prints nothing unless something is wrong.
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export function linkDepcruiseTypescript() {
  const cruiser = join(root, 'node_modules/dependency-cruiser');
  const typescript = join(root, 'tools/depcruise-typescript/node_modules/typescript');
  if (!existsSync(cruiser)) return false; // not installed (e.g. a production install without devDependencies)
  if (!existsSync(join(typescript, 'package.json'))) {
    throw new Error(`${relative(root, typescript)} is missing: run npm install`);
  }
  const link = join(cruiser, 'node_modules/typescript');
  const target = relative(dirname(link), typescript);
  let current;
  try {
    current = lstatSync(link).isSymbolicLink() ? readlinkSync(link) : 'not a link';
  } catch {
    current = undefined;
  }
  if (current === target) return true;
  if (current !== undefined) rmSync(link, { recursive: true, force: true });
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link, 'dir');
  return true;
}

// As postinstall: never fails an install (scripts/check-boundaries.mjs fails loudly instead).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    linkDepcruiseTypescript();
  } catch (error) {
    console.warn(`link-depcruise-typescript: ${error.message}`);
  }
}
