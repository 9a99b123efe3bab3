import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor, Deps } from '../context.ts';
import { AppError } from '../errors.ts';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  type IdempotencyRow,
  releaseIdempotencyKey,
} from './idempotency.repo.ts';

/**
 * `Idempotency-Key` on POST (docs/ARCHITECTURE.md, "Idempotent POSTs"). A caller (a user's session or an API key)
 * that sends the same key again gets the first answer back instead of a second write:
 *
 * - same key, same method, URL and body: the stored answer (status, body, `Content-Type`, `Location`, `ETag`),
 *   marked `Idempotent-Replayed: true`;
 * - same key, another request: 422 `idempotency.key_reused`;
 * - same key while the first request still runs: 409 `idempotency.in_progress` with `Retry-After`.
 *
 * Answers below 500 are kept 24 hours (a 4xx is the answer: repeating the request would give it again); a 5xx, or an
 * answer that is a stream, lets the key go so that a retry runs afresh. A request refused before it ran (bad input,
 * no permission, CSRF, rate limit) claims no key. Keys live in PostgreSQL (`idempotency_keys`), shared by every
 * process, and maintenance purges them once expired. Multipart uploads refuse the header
 * (`idempotency.unsupported_for_multipart`): their body is streamed to the route, never held whole to compare.
 * Public routes (login, password reset) have no caller to scope a key to and ignore it.
 */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;
/** How long a running request holds its key; after that a process that died no longer blocks the key. */
export const IDEMPOTENCY_LOCK_MS = 5 * 60_000;
/** Printable ASCII without spaces, quotes, commas or semicolons: UUIDs, ULIDs, base64, `order-42:retry`. */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9!#$%&'*+./:=?@^_`|~-]{1,255}$/;
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'content-disposition'] as const;

interface Claim {
  caller: string;
  key: string;
  requestHash: string;
  /** Set once the key holds this request's claim; cleared when it is completed or released. */
  claimed: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: Claim | null;
  }
}

const callerOf = (actor: Actor): string | null =>
  actor.apiKeyId ? `api_key:${actor.apiKeyId}` : actor.userId && actor.type === 'user' ? `user:${actor.userId}` : null;

const requestHashOf = (req: FastifyRequest): string =>
  createHash('sha256')
    .update(`${req.method} ${req.url}\n`)
    .update(req.body === undefined ? '' : JSON.stringify(req.body))
    .digest('hex');

/** The key of this request, checked; undefined when the header is absent. */
function keyOf(req: FastifyRequest): string | undefined {
  const sent = req.headers[IDEMPOTENCY_HEADER];
  if (sent === undefined) return undefined;
  if (typeof sent !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(sent)) {
    throw new AppError(
      'idempotency.invalid_key',
      'Idempotency-Key must be one value of 1 to 255 printable ASCII characters without spaces, quotes, commas or semicolons',
      { status: 400, fields: [{ path: 'headers.idempotency-key', message: 'invalid', code: 'invalid_string' }] },
    );
  }
  if (req.isMultipart?.() || /^multipart\//i.test(String(req.headers['content-type'] ?? ''))) {
    throw new AppError(
      'idempotency.unsupported_for_multipart',
      'Idempotency-Key is not accepted on multipart uploads; send the upload without it',
      { status: 400 },
    );
  }
  return sent;
}

function replay(reply: FastifyReply, held: IdempotencyRow) {
  reply.code(held.responseStatus ?? 200);
  for (const [name, value] of Object.entries(held.responseHeaders ?? {})) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  return reply.send(held.responseBody ?? '');
}

export const idempotencyPlugin = fp(
  async (app: FastifyInstance, { deps }: { deps: Deps }) => {
    app.decorateRequest('idempotency', null);
    const db = () => deps.database.db;

    // Before validation: the body as the client sent it (parsed JSON, before any transform of the route's schema).
    app.addHook('preValidation', async (req) => {
      if (req.method !== 'POST' || !req.url.startsWith('/api/')) return;
      const key = keyOf(req);
      const caller = callerOf(req.actor);
      if (key === undefined || !caller || req.routeOptions.config?.auth === 'public') return;
      req.idempotency = { caller, key, requestHash: requestHashOf(req), claimed: false };
    });

    // After authorisation (the auth plugin's preHandler runs first): a refused request claims nothing.
    app.addHook('preHandler', async (req, reply) => {
      const claim = req.idempotency;
      if (!claim) return;
      const now = deps.clock.now();
      const held = await claimIdempotencyKey(db(), {
        ...claim,
        now,
        lockedUntil: new Date(now.getTime() + IDEMPOTENCY_LOCK_MS),
        expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MS),
      });
      if (!held) {
        claim.claimed = true;
        return;
      }
      req.idempotency = null;
      if (held.requestHash !== claim.requestHash) {
        throw new AppError(
          'idempotency.key_reused',
          'This Idempotency-Key was used for another request (method, URL or body); use a new key',
          { status: 422 },
        );
      }
      if (held.state === 'running') {
        throw new AppError('idempotency.in_progress', 'A request with this Idempotency-Key is still running', {
          status: 409,
          retryAfter: 1,
        });
      }
      return replay(reply, held);
    });

    app.addHook('onSend', async (req, reply, payload) => {
      const claim = req.idempotency;
      if (!claim?.claimed) return payload;
      claim.claimed = false;
      const storable = typeof payload === 'string' || payload == null;
      try {
        if (reply.statusCode >= 500 || !storable) {
          await releaseIdempotencyKey(db(), claim);
        } else {
          const headers: Record<string, string> = {};
          for (const name of REPLAYED_HEADERS) {
            const value = reply.getHeader(name);
            if (value !== undefined) headers[name] = String(value);
          }
          const body = payload == null ? '' : String(payload);
          await completeIdempotencyKey(db(), { ...claim, answer: { status: reply.statusCode, headers, body } });
        }
      } catch (err) {
        req.log.error({ err }, 'idempotency key not recorded');
      }
      return payload;
    });

    // The answer was never sent (the connection broke first): let the key go.
    app.addHook('onResponse', async (req) => {
      const claim = req.idempotency;
      if (!claim?.claimed) return;
      claim.claimed = false;
      await releaseIdempotencyKey(db(), claim).catch((err) => req.log.error({ err }, 'idempotency key not released'));
    });
  },
  { name: 'crm-idempotency', dependencies: ['crm-auth'] },
);
