import { audit } from '../../platform/audit/audit.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { JOB_STATES, type JobState, type JobSummary, type JobsOverviewInput } from './jobs-admin.contracts.ts';
import { countJobs, findJob, type JobRow, listJobs, listQueueNames } from './jobs-admin.repo.ts';

/** Services re-check the route's rule, so a caller other than the route (a job, a script) cannot skip it. */
const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });

type StateCounts = Record<JobState, number>;
const zero = (): StateCounts => Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as StateCounts;

/** Every queue (registered here or known to pg-boss) with its jobs counted by state; then a page of jobs. */
export async function getJobsOverview(ctx: Ctx, input: JobsOverviewInput) {
  requireAdmin(ctx);
  const db = ctx.deps.database.db;
  const defs = new Map(ctx.deps.queue.definitions().map((d) => [d.name, d]));
  const names = new Set([...defs.keys(), ...(await listQueueNames(db))]);
  const { live, archived } = await countJobs(db);
  const counts = new Map([...names].map((n) => [n, { ...zero(), archived: 0 }]));
  for (const r of live) {
    const c = counts.get(r.name) ?? { ...zero(), archived: 0 };
    c[r.state] = r.n;
    counts.set(r.name, c);
  }
  for (const r of archived) {
    const c = counts.get(r.name) ?? { ...zero(), archived: 0 };
    c.archived = r.n;
    counts.set(r.name, c);
  }
  const queues = [...counts.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, c]) => ({
      name,
      cron: defs.get(name)?.cron ?? null,
      retryLimit: defs.get(name)?.retry.limit ?? null,
      ...c,
    }));

  const { rows, total } = await listJobs(db, {
    state: input.state,
    name: input.name,
    after: input.cursor ? decodeCursor(input.cursor) : undefined,
    limit: input.limit,
  });
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    queues,
    jobs: {
      items: page.map(toJobSummary),
      nextCursor: rows.length > input.limit && last ? encodeCursor(last) : null,
      total,
    },
  };
}

/** Puts a failed job back in its queue for one more attempt; audited. */
export async function retryJob(ctx: Ctx, input: { id: string }): Promise<JobSummary> {
  requireAdmin(ctx);
  return withTx(ctx, async (t) => {
    const job = await findJob(t.db, input.id);
    if (!job) throw notFound('job', input.id);
    if (job.archived) {
      throw new AppError('job.archived', 'This job is archived (it failed more than a day ago) and cannot be retried', {
        status: 409,
      });
    }
    if (job.state !== 'failed' || !(await ctx.deps.queue.retry(t, job.name, job.id))) {
      throw new AppError('job.not_failed', `Only a failed job can be retried; this one is ${job.state}`, {
        status: 409,
      });
    }
    await audit(t, { entityType: 'job', entityId: job.id, action: 'retry', metadata: { name: job.name } });
    const after = await findJob(t.db, job.id);
    return toJobSummary(after ?? job);
  });
}

/** The message of what went wrong, from the shapes pg-boss and JobQueue leave in `output`. */
export function errorMessageOf(output: unknown): string | null {
  if (output === null || typeof output !== 'object') return typeof output === 'string' ? output : null;
  const o = output as Record<string, unknown>;
  if (typeof o.message === 'string') return o.message; // a thrown error, serialised by pg-boss
  const value = o.value as Record<string, unknown> | string | undefined;
  if (typeof value === 'string') return value; // "pg-boss shut down while active"
  if (value && typeof value.message === 'string') return value.message; // expired
  const permanent = o.permanentError as { message?: unknown } | undefined;
  if (permanent && typeof permanent.message === 'string') return permanent.message;
  if (o.invalidInput) return 'Invalid input';
  return null;
}

function toJobSummary(r: JobRow): JobSummary {
  return {
    id: r.id,
    name: r.name,
    state: r.state,
    data: r.data,
    error: r.state === 'completed' && !hasFailure(r.output) ? null : errorMessageOf(r.output),
    retryCount: r.retryCount,
    retryLimit: r.retryLimit,
    createdAt: r.createdOn,
    startedAt: r.startedOn,
    completedAt: r.completedOn,
    archived: r.archived,
  };
}

/** Completed jobs may still carry a failure JobQueue chose not to retry (bad input, a permanent error). */
const hasFailure = (output: unknown) =>
  !!output && typeof output === 'object' && ('permanentError' in output || 'invalidInput' in output);

function encodeCursor(r: JobRow): string {
  return Buffer.from(JSON.stringify({ at: r.atKey, id: r.id })).toString('base64url');
}

function decodeCursor(cursor: string): { atKey: string; id: string } {
  try {
    const p = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown };
    // A PostgreSQL timestamptz as text (e.g. `2025-06-01 10:00:00.123456+02`) and a UUID.
    if (typeof p.at !== 'string' || !/^\d{4}-\d{2}-\d{2}[ T][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?$/.test(p.at))
      throw new Error();
    if (typeof p.id !== 'string' || !/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i.test(p.id)) throw new Error();
    return { atKey: p.at, id: p.id };
  } catch {
    throw new AppError('list.invalid_cursor', 'The cursor is invalid', {
      fields: [{ path: 'querystring.cursor', message: 'invalid cursor', code: 'invalid_cursor' }],
    });
  }
}
