import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../context.ts';

type Check = 'ok' | 'down' | 'disabled';

const withTimeout = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);

export async function readiness(
  deps: Deps,
): Promise<{ status: 'ok' | 'degraded' | 'down'; checks: Record<'database' | 'queue' | 'redis', Check> }> {
  const database: Check = await withTimeout(deps.database.raw.query('select 1'), 2_000)
    .then(() => 'ok' as const)
    .catch(() => 'down' as const);
  const queue: Check =
    database === 'ok'
      ? await withTimeout(deps.database.raw.query('select version from pgboss.version'), 2_000)
          .then(() => 'ok' as const)
          .catch(() => 'down' as const)
      : 'down';
  const redis: Check = deps.cache.kind === 'redis' ? await deps.cache.ping() : 'disabled';
  const status = database === 'down' ? 'down' : queue === 'down' || redis === 'down' ? 'degraded' : 'ok';
  return { status, checks: { database, queue, redis } };
}

const ReadySchema = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checks: z.object({
    database: z.enum(['ok', 'down', 'disabled']),
    queue: z.enum(['ok', 'down', 'disabled']),
    redis: z.enum(['ok', 'down', 'disabled']),
  }),
});

export const healthRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Process is alive',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/health/ready',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Ready to serve: database, job queue and Redis checks (503 when the database is unreachable)',
        response: { 200: ReadySchema, 503: ReadySchema },
      },
    },
    async (_req, reply) => {
      const r = await readiness(deps);
      return reply.code(r.checks.database === 'down' ? 503 : 200).send(r);
    },
  );
};
