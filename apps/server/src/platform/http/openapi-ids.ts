import type { SwaggerTransform } from '@fastify/swagger';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import pluralize from 'pluralize';
import type { EntityRegistry } from '../entities/entity.ts';
import { isOneResourceRoute, versionedEntityOf } from './etag.ts';
import { IDEMPOTENCY_HEADER } from './idempotency.ts';
import { isRateLimitExemptUrl } from './rate-limit.ts';

/**
 * What the OpenAPI document says of every operation beyond the route's own schema (docs/ARCHITECTURE.md, "OpenAPI"):
 * an `operationId` derived from the method and the path (`listOrganisations`, `getPerson`, `createPerson`,
 * `completeTask`) unless the route names one, a tag (the first path segment) unless it has some, the problem+json
 * answers it can give, and the headers of the platform (`Idempotency-Key`, `If-Match`, `If-None-Match`, `ETag`).
 * Only the document changes: validation and serialisation stay the route's.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The JSON Schema of a multipart/form-data body read by the handler itself (documented, never validated here). */
    multipartBody?: Record<string, unknown>;
    /**
     * A body the handler reads raw and decodes itself (the analytics ingestion's PostHog protocol: gzip, base64
     * forms), documented under these media types, never validated here; no Idempotency-Key.
     */
    rawBody?: { contentTypes: string[]; schema: Record<string, unknown> };
  }
}

const PREFIX = /^\/api\/v\d+/;
const isParam = (s: string) => s.startsWith(':') || s.startsWith('{');
const words = (s: string) => s.split(/[^A-Za-z0-9]+/).filter(Boolean);
const pascal = (s: string) =>
  words(s)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
const singular = (s: string) => pluralize.singular(s);
const isPlural = (s: string) => pluralize.isPlural(s) && singular(s) !== s;
const VERB: Record<string, string> = { GET: 'get', POST: 'create', PUT: 'replace', PATCH: 'update', DELETE: 'delete' };

/**
 * `GET /people` listPeople, `GET /people/{id}` getPerson, `POST /people` createPerson, `PATCH` update…, `DELETE`
 * delete…; `GET /people/{id}/organisations` listPersonOrganisations; `POST /tasks/{id}/complete` completeTask (a
 * singular last segment of a POST is its verb); `POST /people/bulk-update` bulkUpdatePeople.
 */
export function operationIdOf(method: string, url: string): string {
  const m = method.toUpperCase();
  const segs = url.replace(PREFIX, '').split('/').filter(Boolean);
  const statics = segs.filter((s) => !isParam(s));
  const last = segs.at(-1) ?? '';
  const nouns = (list: string[]) => list.map((s) => pascal(singular(s))).join('');
  const verb = VERB[m] ?? m.toLowerCase();
  if (isParam(last)) return `${verb}${nouns(statics)}`;
  const prefix = statics.slice(0, -1);
  if (isPlural(last)) {
    if (m === 'GET') return `list${nouns(prefix)}${pascal(last)}`;
    if (m === 'POST') return `create${nouns(prefix)}${pascal(singular(last))}`;
    return `${verb}${nouns(prefix)}${pascal(last)}`;
  }
  if (m !== 'POST') return `${verb}${nouns(prefix)}${pascal(last)}`;
  // An action: on one record (`/tasks/{id}/complete`) or on a collection (`/people/bulk-update`, kept plural).
  const action = words(last)
    .map((w, i) => (i === 0 ? w.toLowerCase() : pascal(w)))
    .join('');
  const onRecord = segs.length >= 2 && isParam(segs.at(-2) as string);
  return `${action}${onRecord ? nouns(prefix) : prefix.map(pascal).join('')}`;
}

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const ERRORS = {
  400: 'Invalid request: `request.validation` (with `errors`), `request.malformed`, `request.invalid_characters`…',
  401: 'Not authenticated, or the session or API key is no longer valid (`auth.*`)',
  403: 'Not allowed: role, API-key scope or missing CSRF token (`auth.forbidden`, `auth.scope_missing`, `auth.csrf`)',
  404: 'Not found, or not visible to the caller (`<entity>.not_found`)',
  409: 'Conflict with the current state; `idempotency.in_progress` (with `Retry-After`) while a request with the same Idempotency-Key runs',
  412: '`request.precondition_failed`: If-Match names another version of the record; nothing changed',
  422: '`idempotency.key_reused`: the Idempotency-Key was used for another request',
  429: '`rate_limit.exceeded` (with `Retry-After`)',
  500: '`server.error`: unexpected error (logged with the request id)',
  503: '`database.unavailable` (with `Retry-After`): the database is down for a moment (restarting or reopening); retry',
} as const;

type JsonObject = Record<string, unknown>;

/** The route's transform (fastify-type-provider-zod), then the platform's additions to the operation. */
export function openapiTransform(entities: EntityRegistry): SwaggerTransform {
  return (input) => {
    const { schema, url } = jsonSchemaTransform(input as Parameters<typeof jsonSchemaTransform>[0]);
    const s = schema as JsonObject & { hide?: boolean };
    if (s.hide) return { schema, url };
    const method = String([input.route.method].flat()[0]).toUpperCase();
    const config = (input.route.config ?? {}) as {
      auth?: unknown;
      multipartBody?: JsonObject;
      rawBody?: { contentTypes: string[]; schema: JsonObject };
    };
    const isPublic = config.auth === 'public';
    const out: JsonObject = { ...s };
    out.operationId ??= operationIdOf(method, url);
    out.tags ??= [url.replace(PREFIX, '').split('/').filter(Boolean)[0] ?? 'api'];

    const response: Record<string, JsonObject> = {};
    for (const [code, r] of Object.entries((s.response ?? {}) as Record<string, JsonObject>)) {
      // Errors are problem+json: the route's schema, under that media type.
      if (Number(code) < 400 || r.content) {
        response[code] = r;
        continue;
      }
      const { description, ...body } = r;
      const known = ERRORS[Number(code) as keyof typeof ERRORS];
      response[code] = {
        description: known ?? description ?? 'Error',
        content: { 'application/problem+json': { schema: body } },
      };
    }
    const add = (code: keyof typeof ERRORS) => {
      response[code] ??= problem(ERRORS[code]);
    };
    const headers: Record<string, JsonObject> = {};
    add(400);
    if (!isPublic) {
      add(401);
      add(403);
    }
    if (/\/[:{]/.test(url)) add(404);
    const multipart = ((s.consumes ?? []) as string[]).includes('multipart/form-data') || !!config.multipartBody;
    if (method === 'POST' && !isPublic && !multipart && !config.rawBody) {
      add(409);
      add(422);
      headers[IDEMPOTENCY_HEADER] = {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        description:
          'Makes the POST safe to retry: the same key with the same request answers the first answer again for 24 h. Not accepted on multipart uploads.',
      };
    }
    if ((method === 'PATCH' || method === 'DELETE') && versionedEntityOf(entities, url)) {
      add(412);
      headers['if-match'] = { type: 'string', description: 'ETag of the version the change is based on' };
    }
    if ((method === 'GET' || method === 'PATCH') && isOneResourceRoute(url) && response['200']) {
      response['200'] = { ...response['200'], headers: { etag: { type: 'string', description: 'Entity tag' } } };
      if (method === 'GET') {
        response['304'] = { type: 'null', description: 'Not modified: If-None-Match names the current ETag' };
        headers['if-none-match'] = { type: 'string', description: 'ETags the client holds' };
      }
    }
    if (!isRateLimitExemptUrl(url)) add(429);
    add(500);
    add(503);
    out.response = response;
    if (Object.keys(headers).length > 0) {
      const current = (s.headers ?? { type: 'object', properties: {} }) as JsonObject & { properties?: JsonObject };
      out.headers = { ...current, properties: { ...current.properties, ...headers } };
    }
    if (config.rawBody && !s.body) {
      out.body = config.rawBody.schema;
      out.consumes = config.rawBody.contentTypes;
    }
    if (config.multipartBody && !s.body) {
      out.body = config.multipartBody;
      out.consumes ??= ['multipart/form-data'];
    }
    return { schema: out, url };
  };
}
