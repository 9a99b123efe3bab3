import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The e2e workspace folder and the repository root. */
export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT_DIR = resolve(E2E_DIR, '..');

/** Everything a run leaves behind (gitignored): server log, state, traces and failure screenshots. */
export const OUTPUT_DIR = join(E2E_DIR, '.output');
/**
 * One state file and one server log per run, named after the Playwright runner's pid (global setup and teardown
 * run in it; workers are its children): two runs in one checkout never stop each other's server.
 */
export const stateFile = (runnerPid = process.pid) => join(OUTPUT_DIR, `server-${runnerPid}.json`);
export const serverLog = (runnerPid = process.pid) => join(OUTPUT_DIR, `server-${runnerPid}.log`);
/** The pids of the runs that left a state file. */
export function stateFileRunners(): number[] {
  if (!existsSync(OUTPUT_DIR)) return [];
  return readdirSync(OUTPUT_DIR).flatMap((f) => {
    const m = /^server-(\d+)\.json$/.exec(f);
    return m ? [Number(m[1])] : [];
  });
}
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

export function readState(runnerPid = process.pid): ServerState | null {
  const file = stateFile(runnerPid);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as ServerState;
}
