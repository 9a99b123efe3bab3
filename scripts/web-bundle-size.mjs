#!/usr/bin/env node
// `npm run web:size`: what the browser downloads for the first page of the built web app (apps/web/dist):
// the entry script, the chunks index.html preloads and the stylesheet, gzipped; then the lazy route chunks.
// `--budget-kb=N` fails when the initial JavaScript exceeds N KiB gzipped (CI keeps the app split by route).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = resolve(dirname(fileURLToPath(import.meta.url)), '../apps/web/dist');
const budgetArg = process.argv.find((a) => a.startsWith('--budget-kb='));
const budget = budgetArg ? Number(budgetArg.split('=')[1]) : undefined;

const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;

let initialJs = 0;
let initialCss = 0;
console.log('Initial load (gzipped):');
for (const file of initial) {
  const size = gz(file);
  if (file.endsWith('.js')) initialJs += size;
  else initialCss += size;
  console.log(`  ${kb(size).padStart(11)}  ${file}`);
}
const lazy = readdirSync(join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`))
  .map((f) => ({ f, size: gz(`assets/${f}`) }))
  .sort((a, b) => b.size - a.size);
console.log(`Lazy chunks: ${lazy.length}, largest:`);
for (const { f, size } of lazy.slice(0, 8)) console.log(`  ${kb(size).padStart(11)}  assets/${f}`);
console.log(`initial JavaScript: ${kb(initialJs)} gzipped; initial CSS: ${kb(initialCss)} gzipped`);
if (budget !== undefined && initialJs / 1024 > budget) {
  console.error(`initial JavaScript is over the budget of ${budget} KiB`);
  process.exit(1);
}
