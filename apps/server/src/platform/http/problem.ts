import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { DATABASE_RETRY_AFTER_SECONDS, DATABASE_UNAVAILABLE, isDatabaseDown } from '../db/unavailable.ts';
import { AppError, type FieldError, statusOf } from '../errors.ts';

export const PROBLEM_BASE = 'https://crm.local/problems/';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function sendProblem(
  reply: FastifyReply,
  req: FastifyRequest,
  p: Omit<Problem, 'type' | 'title'> & { title?: string },
) {
  const status = p.status;
  // An error answered to a signed-in user is a product-analytics event (its code, status and route pattern; never
  // the request): recorded only with the user's consent (docs/ANALYTICS.md).
  const userId = req.actor?.userId;
  if (userId && status >= 400) {
    req.ctx?.deps?.analytics?.capture(userId, 'api_error', {
      code: p.code,
      status,
      route: req.routeOptions?.url ?? '',
    });
  }
  const body = {
    ...p,
    type: `${PROBLEM_BASE}${p.code}`,
    title: p.title ?? titles[status] ?? 'Error',
    instance: req.url.split('?')[0],
    requestId: req.id,
  } as Problem;
  return reply.code(status).type('application/problem+json').send(body);
}

function zodFields(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({ path: i.path.join('.'), message: i.message, code: i.code }));
}

/**
 * The errors of the multipart parser (busboy, under @fastify/multipart) for a body the client broke: no or a bad
 * boundary, a body cut short. busboy throws plain `Error`s, known by their messages.
 */
const MALFORMED_MULTIPART =
  /^(Multipart: Boundary not found|Boundary required|Unexpected end of (multipart data|form)|.* terminated early due to unexpected end of multipart data|The needle cannot (be an empty String\/Buffer|have a length bigger than 256)\.|Malformed part header|Unsupported Content-Type\.)$/;

/** Maps Fastify's own client errors (bad JSON, too large, wrong content type, broken multipart) to stable codes. */
function fastifyClientError(err: FastifyError): { code: string; status: number } | null {
  if (!err.code && !err.statusCode && MALFORMED_MULTIPART.test(err.message)) {
    return { code: 'request.malformed_multipart', status: 400 };
  }
  switch (err.code) {
    case 'FST_MP_PREMATURE_CLOSE':
      return { code: 'request.malformed_multipart', status: 400 };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'request.unsupported_media_type', status: 415 };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'request.body_too_large', status: 413 };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'request.malformed', status: 400 };
    default:
      if (err instanceof SyntaxError) return { code: 'request.malformed', status: 400 };
      return null;
  }
}

/**
 * The one place errors become HTTP answers: RFC 9457 problem+json with a stable `code`, the failing fields
 * for validation, never a stack trace. Anything unexpected is logged and answered as a generic 500.
 */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const status = statusOf(err);
      if (err.retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(err.retryAfter)));
      if (status >= 500) req.log.error({ err }, err.message);
      return sendProblem(reply, req, {
        status,
        code: err.code,
        detail: err.message,
        ...(err.fields ? { errors: err.fields } : {}),
        ...(err.extra ?? {}),
      });
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const errors = err.validation.map((v) => ({
        path: [err.validationContext, ...(v.instancePath || '').split('/').filter(Boolean)].filter(Boolean).join('.'),
        message: v.message ?? 'invalid',
        code: String(v.keyword),
      }));
      return sendProblem(reply, req, {
        status: 400,
        code: 'request.validation',
        detail: `The request is invalid: ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`,
        errors,
      });
    }
    if (err instanceof ZodError) {
      return sendProblem(reply, req, {
        status: 400,
        code: 'request.validation',
        detail: 'The request is invalid',
        errors: zodFields(err),
      });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause.issues }, 'response did not match its schema');
      return sendProblem(reply, req, { status: 500, code: 'server.error', detail: 'An unexpected error occurred' });
    }
    const client = fastifyClientError(err);
    if (client) return sendProblem(reply, req, { ...client, detail: err.message });
    if (err.statusCode === 429) {
      return sendProblem(reply, req, { status: 429, code: 'rate_limit.exceeded', detail: err.message });
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendProblem(reply, req, { status: err.statusCode, code: 'request.invalid', detail: err.message });
    }
    if (isDatabaseDown(err)) {
      // The database is down (PGlite's backend died and is being reopened, PostgreSQL restarting or unreachable):
      // a moment's unavailability, not a bug of this request (platform/db/unavailable.ts).
      req.log.error({ err }, 'database unavailable');
      reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
      return sendProblem(reply, req, {
        status: 503,
        code: DATABASE_UNAVAILABLE,
        detail: 'The database is unavailable for a moment; retry in a few seconds',
      });
    }
    req.log.error({ err }, 'unhandled error');
    return sendProblem(reply, req, { status: 500, code: 'server.error', detail: 'An unexpected error occurred' });
  });

  app.setNotFoundHandler((req, reply) =>
    sendProblem(reply, req, {
      status: 404,
      code: 'route.not_found',
      detail: `No route ${req.method} ${req.url.split('?')[0]}`,
    }),
  );
}

/**
 * Fastify's router errors, raised before any route or error handler runs (Fastify's `frameworkErrors` option): a
 * path that is not valid percent-encoded UTF-8 (a lone surrogate, `%ED%A0%80`) and a path parameter longer than the
 * router accepts. Answered as problem+json like every other error.
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(reply, req, {
      status: 414,
      code: 'request.param_too_long',
      detail: 'A path parameter is too long',
    });
  }
  return sendProblem(reply, req, {
    status: 400,
    code: 'request.bad_url',
    detail: 'The URL is not valid percent-encoded UTF-8',
  });
}

/** The OpenAPI description of a problem response, reused by routes. */
export { ProblemSchema } from './problem.schema.ts';
