// Stops the server that global-setup.ts started (SIGTERM, SIGKILL after 10 s) and removes its data folder.
// The server log stays in .output/server-<runner pid>.log for reading failures.
import { rmSync } from 'node:fs';
import { readState, stateFile } from './support/paths.ts';
import { stopServer } from './support/stop-server.ts';

export default async function globalTeardown(): Promise<void> {
  const state = readState();
  if (!state?.pid) return; // an external app (E2E_BASE_URL), or setup already cleaned up
  await stopServer(state.pid, state.dataDir);
  rmSync(stateFile(), { force: true });
}
