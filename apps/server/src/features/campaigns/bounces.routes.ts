import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import { ProblemSchema } from '../../platform/http/problem.schema.ts';
import { InboundResultSchema, ProviderEventInput } from './bounces.contracts.ts';
import { receiveInbound } from './bounces.service.ts';

/** The headers of a signed inbound call (docs/CAMPAIGNS.md, "Bounces and complaints"). */
export const TIMESTAMP_HEADER = 'x-crm-timestamp';
export const SIGNATURE_HEADER = 'x-crm-signature';
/** How far the timestamp may be from our clock: a captured call cannot be replayed later than this. */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;
/** A DSN carries the original's headers, sometimes the whole original: room for a mail with an attachment. */
const BODY_LIMIT = 5 * 1024 * 1024;

/** `sha256=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>`: what the sender puts in SIGNATURE_HEADER. */
export function inboundSignature(secret: string, timestamp: string, body: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex')}`;
}

const badSignature = (message: string) => new AppError('email_inbound.signature_invalid', message, { status: 401 });

/** Checks the timestamp (within the tolerance) and the signature (constant-time), or throws a 401. */
function verify(secret: string, headers: Record<string, unknown>, body: Buffer, now: Date): void {
  const timestamp = headers[TIMESTAMP_HEADER];
  const signature = headers[SIGNATURE_HEADER];
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp) || typeof signature !== 'string') {
    throw badSignature(`The ${TIMESTAMP_HEADER} and ${SIGNATURE_HEADER} headers are required`);
  }
  const expected = Buffer.from(inboundSignature(secret, timestamp, body));
  const given = Buffer.from(signature.trim());
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw badSignature('The signature does not match the body');
  }
  // After the signature: the timestamp is then the sender's own, not a forger's.
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > TIMESTAMP_TOLERANCE_S) {
    throw new AppError('email_inbound.timestamp_out_of_range', 'The timestamp is more than 5 minutes away', {
      status: 401,
    });
  }
}

const malformed = (message: string, fields?: { path: string; message: string; code: string }[]) =>
  new AppError('email_inbound.malformed', message, { status: 400, ...(fields ? { fields } : {}) });

function providerEvent(body: Buffer) {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    throw malformed('The body is not JSON');
  }
  const parsed = ProviderEventInput.safeParse(json);
  if (!parsed.success) {
    throw malformed(
      'The body is not a bounce or complaint event',
      parsed.error.issues.map((i) => ({ path: ['body', ...i.path].join('.'), message: i.message, code: i.code })),
    );
  }
  return parsed.data;
}

/**
 * `POST /email/inbound`: bounces and complaints from the mail provider (its inbound routing forwarding the DSNs and
 * ARF reports mailed back to us, or its own events as JSON), signed with EMAIL_INBOUND_SECRET. No session: the
 * signature is the caller's proof. Without the secret the route answers 404, as if it did not exist.
 */
export const inboundRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app, { deps }) => {
  // Encapsulated: this route reads its body raw (the signature is over the bytes), whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (_req, body, done) => done(null, body));

  app.post(
    '/email/inbound',
    {
      bodyLimit: BODY_LIMIT,
      config: {
        auth: 'public',
        rawBody: {
          contentTypes: ['message/rfc822', 'application/json'],
          schema: z.toJSONSchema(ProviderEventInput, { io: 'input' }) as Record<string, unknown>,
        },
      },
      schema: {
        tags: ['email-inbound'],
        operationId: 'receiveEmailInbound',
        summary: 'Receive a bounce or a complaint from the mail provider (signed; no session)',
        description:
          'A raw DSN (RFC 3464) or ARF report (RFC 5965) as `message/rfc822`, or a JSON event ' +
          '`{ type, messageId, recipient, bounceType, status, diagnostic }`. Signed: `X-CRM-Timestamp` (Unix ' +
          'seconds, within 5 minutes) and `X-CRM-Signature: sha256=<hex HMAC-SHA256(EMAIL_INBOUND_SECRET, ' +
          '"<timestamp>.<body>")>`. A hard bounce or a complaint suppresses the address (docs/CAMPAIGNS.md).',
        response: { 202: InboundResultSchema, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const secret = deps.config.emailInboundSecret;
      if (!secret) throw new AppError('route.not_found', 'Route not found');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      verify(secret, req.headers, body, deps.clock.now());
      const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      let result: Awaited<ReturnType<typeof receiveInbound>>;
      if (type === 'application/json') result = await receiveInbound(req.ctx, { event: providerEvent(body) });
      else if (type === 'message/rfc822') result = await receiveInbound(req.ctx, { raw: body });
      else throw malformed('The body must be message/rfc822 (a DSN or an ARF report) or application/json');
      return reply.code(202).send(result);
    },
  );
};
