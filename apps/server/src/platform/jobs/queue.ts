import { createHash } from 'node:crypto';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import type { Deps } from '../context.ts';
import type { Database } from '../db/client.ts';
import { sqlFromText } from '../db/client.ts';
import type { Tx } from '../db/tx.ts';
import { AppError } from '../errors.ts';
import { type AnyJobDef, assertJobRegistry, type BackgroundLoop, type JobDef, type RunningLoop } from './define-job.ts';

export interface EnqueueOptions {
  /** A deterministic id (UUID) makes the enqueue idempotent: a second send with it is ignored. */
  id?: string;
  startAfterSeconds?: number;
  priority?: number;
}

/** A stable UUID derived from a key, so a job keyed by (event, handler) is enqueued once. */
export function deterministicJobId(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** pg-boss's database adapter. On PGlite, SQL without parameters may hold several statements: use exec. */
function bossDb(database: Database): PgBoss.Db {
  if (database.kind === 'pglite' && database.pglite) {
    const pglite = database.pglite;
    return {
      executeSql: async (text, values) => {
        if (values && values.length > 0) return { rows: (await pglite.query(text, values)).rows as unknown[] };
        const results = await pglite.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as unknown[] };
      },
    };
  }
  return { executeSql: (text, values) => database.raw.query(text, values) };
}

/** pg-boss adapter running inside an open Drizzle transaction: the job commits or rolls back with it. */
function txDb(t: Tx): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const r = (await t.db.execute(sqlFromText(text, values ?? []))) as unknown as { rows: unknown[] };
      return { rows: r.rows };
    },
  };
}

/**
 * The job queue: pg-boss on the application's database (PGlite or PostgreSQL). Jobs sent with a
 * transaction are part of it, which makes `emit` a transactional outbox.
 */
export class JobQueue {
  readonly boss: PgBoss;
  private readonly defs = new Map<string, AnyJobDef>();
  private readonly loops = new Map<string, BackgroundLoop>();
  private running: RunningLoop[] = [];
  /** This process's pg-boss worker ids, per queue: woken when a job is sent from here. */
  private readonly localWorkers = new Map<string, string[]>();
  private started = false;
  private working = false;
  private deps?: Deps;

  constructor(
    database: Database,
    private readonly log: Logger,
    private readonly opts: { pollingIntervalSeconds?: number } = {},
  ) {
    this.boss = new PgBoss({
      db: bossDb(database),
      schema: 'pgboss',
      // Completed jobs are archived after a day and deleted after a week (maintenance reports them).
      archiveCompletedAfterSeconds: 24 * 3600,
      deleteAfterDays: 7,
      maintenanceIntervalSeconds: 300,
    });
    this.boss.on('error', (err) => this.log.error({ err }, 'job queue error'));
  }

  /** Declares the jobs of every feature. Two jobs with one name are refused. */
  register(defs: AnyJobDef[]): void {
    for (const d of defs) {
      if (this.defs.has(d.name)) throw new Error(`job "${d.name}" is registered twice`);
      this.defs.set(d.name, d);
    }
  }

  /** Declares the background loops of every feature; they start with `work()` and stop with `stop()`. */
  registerLoops(loops: BackgroundLoop[]): void {
    for (const l of loops) {
      if (this.loops.has(l.name)) throw new Error(`background loop "${l.name}" is registered twice`);
      this.loops.set(l.name, l);
    }
  }

  definitions(): AnyJobDef[] {
    return [...this.defs.values()];
  }

  /** Starts pg-boss (creating its schema on first start) and makes sure every queue exists. */
  async start(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    for (const d of this.defs.values()) {
      const queue = {
        name: d.name,
        retryLimit: d.retry.limit,
        retryDelay: d.retry.delaySeconds,
        retryBackoff: d.retry.backoff,
        expireInSeconds: d.expireInSeconds,
      };
      const existing = await this.boss.getQueue(d.name);
      if (existing) await this.boss.updateQueue(d.name, queue);
      else await this.boss.createQueue(d.name, queue);
    }
    this.started = true;
  }

  /** Starts the workers and cron schedules. Refuses to start if a job has no handler or two. */
  async work(deps: Deps): Promise<void> {
    assertJobRegistry(this.definitions());
    if (!this.started) await this.start();
    this.deps = deps;
    const pollingIntervalSeconds = this.opts.pollingIntervalSeconds ?? 2;
    for (const d of this.defs.values()) {
      // pg-boss 10 runs one batch at a time per work(), then waits the polling interval even when the queue is
      // not empty (0.5 job/s at a 2 s interval). So: one work() per unit of concurrency, and after each job the
      // worker is told to fetch again at once; it waits only when it found nothing.
      const ids: string[] = [];
      this.localWorkers.set(d.name, ids);
      for (let i = 0; i < d.concurrency; i++) {
        let workerId: string | undefined;
        workerId = await this.boss.work(
          d.name,
          { batchSize: 1, pollingIntervalSeconds, includeMetadata: true },
          async ([job]) => {
            if (!job) return;
            try {
              return await this.runOne(d, job);
            } finally {
              if (workerId) this.boss.notifyWorker(workerId);
            }
          },
        );
        ids.push(workerId);
      }
      if (d.cron) await this.boss.schedule(d.name, d.cron, {}, { tz: 'Europe/Paris' });
    }
    this.running = [...this.loops.values()].map((l) => l.start(deps));
    this.working = true;
  }

  private async runOne(d: AnyJobDef, job: PgBoss.JobWithMetadata<unknown>): Promise<unknown> {
    const log = this.log.child({ job: d.name, jobId: job.id, attempt: job.retryCount });
    let input: unknown;
    try {
      input = d.input.parse(job.data);
    } catch (err) {
      // Bad input never becomes good: do not retry, keep the reason in the job's output.
      log.error({ err }, 'job input is invalid; not retried');
      return { invalidInput: err instanceof ZodError ? err.issues : String(err) };
    }
    try {
      return await d.handler?.(input, { deps: this.deps as Deps, log, jobId: job.id, retryCount: job.retryCount });
    } catch (err) {
      if (err instanceof AppError && !err.retryable) {
        log.warn({ err }, 'job failed with a permanent error; not retried');
        return { permanentError: { code: err.code, message: err.message } };
      }
      log.warn({ err }, 'job failed; will retry per policy');
      throw err;
    }
  }

  /**
   * Enqueues a job. With a transaction, the job exists if and only if the transaction commits.
   * Returns the job id, or null when an id was given and the job already exists.
   */
  async enqueue<D extends AnyJobDef>(
    t: Tx | null,
    def: D,
    input: D extends JobDef<infer S> ? import('zod').input<S> : never,
    opts: EnqueueOptions = {},
  ): Promise<string | null> {
    if (!this.defs.has(def.name)) throw new Error(`job "${def.name}" is not registered`);
    const data = def.input.parse(input) as object;
    const options: PgBoss.SendOptions = {};
    if (opts.id) options.id = opts.id;
    if (opts.priority !== undefined) options.priority = opts.priority;
    // As an instant: pg-boss binds one value to both a timestamptz and an interval parameter, and a bare number of
    // seconds is not a valid timestamptz, which PostgreSQL refuses at bind time.
    if (opts.startAfterSeconds !== undefined) options.startAfter = new Date(Date.now() + opts.startAfterSeconds * 1000);
    if (t) options.db = txDb(t);
    const id = await this.boss.send(def.name, data, options);
    // A worker of this process takes it at once instead of at its next poll (up to 2 s): after the commit when sent
    // in a transaction. Workers of other processes still poll.
    if (opts.startAfterSeconds === undefined) {
      if (t) t.afterCommit(() => this.wakeLocal(def.name));
      else this.wakeLocal(def.name);
    }
    return id;
  }

  /**
   * Enqueues many jobs of one definition in one statement (pg-boss `insert`), in the transaction `t`: they exist if
   * and only if it commits. Jobs whose id already exists are ignored, as with `enqueue`.
   */
  async enqueueMany<D extends AnyJobDef>(
    t: Tx,
    def: D,
    jobs: { id: string; input: D extends JobDef<infer S> ? import('zod').input<S> : never }[],
  ): Promise<void> {
    if (!this.defs.has(def.name)) throw new Error(`job "${def.name}" is not registered`);
    if (jobs.length === 0) return;
    const rows = jobs.map((j) => ({ id: j.id, name: def.name, data: def.input.parse(j.input) as object }));
    await this.boss.insert(rows, { db: txDb(t) });
    t.afterCommit(() => this.wakeLocal(def.name));
  }

  private wakeLocal(name: string): void {
    for (const id of this.localWorkers.get(name) ?? []) this.boss.notifyWorker(id);
  }

  /**
   * Puts a failed job back in the queue (pg-boss gives it one more attempt). With a transaction, only if it
   * commits. Returns false when no job `name`/`id` is in the failed state (archived jobs cannot be retried).
   */
  async retry(t: Tx | null, name: string, id: string): Promise<boolean> {
    // pg-boss 10 answers { jobs, requested, affected } although its typings say void.
    const res = (await this.boss.retry(name, id, t ? { db: txDb(t) } : {})) as unknown as { affected?: number };
    return res?.affected === 1;
  }

  get isWorking(): boolean {
    return this.working;
  }

  /** Finishes running jobs (up to timeoutMs), then stops polling. Leaves the database open. */
  async stop(timeoutMs = 10_000): Promise<void> {
    const running = this.running;
    this.running = [];
    this.localWorkers.clear();
    await Promise.all(running.map((l) => l.stop(timeoutMs)));
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: timeoutMs });
    this.started = false;
    this.working = false;
  }
}
