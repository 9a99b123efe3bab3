import { type MaintenanceTask, purgeTask } from '../../../platform/maintenance/maintenance.ts';

/** Session replay chunks are kept this long (ADR 0014, point 8). */
export const RECORDING_RETENTION_DAYS = 30;
const DEFAULT_EVENT_RETENTION_DAYS = 395;

/**
 * The retention of product analytics (docs/ANALYTICS.md, "Retention"), run by the maintenance job: events older than
 * ANALYTICS_RETENTION_DAYS (thirteen months by default, the CNIL's ceiling for audience measurement), replay chunks
 * 30 days after they were stored.
 */
export const analyticsRetentionTasks: MaintenanceTask[] = [
  {
    name: 'analytics-events',
    describe: 'Product-analytics events older than ANALYTICS_RETENTION_DAYS (default 395 days)',
    run(deps, opts) {
      const days = Math.trunc(deps.config?.analytics.retentionDays ?? DEFAULT_EVENT_RETENTION_DAYS);
      return purgeTask({
        name: this.name,
        describe: this.describe,
        table: 'analytics_events',
        where: `occurred_at < $1::timestamptz - interval '${days} days'`,
      }).run(deps, opts);
    },
  },
  purgeTask({
    name: 'analytics-recordings',
    describe: `Session replay recordings stored more than ${RECORDING_RETENTION_DAYS} days ago`,
    table: 'analytics_recordings',
    where: `created_at < $1::timestamptz - interval '${RECORDING_RETENTION_DAYS} days'`,
  }),
];
