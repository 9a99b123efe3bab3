// Makes PGlite fail instead of spinning forever when its WASM backend exits in the middle of a message
// (electric-sql/pglite#1058, fix proposed in #1081): the protocol loop swallowed every exception other than
// its longjmp sentinel, so a backend that had exited was called again and again at 100% CPU with the event
// loop blocked. The patch rethrows those exceptions, so the query rejects and the error is visible.
// Runs after `npm install`/`npm ci`; idempotent; fails loudly when the PGlite build no longer has the loop.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
let dist;
try {
  dist = dirname(require.resolve('@electric-sql/pglite'));
} catch {
  process.exit(0); // not installed (e.g. a production install without the embedded database)
}

const loop = /([\w$]+)\.status===this\.POSTGRES_MAIN_LONGJMP&&([\w$]+)\._PostgresMainLongJmp\(\)/g;
const marker = 'POSTGRES_MAIN_LONGJMP?';
let patched = 0;
let already = 0;
for (const name of readdirSync(dist)) {
  if (!/\.c?js$/.test(name)) continue;
  const file = join(dist, name);
  const text = readFileSync(file, 'utf8');
  if (!text.includes('_PostgresMainLoopOnce()')) continue;
  if (text.includes(marker)) {
    already++;
    continue;
  }
  const next = text.replace(
    loop,
    (_, err, mod) =>
      `(${err}.status===this.POSTGRES_MAIN_LONGJMP?${mod}._PostgresMainLongJmp():(()=>{throw ${err}})())`,
  );
  if (next === text) {
    console.error(`patch-pglite: the protocol loop was not found in ${file}; check pglite#1058 for this version`);
    process.exit(1);
  }
  writeFileSync(file, next);
  patched++;
}
if (patched + already === 0) {
  console.error('patch-pglite: no PGlite build holds the protocol loop; check pglite#1058 for this version');
  process.exit(1);
}
console.log(`patch-pglite: ${patched} file(s) patched, ${already} already patched`);
