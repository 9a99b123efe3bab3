import { z } from 'zod';
import { defaultEntities } from './entities.ts';
import { analyticsRetentionTasks } from './features/analytics/privacy/retention.ts';
import { writeAuditCheckpoint } from './platform/audit/checkpoints.ts';
import type { EntityDef, EntityRegistry } from './platform/entities/entity.ts';
import { tableNameOf } from './platform/entities/scope.repo.ts';
import { defineJob } from './platform/jobs/define-job.ts';
import {
  type MaintenanceTask,
  platformMaintenanceTasks,
  purgeTask,
  runMaintenance,
  vacuumTask,
} from './platform/maintenance/maintenance.ts';

/**
 * The maintenance task list: the platform's purges, the features', the recycle bin's of every registered entity
 * (platform/ must not import features), then VACUUM ANALYZE last. Used by `npm run db:maintenance` and the daily
 * `run-maintenance` job.
 */
export const maintenanceTasksFor = (entities: EntityRegistry): MaintenanceTask[] => [
  ...platformMaintenanceTasks,
  purgeTask({
    name: 'notifications',
    describe: 'Notifications read more than 90 days ago',
    table: 'notifications',
    where: `read_at is not null and read_at < $1::timestamptz - interval '90 days'`,
  }),
  // Webhook delivery log: attempts, and finished deliveries (waiting ones stay, whatever their age).
  purgeTask({
    name: 'webhook-attempts',
    describe: 'Webhook delivery attempts older than 30 days',
    table: 'webhook_attempts',
    where: `started_at < $1::timestamptz - interval '30 days'`,
  }),
  purgeTask({
    name: 'webhook-deliveries',
    describe: 'Webhook deliveries (succeeded or dead) created more than 30 days ago',
    table: 'webhook_deliveries',
    where: `status in ('succeeded', 'failed') and created_at < $1::timestamptz - interval '30 days'`,
  }),
  // Durable mail (docs/MAIL.md): the outbox keeps finished mails 90 days, waiting ones whatever their age.
  purgeTask({
    name: 'mail-messages',
    describe: 'Mails sent or failed more than 90 days ago',
    table: 'mail_messages',
    where: `status in ('sent', 'failed') and created_at < $1::timestamptz - interval '90 days'`,
  }),
  // Recycle bin: soft-deleted records are purged 30 days after deletion, children before parents.
  // Attachments are purged by their own task, which also removes the stored files.
  // Product analytics: events after ANALYTICS_RETENTION_DAYS, session replays after 30 days.
  ...analyticsRetentionTasks,
  purgeBinnedAttachments(),
  purgeOldImportFiles(),
  ...recycleBinPurges(entities),
  vacuumTask,
];

/** The tasks for the entities of this build (src/entities.ts). */
export const maintenanceTasks = maintenanceTasksFor(defaultEntities);

/** Attachments binned more than 30 days ago: the stored file first, then the row (so a failure can be retried). */
function purgeBinnedAttachments(): MaintenanceTask {
  return {
    name: 'recycle-bin:attachments',
    describe: 'Attachments (rows and stored files) in the recycle bin for more than 30 days',
    async run(deps, { execute }) {
      const where = `deleted_at is not null and deleted_at < $1::timestamptz - interval '30 days'`;
      const exists = await deps.database.raw.query(`select to_regclass('attachments') is not null as ok`);
      if (!exists.rows[0]?.ok) return { name: this.name, affected: 0, note: 'skipped: no table attachments yet' };
      const now = deps.clock.now().toISOString();
      const { rows } = await deps.database.raw.query(`select id, storage_key from attachments where ${where}`, [now]);
      if (!execute) return { name: this.name, affected: rows.length, note: 'dry run: would delete' };
      if (!deps.storage) return { name: this.name, affected: 0, note: 'skipped: no file storage given' };
      for (const r of rows) {
        await deps.storage.delete(String(r.storage_key));
        await deps.database.raw.query('delete from attachments where id = $1', [r.id]);
      }
      return { name: this.name, affected: rows.length, note: 'deleted (rows and files)' };
    },
  };
}

/** Uploaded import files, 30 days after the import finished (the job row and its report stay). */
function purgeOldImportFiles(): MaintenanceTask {
  return {
    name: 'import-files',
    describe: 'Uploaded files of imports finished more than 30 days ago (the import reports stay)',
    async run(deps, { execute }) {
      const storage = deps.storage;
      if (!storage) return { name: this.name, affected: 0, note: 'skipped: no file storage given' };
      const exists = await deps.database.raw.query(`select to_regclass('import_jobs') is not null as ok`);
      if (!exists.rows[0]?.ok) return { name: this.name, affected: 0, note: 'skipped: no table import_jobs yet' };
      const { rows } = await deps.database.raw.query(
        `select storage_key from import_jobs where coalesce(finished_at, updated_at) < $1::timestamptz - interval '30 days'`,
        [deps.clock.now().toISOString()],
      );
      const present: string[] = [];
      for (const r of rows) if (await storage.exists(String(r.storage_key))) present.push(String(r.storage_key));
      if (execute) for (const key of present) await storage.delete(key);
      return {
        name: this.name,
        affected: present.length,
        note: execute ? 'files deleted' : 'dry run: would delete files',
      };
    },
  };
}

/** Soft-deleted rows of each entity, 30 days after deletion, children before parents (the entities' purge order). */
function recycleBinPurges(entities: EntityRegistry): MaintenanceTask[] {
  const purged = entities.all.filter((e) => e.softDelete);
  const order = (e: EntityDef) => e.softDelete?.purge.order ?? 0;
  return [...purged]
    .sort((a, b) => order(a) - order(b))
    .map((e) => {
      const table = tableNameOf(e);
      const keepIf = e.softDelete?.purge.keepIf;
      return purgeTask({
        name: `recycle-bin:${table}`,
        describe: `${table} in the recycle bin for more than 30 days`,
        table,
        where: `deleted_at is not null and deleted_at < $1::timestamptz - interval '30 days'${keepIf ? ` and not (${keepIf})` : ''}`,
      });
    });
}

/** Daily at 03:30 (Europe/Paris): applies the maintenance. Idempotent: a second run finds nothing to delete. */
export const runMaintenanceJob = defineJob({
  name: 'run-maintenance',
  input: z.object({}).passthrough(),
  cron: '30 3 * * *',
  retry: { limit: 2, delaySeconds: 300, backoff: false },
  expireInSeconds: 30 * 60,
  handler: async (_input, { deps, log }) => {
    const results = await runMaintenance(deps, maintenanceTasksFor(deps.entities), {
      execute: true,
    });
    log.info({ results }, 'maintenance done');
    // The daily run also anchors the audit chain (as the ten-minute checkpoint job does).
    const checkpoint = await writeAuditCheckpoint(deps);
    log.info({ seq: checkpoint.seq, rows: checkpoint.rows }, 'audit checkpoint written');
    return results;
  },
});
