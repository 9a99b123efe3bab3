import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e workspace folder and the repository root. */
export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = resolve(E2E_DIR, '..');

/** Everything a run leaves behind (gitignored): server log, state, traces and failure screenshots. */
export const OUTPUT_DIR = join(E2E_DIR, '.output');
export const STATE_FILE = join(OUTPUT_DIR, 'server.json');
export const SERVER_LOG = join(OUTPUT_DIR, 'server.log');
export const ARTIFACTS_DIR = join(OUTPUT_DIR, 'artifacts');
/** Full-page screenshots taken by snap() (gitignored). */
export const SCREENSHOTS_DIR = join(E2E_DIR, 'screenshots');

/** What global setup writes for the tests and for global teardown. */
export interface ServerState {
  baseURL: string;
  adminEmail: string;
  adminPassword: string;
  /** Set when global setup started the server (absent when E2E_BASE_URL pointed at a running app). */
  pid?: number;
  dataDir?: string;
  logFile?: string;
}

export function readState(): ServerState | null {
  if (!existsSync(STATE_FILE)) return null;
  return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as ServerState;
}
