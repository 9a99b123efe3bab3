import { rmSync } from 'node:fs';

/** SIGTERM (graceful: finishes requests and jobs, closes PGlite), SIGKILL after 10 s; then removes DATA_DIR. */
export async function stopServer(pid: number | undefined, dataDir: string | undefined) {
  if (pid && isAlive(pid)) {
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + 10_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (isAlive(pid)) {
      console.warn(`[e2e] server ${pid} still running 10 s after SIGTERM: SIGKILL`);
      process.kill(pid, 'SIGKILL');
      while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
