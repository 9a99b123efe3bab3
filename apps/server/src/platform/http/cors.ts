import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.ts';
import { IDEMPOTENCY_HEADER } from './idempotency.ts';

/**
 * Cross-origin calls from browser pages of other sites (CORS_ORIGINS, off by default). Only the listed origins,
 * compared exactly, get `Access-Control-Allow-Origin` (never `*`) and `Access-Control-Allow-Credentials`; any other
 * origin gets no CORS header, so the browser keeps the answer from its page. Preflights (OPTIONS) answer 204. A
 * cookie-authenticated write still needs its `x-csrf-token` (docs/ARCHITECTURE.md, "Authentication and authorisation").
 */
export async function registerCors(app: FastifyInstance, deps: Deps): Promise<void> {
  const allowed = new Set(deps.config.corsOrigins);
  if (allowed.size === 0) return;
  await app.register(cors, {
    origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'x-csrf-token',
      'x-request-id',
      IDEMPOTENCY_HEADER,
      'if-match',
      'if-none-match',
    ],
    exposedHeaders: [
      'etag',
      'location',
      'retry-after',
      'x-request-id',
      'ratelimit',
      'ratelimit-policy',
      'idempotent-replayed',
      'content-disposition',
    ],
    maxAge: 600,
    strictPreflight: true,
  });
}
