import { z } from 'zod';
import { defineJob } from './platform/jobs/define-job.ts';
import {
  type MaintenanceTask,
  platformMaintenanceTasks,
  purgeTask,
  runMaintenance,
  vacuumTask,
} from './platform/maintenance/maintenance.ts';

/**
 * The maintenance task list: the platform's purges, the features' (platform/ must not import features), then
 * VACUUM ANALYZE last. Used by `npm run db:maintenance` and the daily `run-maintenance` job.
 */
export const maintenanceTasks: MaintenanceTask[] = [
  ...platformMaintenanceTasks,
  purgeTask({
    name: 'notifications',
    describe: 'Notifications read more than 90 days ago',
    table: 'notifications',
    where: `read_at is not null and read_at < $1::timestamptz - interval '90 days'`,
  }),
  vacuumTask,
];

/** Daily at 03:30 (Europe/Paris): applies the maintenance. Idempotent: a second run finds nothing to delete. */
export const runMaintenanceJob = defineJob({
  name: 'run-maintenance',
  input: z.object({}).passthrough(),
  cron: '30 3 * * *',
  retry: { limit: 2, delaySeconds: 300, backoff: false },
  expireInSeconds: 30 * 60,
  handler: async (_input, { deps, log }) => {
    const results = await runMaintenance(deps, maintenanceTasks, { execute: true });
    log.info({ results }, 'maintenance done');
    return results;
  },
});
