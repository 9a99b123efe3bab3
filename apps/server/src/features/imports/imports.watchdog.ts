import type { Deps, Log } from '../../platform/context.ts';
import type { BackgroundLoop } from '../../platform/jobs/define-job.ts';
import { deterministicJobId } from '../../platform/jobs/queue.ts';
import type { ImportReport } from './imports.contracts.ts';
import { runImportJob } from './imports.job.ts';
import { findImportJob, findStalledImports, takeOverImport, updateImportJob } from './imports.repo.ts';
import { validateImportJob } from './validate-import.job.ts';

/** A running import or dry run beats its heartbeat with every batch (seconds apart); this much silence means it died. */
export const STALE_AFTER_MS = 2 * 60_000;
/** How often the watchdog looks (and once when the worker starts). */
export const CHECK_EVERY_MS = 60_000;
/** Resumes of one import before it is failed with `import.worker_lost`. */
export const MAX_RESUMES = 3;

export interface Recovery {
  resumed: string[];
  failed: string[];
}

/**
 * Resumes every import or dry run whose worker died (heartbeat older than STALE_AFTER_MS) with a new run that starts
 * after its last saved batch, or fails it with `import.worker_lost` after MAX_RESUMES resumes. Taking an import over
 * bumps its `attempt`, so the old run, should it still live, can save nothing more. Safe to run in several processes.
 */
export async function recoverStalledImports(deps: Deps, log: Log): Promise<Recovery> {
  const db = deps.database.db;
  const now = deps.clock.now();
  const before = new Date(now.getTime() - STALE_AFTER_MS);
  const recovery: Recovery = { resumed: [], failed: [] };
  for (const stalled of await findStalledImports(db, ['validating', 'running'], before)) {
    const attempt = await takeOverImport(db, stalled.id, stalled.attempt, before, now);
    if (attempt === null) continue;
    if (attempt > MAX_RESUMES) {
      const row = await findImportJob(db, null, stalled.id);
      const report = (row?.report as ImportReport | null) ?? {
        created: 0,
        updated: 0,
        skipped: 0,
        failed: 0,
        errors: [],
      };
      report.errors = [
        ...report.errors,
        {
          row: 0,
          code: 'import.worker_lost',
          message: `The import stopped ${MAX_RESUMES + 1} times without finishing (its worker stopped); upload the file again`,
        },
      ];
      await updateImportJob(db, stalled.id, { status: 'failed', report, finishedAt: now }, [
        stalled.status as 'validating' | 'running',
      ]);
      log.error({ importId: stalled.id, attempt }, 'import failed: its worker stopped too many times');
      recovery.failed.push(stalled.id);
      continue;
    }
    const job = stalled.status === 'running' ? runImportJob : validateImportJob;
    await deps.queue.enqueue(
      null,
      job,
      { importId: stalled.id, attempt },
      { id: deterministicJobId(`${job.name}:${stalled.id}:${attempt}`) },
    );
    log.warn({ importId: stalled.id, status: stalled.status, attempt }, 'import resumed: its worker had stopped');
    recovery.resumed.push(stalled.id);
  }
  return recovery;
}

/** Runs recoverStalledImports when the worker starts, then every CHECK_EVERY_MS. */
export const importWatchdog: BackgroundLoop = {
  name: 'import-watchdog',
  start(deps) {
    let current: Promise<unknown> = Promise.resolve();
    const check = () => {
      current = recoverStalledImports(deps, deps.log).catch((err) =>
        deps.log.error({ err }, 'import watchdog check failed'),
      );
    };
    check();
    const timer = setInterval(check, CHECK_EVERY_MS);
    timer.unref();
    return {
      async stop() {
        clearInterval(timer);
        await current;
      },
    };
  },
};
