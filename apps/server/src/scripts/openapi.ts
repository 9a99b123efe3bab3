/**
 * `npm run openapi -- <file>`: writes the OpenAPI document of the API (the same one served at
 * GET /api/v1/openapi.json) to <file>, or to stdout. Runs the real application on a throw-away in-memory
 * database; nothing listens. The web app's typed client is generated from it (`npm run api:types`).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../app.ts';
import { closeDeps, createDeps } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../platform/db/client.ts';

const out = process.argv[2];
const dataDir = mkdtempSync(join(tmpdir(), 'crm-openapi-'));
const config = loadConfig({
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATA_DIR: dataDir,
  SESSION_SECRET: randomBytes(32).toString('hex'),
  SEED_DEMO_DATA: 'false',
});
const deps = await createDeps(config, { database: await openDatabase({ kind: 'pglite' }) });
try {
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  const doc = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  if (out) writeFileSync(out, doc);
  else process.stdout.write(doc);
  await app.close();
} finally {
  await closeDeps(deps);
  rmSync(dataDir, { recursive: true, force: true });
}
