#!/usr/bin/env node
// Builds apps/web into apps/web/dist only when a source is newer than the last build, so `npm start`
// is fast after the first time. `--force` (or CRM_FORCE_WEB_BUILD=1) rebuilds anyway.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const web = join(root, 'apps/web');
const dist = join(web, 'dist');
const stamp = join(dist, 'index.html');
/** What a build depends on: sources and config of apps/web, the shared contracts, and the lock file. */
const inputs = [
  join(web, 'src'),
  join(web, 'public'),
  join(web, 'index.html'),
  join(web, 'vite.config.ts'),
  join(web, 'tsconfig.json'),
  join(web, 'package.json'),
  join(root, 'packages/contracts/src'),
  join(root, 'package-lock.json'),
];

/** Newest modification time under `path` (a file or a folder), 0 when it does not exist. */
function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file changes its folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const force = process.argv.includes('--force') || process.env.CRM_FORCE_WEB_BUILD === '1';
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const changed = Math.max(...inputs.map(newestMtime));

if (!force && built > 0 && built >= changed) {
  console.log('web app is up to date (apps/web/dist)');
  process.exit(0);
}

console.log(built ? 'web sources changed: building apps/web' : 'building apps/web (first time)');
const result = spawnSync('npm', ['run', '-w', 'apps/web', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  console.error('web build failed');
  process.exit(result.status ?? 1);
}
