import { z } from 'zod';
import { defineJob } from '../jobs/define-job.ts';
import { writeAuditCheckpoint } from './checkpoints.ts';

/**
 * Every ten minutes (Europe/Paris): a signed checkpoint of the audit chain's head, appended outside the database
 * (docs/adr/0007-keyed-audit-chain.md). Runs only where jobs run (the worker), like the maintenance job that also
 * writes one.
 */
export const writeAuditCheckpointJob = defineJob({
  name: 'write-audit-checkpoint',
  input: z.object({}).passthrough(),
  cron: '*/10 * * * *',
  retry: { limit: 2, delaySeconds: 60, backoff: false },
  expireInSeconds: 5 * 60,
  handler: async (_input, { deps, log }) => {
    const cp = await writeAuditCheckpoint(deps);
    log.info({ seq: cp.seq, rows: cp.rows }, 'audit checkpoint written');
    return { seq: cp.seq, rows: cp.rows };
  },
});
