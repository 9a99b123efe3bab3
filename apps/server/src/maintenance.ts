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
  // Recycle bin: soft-deleted records are purged 30 days after deletion, children before parents.
  // Attachments are purged by their own task, which also removes the stored files.
  ...recycleBinPurges([
    ['notes', ''],
    ['tasks', ''],
    ['interactions', ''],
    ['mandats', ''],
    ['people', ''],
    ['organisations', 'and not exists (select 1 from mandats m where m.organisation_id = organisations.id)'],
    ['produits', ''],
    ['segments', ''],
  ]),
  vacuumTask,
];

function recycleBinPurges(tables: [table: string, extra: string][]): MaintenanceTask[] {
  return tables.map(([table, extra]) =>
    purgeTask({
      name: `recycle-bin:${table}`,
      describe: `${table} in the recycle bin for more than 30 days`,
      table,
      where: `deleted_at is not null and deleted_at < $1::timestamptz - interval '30 days' ${extra}`,
    }),
  );
}

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
