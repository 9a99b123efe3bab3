import { z } from 'zod';
import { type Deps, systemCtx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { emit } from '../../platform/events/emit.ts';
import { defineJob } from '../../platform/jobs/define-job.ts';
import { lockDueUnnotifiedTasks, toTaskDto, updateTaskRow } from './tasks.repo.ts';

const BATCH = 500;
/** A bound on one run, so a huge backlog cannot hold the worker forever; the next run continues. */
const MAX_BATCHES = 20;

/**
 * Announces tasks whose due date has passed: one `task.due` per task and due date. Each batch marks
 * `due_notified_at` and emits in the same transaction, so a task is announced exactly once even when runs
 * overlap or repeat; snoozing or changing the due date clears the mark for the new date.
 */
export async function emitDueTasks(deps: Deps, opts: { batchSize?: number } = {}): Promise<{ emitted: number }> {
  const ctx = systemCtx(deps);
  const batchSize = opts.batchSize ?? BATCH;
  let emitted = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const n = await withTx(ctx, async (t) => {
      const now = deps.clock.now();
      const due = await lockDueUnnotifiedTasks(t.db, now, batchSize);
      for (const row of due) {
        const dto = toTaskDto(await updateTaskRow(t.db, row.id, { dueNotifiedAt: now, updatedAt: row.updatedAt }));
        await emit(t, 'task.due', { task: dto });
      }
      return due.length;
    });
    emitted += n;
    if (n < batchSize) break;
  }
  return { emitted };
}

/** Every five minutes (Europe/Paris). */
export const emitDueTasksJob = defineJob({
  name: 'emit-due-tasks',
  input: z.object({}).passthrough(),
  cron: '*/5 * * * *',
  retry: { limit: 2, delaySeconds: 30, backoff: false },
  expireInSeconds: 5 * 60,
  handler: async (_input, { deps, log }) => {
    const result = await emitDueTasks(deps);
    if (result.emitted) log.info(result, 'task.due events emitted');
    return result;
  },
});
