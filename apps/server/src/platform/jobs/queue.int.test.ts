import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { AppError } from '../errors.ts';
import { assertJobRegistry, defineJob } from './define-job.ts';
import { JobQueue } from './queue.ts';

describe('assertJobRegistry', () => {
  const input = z.object({});
  it('accepts jobs with exactly one handler each', () => {
    expect(() => assertJobRegistry([defineJob({ name: 'send-mail', input, handler: async () => {} })])).not.toThrow();
  });
  it('refuses a job without a handler', () => {
    expect(() => assertJobRegistry([defineJob({ name: 'send-mail', input })])).toThrow(/"send-mail" has no handler/);
  });
  it('refuses a job defined twice', () => {
    const a = defineJob({ name: 'send-mail', input, handler: async () => {} });
    const b = defineJob({ name: 'send-mail', input, handler: async () => {} });
    expect(() => assertJobRegistry([a, b])).toThrow(/"send-mail" is defined 2 times/);
  });
  it('refuses names that are not kebab-case', () => {
    expect(() => defineJob({ name: 'SendMail', input })).toThrow(/kebab-case/);
  });
});

describe('JobQueue', () => {
  let t: TestApp;
  const done: number[] = [];
  let attempts = 0;
  const countJob = defineJob({
    name: 'count-thing',
    input: z.object({ n: z.number().int() }),
    retry: { limit: 2, delaySeconds: 1, backoff: false },
    handler: async ({ n }) => {
      done.push(n);
    },
  });
  const flakyJob = defineJob({
    name: 'flaky-thing',
    input: z.object({}),
    retry: { limit: 3, delaySeconds: 1, backoff: false },
    handler: async () => {
      attempts++;
      if (attempts < 2) throw new AppError('test.transient', 'try again', { retryable: true });
    },
  });
  const orphanJob = defineJob({ name: 'orphan-thing', input: z.object({}) });

  beforeAll(async () => {
    t = await createTestApp();
    t.deps.queue.register([countJob, flakyJob]);
    await t.deps.queue.stop();
    await t.deps.queue.start();
  });
  afterAll(async () => t?.close());

  it('refuses to register two jobs with one name', () => {
    expect(() => t.deps.queue.register([countJob])).toThrow(/registered twice/);
  });

  it('refuses to enqueue an unregistered job or bad input', async () => {
    await expect(t.deps.queue.enqueue(null, orphanJob, {})).rejects.toThrow(/not registered/);
    await expect(t.deps.queue.enqueue(null, countJob, { n: 'x' as unknown as number })).rejects.toThrow();
  });

  it('refuses to start a worker when a registered job has no handler', async () => {
    const q = new JobQueue(t.deps.database, t.deps.log);
    q.register([orphanJob]);
    await expect(q.work(t.deps)).rejects.toThrow(/has no handler/);
  });

  it('runs jobs, retries transient failures, and ignores a second send with the same id', async () => {
    await t.deps.queue.work(t.deps);
    const id = '0190d2a4-7b1c-7c3e-9f00-000000000001';
    expect(await t.deps.queue.enqueue(null, countJob, { n: 1 }, { id })).toBe(id);
    expect(await t.deps.queue.enqueue(null, countJob, { n: 1 }, { id })).toBeNull();
    await t.deps.queue.enqueue(null, flakyJob, {});
    expect(await waitFor(async () => done.length === 1 && attempts >= 2, 15_000)).toBe(true);
    expect(done).toEqual([1]);
  });
});
