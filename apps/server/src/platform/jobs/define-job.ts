import type { z } from 'zod';
import type { Deps, Log } from '../context.ts';

export interface RetryPolicy {
  /** Attempts after the first one. */
  limit: number;
  delaySeconds: number;
  /** Exponential backoff with jitter from delaySeconds. */
  backoff: boolean;
}

export interface JobContext {
  deps: Deps;
  log: Log;
  jobId: string;
  /** 0 for the first attempt. */
  retryCount: number;
}

export interface JobDef<S extends z.ZodType = z.ZodType> {
  name: string;
  input: S;
  retry: RetryPolicy;
  /** Seconds a single attempt may run before pg-boss treats it as failed. */
  expireInSeconds: number;
  /** Cron expression (Europe/Paris) for scheduled jobs. */
  cron?: string;
  /** Jobs of this queue run at once per worker process (default 1). */
  concurrency: number;
  handler?: (input: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}

export type AnyJobDef = JobDef<z.ZodType>;

/** Declares a job once: its name, its input schema, its retry policy and its handler. */
export function defineJob<S extends z.ZodType>(def: {
  name: string;
  input: S;
  retry?: Partial<RetryPolicy>;
  expireInSeconds?: number;
  cron?: string;
  concurrency?: number;
  handler?: (input: z.infer<S>, ctx: JobContext) => Promise<unknown>;
}): JobDef<S> {
  if (!/^[a-z][a-z0-9-]*[a-z0-9]$/.test(def.name)) {
    throw new Error(`job name "${def.name}" must be kebab-case <verb>-<noun>`);
  }
  return {
    name: def.name,
    input: def.input,
    retry: { limit: 5, delaySeconds: 5, backoff: true, ...def.retry },
    expireInSeconds: def.expireInSeconds ?? 15 * 60,
    cron: def.cron,
    concurrency: def.concurrency ?? 1,
    handler: def.handler,
  };
}

/**
 * Checks a set of job definitions before a worker starts: every job has exactly one handler.
 * A missing or doubled handler is a programming error, so the worker refuses to start.
 */
export function assertJobRegistry(defs: AnyJobDef[]): void {
  const seen = new Map<string, number>();
  for (const d of defs) seen.set(d.name, (seen.get(d.name) ?? 0) + (d.handler ? 1 : 0));
  const problems: string[] = [];
  const names = new Map<string, number>();
  for (const d of defs) names.set(d.name, (names.get(d.name) ?? 0) + 1);
  for (const [name, count] of names) {
    const handlers = seen.get(name) ?? 0;
    if (handlers === 0) problems.push(`job "${name}" has no handler`);
    else if (count > 1 || handlers > 1) problems.push(`job "${name}" is defined ${count} times (${handlers} handlers)`);
  }
  if (problems.length) throw new Error(`Job registry is invalid:\n  - ${problems.join('\n  - ')}`);
}

/**
 * Work that is not a pg-boss job but runs where jobs run (the worker): a loop a feature starts with the workers and
 * that stops, finishing what it has in hand, before the database closes. The webhook dispatcher is one.
 */
export interface BackgroundLoop {
  name: string;
  /** Starts one running instance (a process, or a test app, has its own). */
  start(deps: Deps): RunningLoop;
}

export interface RunningLoop {
  /** Stops taking work and waits (up to timeoutMs) for what is in flight. */
  stop(timeoutMs: number): Promise<void>;
}
