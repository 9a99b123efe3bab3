import type { Config } from '../../config.ts';
import type { Deps } from '../context.ts';
import type { Storage } from '../storage/storage.ts';

/** What one task did (or, in a dry run, would do). */
export interface MaintenanceResult {
  name: string;
  /** Rows removed (execute) or that would be removed (dry run). */
  affected: number;
  note: string;
}

export interface MaintenanceOptions {
  /** false (default): count only. true: apply. */
  execute: boolean;
}

/** What tasks use: the database, the clock and a logger (no queue, cache or mailer needed to run them). */
export type MaintenanceDeps = Pick<Deps, 'database' | 'clock' | 'log'> & {
  /** Where stored files live (attachments, import uploads); tasks that remove files skip without it. */
  storage?: Storage;
  /** The settings of retention periods (ANALYTICS_RETENTION_DAYS); their defaults without it. */
  config?: Pick<Config, 'analytics'>;
};

/** One maintenance step: a name, a sentence for the operator, and an idempotent run. */
export interface MaintenanceTask {
  name: string;
  describe: string;
  run(deps: MaintenanceDeps, opts: MaintenanceOptions): Promise<MaintenanceResult>;
}

/**
 * A purge task from a table and a WHERE clause (constants written in code, never input). `$1` is "now" from the
 * clock. The dry run counts with the same clause the execution deletes with, so the two always agree.
 */
export function purgeTask(def: { name: string; describe: string; table: string; where: string }): MaintenanceTask {
  return {
    name: def.name,
    describe: def.describe,
    async run(deps, { execute }) {
      const exists = await deps.database.raw.query('select to_regclass($1) is not null as ok', [def.table]);
      if (!exists.rows[0]?.ok) return { name: def.name, affected: 0, note: `skipped: no table ${def.table} yet` };
      const now = deps.clock.now().toISOString();
      const text = execute
        ? `with d as (delete from ${def.table} where ${def.where} returning 1) select count(*)::int as n from d`
        : `select count(*)::int as n from ${def.table} where ${def.where}`;
      const { rows } = await deps.database.raw.query(text, [now]);
      const affected = Number(rows[0]?.n ?? 0);
      return { name: def.name, affected, note: execute ? 'deleted' : 'dry run: would delete' };
    },
  };
}

const STATES = `state in ('completed', 'cancelled', 'failed')`;

/** Platform tasks. The audit log is deliberately absent: audit rows are never purged. */
export const platformMaintenanceTasks: MaintenanceTask[] = [
  // Chunks of files kept in the database whose object row never came (a process stopped mid-write).
  purgeTask({
    name: 'stored-file-chunks',
    describe: 'Chunks of stored files left by a write that never finished, after a day',
    table: 'stored_object_chunks',
    where: `created_at < $1::timestamptz - interval '1 day'
      and not exists (select 1 from stored_objects o where o.key = stored_object_chunks.key)`,
  }),
  purgeTask({
    name: 'sessions',
    describe: 'Sessions expired or revoked more than 7 days ago',
    table: 'sessions',
    where: `revoked_at < $1::timestamptz - interval '7 days'
      or expires_at < $1::timestamptz - interval '7 days'
      or absolute_expires_at < $1::timestamptz - interval '7 days'`,
  }),
  purgeTask({
    name: 'password-reset-tokens',
    describe: 'Password-reset tokens already used or expired',
    table: 'password_reset_tokens',
    where: `used_at is not null or expires_at < $1::timestamptz`,
  }),
  purgeTask({
    name: 'login-failures',
    describe: 'Failed-login records older than 1 day (the longest login-throttle window)',
    table: 'login_failures',
    where: `at < $1::timestamptz - interval '1 day'`,
  }),
  purgeTask({
    name: 'idempotency-keys',
    describe: 'Idempotency keys of POST requests, 24 hours after their first use',
    table: 'idempotency_keys',
    where: `expires_at < $1::timestamptz`,
  }),
  purgeTask({
    name: 'jobs',
    describe: 'Finished pg-boss jobs (completed, cancelled, failed) older than 7 days',
    table: 'pgboss.job',
    where: `${STATES} and coalesce(completed_on, created_on) < $1::timestamptz - interval '7 days'`,
  }),
  purgeTask({
    name: 'jobs-archive',
    describe: 'Archived pg-boss jobs (completed, cancelled, failed) older than 7 days',
    table: 'pgboss.archive',
    where: `${STATES} and coalesce(completed_on, created_on) < $1::timestamptz - interval '7 days'`,
  }),
];

/**
 * Last step: VACUUM ANALYZE, on the embedded PGlite too: it has no autovacuum, and without statistics the totals
 * that lists estimate beyond 1,000 rows are wrong (platform/db/planner-stats.ts, analyzeAll).
 */
export const vacuumTask: MaintenanceTask = {
  name: 'vacuum-analyze',
  describe: 'VACUUM ANALYZE (reclaims deleted rows, refreshes the planner statistics)',
  async run(deps, { execute }) {
    if (!execute) return { name: this.name, affected: 0, note: 'dry run: would run VACUUM ANALYZE' };
    await deps.database.raw.query('vacuum analyze');
    return { name: this.name, affected: 0, note: 'done' };
  },
};

/** Runs every task in order; a failing task is reported and does not stop the others. */
export async function runMaintenance(
  deps: MaintenanceDeps,
  tasks: MaintenanceTask[],
  opts: MaintenanceOptions = { execute: false },
): Promise<MaintenanceResult[]> {
  const results: MaintenanceResult[] = [];
  for (const task of tasks) {
    try {
      results.push(await task.run(deps, opts));
    } catch (err) {
      deps.log.error({ err, task: task.name }, 'maintenance task failed');
      results.push({ name: task.name, affected: 0, note: `failed: ${(err as Error).message}` });
    }
  }
  return results;
}

/** A plain-text table of results for the console. */
export function formatMaintenanceResults(results: MaintenanceResult[], execute: boolean): string {
  const w = Math.max(4, ...results.map((r) => r.name.length));
  const lines = [
    execute ? 'Maintenance (executed)' : 'Maintenance (dry run: nothing changed; pass --execute to apply)',
    `${'task'.padEnd(w)}  ${'rows'.padStart(8)}  note`,
    `${'-'.repeat(w)}  ${'-'.repeat(8)}  ${'-'.repeat(30)}`,
    ...results.map((r) => `${r.name.padEnd(w)}  ${String(r.affected).padStart(8)}  ${r.note}`),
  ];
  return lines.join('\n');
}
