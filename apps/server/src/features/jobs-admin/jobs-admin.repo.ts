import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import type { JobState } from './jobs-admin.contracts.ts';

/**
 * Reads pg-boss 10's own tables (schema `pgboss`): `job` holds live jobs (one partition per queue), `archive`
 * the ones completed or failed more than a day ago. Writes go through pg-boss's API (JobQueue), never here.
 */

/** pg-boss's internal queues (its cron relay `__pgboss__send-it`). */
const INTERNAL = sql`name not like '\\_\\_pgboss\\_\\_%'`;

export interface JobRow {
  id: string;
  name: string;
  state: JobState;
  data: unknown;
  output: unknown;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  archived: boolean;
  /** The ordering time as PostgreSQL prints it (microseconds kept), for cursors. */
  atKey: string;
}

/** Every queue pg-boss knows, except its own internal ones. */
export async function listQueueNames(db: Queryable): Promise<string[]> {
  const rows = rowsOf<{ name: string }>(await db.execute(sql`select name from pgboss.queue where ${INTERNAL}`));
  return rows.map((r) => r.name);
}

/** Live jobs counted by queue and state, and archived jobs by queue. */
export async function countJobs(db: Queryable) {
  const live = rowsOf<{ name: string; state: JobState; n: number }>(
    await db.execute(
      sql`select name, state::text as state, count(*)::int as n from pgboss.job where ${INTERNAL} group by name, state`,
    ),
  );
  const archived = rowsOf<{ name: string; n: number }>(
    await db.execute(sql`select name, count(*)::int as n from pgboss.archive where ${INTERNAL} group by name`),
  );
  return { live, archived };
}

const columns = sql`id, name, state::text as state, data, output, retry_count as "retryCount",
  retry_limit as "retryLimit", created_on as "createdOn", started_on as "startedOn", completed_on as "completedOn",
  coalesce(completed_on, started_on, created_on) as at`;

/** Live and archived jobs in one relation, each with the time it is ordered by (`at`). */
const allJobs = sql`(
  select ${columns}, false as archived from pgboss.job
  union all
  select ${columns}, true as archived from pgboss.archive
) j`;

/** Jobs in a state (and queue), newest first, keyset-paged on (at, id); one more row than `limit` if any. */
export async function listJobs(
  db: Queryable,
  f: { state: JobState; name?: string; after?: { atKey: string; id: string }; limit: number },
): Promise<{ rows: JobRow[]; total: number }> {
  const where: SQL[] = [sql`j.state = ${f.state}`];
  if (f.name) where.push(sql`j.name = ${f.name}`);
  const filter = sql.join(where, sql` and `);
  const page = f.after ? sql` and (j.at, j.id) < (${f.after.atKey}::timestamptz, ${f.after.id}::uuid)` : sql``;
  const rows = rowsOf<JobRow>(
    await db.execute(
      sql`select *, j.at::text as "atKey" from ${allJobs} where ${filter}${page} order by j.at desc, j.id desc limit ${f.limit + 1}`,
    ),
  );
  const [count] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::int as n from ${allJobs} where ${filter}`),
  );
  return { rows: rows.map(dates), total: count?.n ?? 0 };
}

/** One job by id, live first, then archived. */
export async function findJob(db: Queryable, id: string): Promise<JobRow | null> {
  const [row] = rowsOf<JobRow>(
    await db.execute(
      sql`select *, j.at::text as "atKey" from ${allJobs} where j.id = ${id}::uuid order by j.archived limit 1`,
    ),
  );
  return row ? dates(row) : null;
}

/** Timestamps may come back as strings from `union` on some drivers: make them dates. */
function dates(r: JobRow): JobRow {
  const d = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
  return {
    ...r,
    createdOn: d(r.createdOn) as Date,
    startedOn: d(r.startedOn),
    completedOn: d(r.completedOn),
  };
}
