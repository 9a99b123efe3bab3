import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../../config.ts';
import type { Deps } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { ProblemSchema } from '../../../platform/http/problem.schema.ts';
import { rateLimitGroup } from '../../../platform/http/rate-limit.ts';
import { truncateIp } from '../privacy/url.ts';
import { analyticsRuntimeOf, LIMITS } from './ingest.service.ts';

/**
 * PostHog's capture endpoints, under `/ingest` beside the API (not under /api/v1: the path PostHog recommends for a
 * reverse proxy, and posthog-js' `api_host`): docs/ANALYTICS.md, ADR 0014. They read the body raw (gzip, base64
 * forms, `text/plain` JSON: decode.ts), take the caller from the session cookie only (resolved by the auth plugin),
 * refuse other origins, have their own rate-limit budget (`ingest`) and body limits, and answer `{ "status": 1 }`
 * like PostHog, also when an event is dropped (no consent, not allowed): the client has nothing to do about it.
 */

const Accepted = z.object({ status: z.literal(1) }).describe('Accepted (stored, or dropped by the privacy rules)');
const IngestQuery = z.looseObject({
  compression: z
    .enum(['gzip-js', 'gzip', 'base64'])
    .optional()
    .describe('How the body is encoded (posthog-js); gzip is also recognised by its magic number'),
  ver: z.string().optional().describe('The client library version (ignored)'),
});

/** The body as posthog-js and posthog-node send it: documented here, decoded by the handler (never validated as JSON). */
const EventSchema = {
  type: 'object',
  required: ['event'],
  properties: {
    event: {
      type: 'string',
      description: 'A PostHog event (`$pageview`…) or an event of the catalogue (docs/ANALYTICS.md)',
    },
    uuid: { type: 'string', format: 'uuid' },
    distinct_id: { type: 'string' },
    properties: { type: 'object', additionalProperties: true },
    timestamp: { type: 'string', format: 'date-time' },
    offset: { type: 'number' },
  },
};
const BatchSchema = {
  description:
    'One event, a list of events, or `{ api_key, batch: [...], sent_at }`; as JSON, gzipped JSON (`text/plain` or ' +
    '`Content-Encoding: gzip`), or a form `data=<base64 of the JSON>`',
  oneOf: [
    EventSchema,
    { type: 'array', items: EventSchema },
    {
      type: 'object',
      required: ['batch'],
      properties: {
        api_key: { type: 'string' },
        batch: { type: 'array', items: EventSchema },
        sent_at: { type: 'string' },
      },
    },
  ],
};
const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'];

/** The page's origin must be ours (APP_URL, the Host the browser reached, or a CORS_ORIGINS entry). */
export function isSameOrigin(req: FastifyRequest, config: Pick<Config, 'appUrl' | 'corsOrigins'>): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === 'null') return false;
  if (url.origin === new URL(config.appUrl).origin || config.corsOrigins.includes(url.origin)) return true;
  try {
    // The Host the browser reached, normalised as its Origin is (a default port left out).
    return url.host === new URL(`${url.protocol}//${req.host}`).host;
  } catch {
    return false;
  }
}

const OPERATIONS = [
  { url: '/ingest/e/', operationId: 'ingestEvents', summary: 'Capture events (posthog-js)' },
  { url: '/ingest/i/v0/e/', operationId: 'ingestEventsV0', summary: 'Capture events (posthog-js, v0 path)' },
  { url: '/ingest/batch/', operationId: 'ingestBatch', summary: 'Capture a batch of events (PostHog batch API)' },
  { url: '/ingest/capture/', operationId: 'ingestCapture', summary: 'Capture one event or a batch' },
  { url: '/ingest/s/', operationId: 'ingestReplay', summary: 'Session replay chunks (`$snapshot` events)' },
] as const;

export const ingestRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  // Encapsulated: these routes read every body raw, whatever its type (gzip comes as text/plain).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: LIMITS.replay.body }, (_req, body, done) => {
    done(null, body);
  });
  // The app's close (graceful shutdown) writes what the queue holds.
  app.addHook('onClose', async () => {
    await deps.analytics.flush().catch((err) => deps.log.warn({ err }, 'analytics flush at close failed'));
  });

  const handle =
    (endpoint: 'events' | 'replay') =>
    async (req: FastifyRequest<{ Querystring: z.infer<typeof IngestQuery> }>, reply: FastifyReply) => {
      if (!isSameOrigin(req, deps.config)) {
        throw new AppError('analytics.origin_forbidden', 'Analytics are accepted from the CRM’s own pages only', {
          status: 403,
        });
      }
      const userId = req.authVia === 'session' ? req.actor.userId : null;
      if (!userId) throw new AppError('auth.unauthenticated', 'Analytics are accepted from a signed-in session only');
      await analyticsRuntimeOf(deps).ingest(
        {
          body: Buffer.isBuffer(req.body) ? req.body : undefined,
          contentType: req.headers['content-type'],
          contentEncoding: req.headers['content-encoding'],
          compression: typeof req.query.compression === 'string' ? req.query.compression : undefined,
        },
        { source: 'web', userId, ip: truncateIp(req.ip) },
        endpoint,
      );
      return reply.send({ status: 1 as const });
    };

  for (const op of OPERATIONS) {
    const endpoint = op.url === '/ingest/s/' ? 'replay' : 'events';
    const options = (hide: boolean) => ({
      bodyLimit: LIMITS[endpoint].body,
      config: {
        rateLimit: rateLimitGroup('ingest'),
        rawBody: { contentTypes: CONTENT_TYPES, schema: BatchSchema },
      },
      schema: {
        hide,
        tags: ['analytics'],
        operationId: op.operationId,
        summary: op.summary,
        description:
          'PostHog’s capture protocol (docs/ANALYTICS.md): needs the session cookie and a same-origin `Origin`; ' +
          `bodies up to ${LIMITS[endpoint].body / 1024 / 1024} MB (${LIMITS[endpoint].decoded / 1024 / 1024} MB ` +
          'decompressed). Events are stored only when the user consented (analytics, and replay for `/s/`).',
        querystring: IngestQuery,
        response: { 200: Accepted, 413: ProblemSchema, 415: ProblemSchema },
      },
    });
    app.post(op.url, options(false), handle(endpoint));
    app.post(op.url.slice(0, -1), options(true), handle(endpoint));
  }
};
