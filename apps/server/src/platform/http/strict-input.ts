import type { FastifyInstance, FastifyRequest, FastifySchema, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { type $ZodIssue, type $ZodType, safeParse } from 'zod/v4/core';
import { AppError, type FieldError } from '../errors.ts';
import { strictSchema, unknownKeyPaths } from './strict-schema.ts';

/**
 * Strict input, once for every route (docs/ARCHITECTURE.md "Errors"): an unknown query parameter is refused with 400
 * `request.unknown_parameter`, an unknown property of a JSON body with 400 `request.unknown_property`, each naming the
 * field (`querystring.ownr`, `body.patch.colour`), so a typo never widens a filter nor drops a value silently. Action
 * routes (POST without a body, or with an all-optional one) take an empty body: no body, or `application/json` of
 * zero bytes.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A route whose query string is open-ended (any parameter is accepted and ignored): a documented exception. */
    openQuery?: boolean;
  }
}

type Part = 'querystring' | 'body';
const PARTS = { querystring: 'parameter', body: 'property' } as const;

const joinPath = (part: Part, path: readonly PropertyKey[]) => [part, ...path.map(String)].join('.');

/** 400 `request.unknown_parameter` / `request.unknown_property`, one field error a name. */
export function unknownInput(part: Part, paths: readonly (readonly PropertyKey[])[]): AppError {
  const kind = PARTS[part];
  const fields: FieldError[] = paths.map((p) => ({
    path: joinPath(part, p),
    message: `unknown ${kind}`,
    code: `unknown_${kind}`,
  }));
  const names = fields.map((f) => f.path.slice(part.length + 1)).join(', ');
  return new AppError(
    `request.unknown_${kind}`,
    `Unknown ${part === 'body' ? 'body property' : 'query parameter'}${fields.length > 1 ? 's' : ''}: ${names}`,
    { fields },
  );
}

/** The issues of a failed parse, each unknown key a field of its own, as `request.validation`. */
function invalidInput(part: Part, issues: readonly $ZodIssue[]): AppError {
  const kind = PARTS[part];
  const fields: FieldError[] = issues.flatMap((i): FieldError[] =>
    i.code === 'unrecognized_keys'
      ? i.keys.map((k) => ({
          path: joinPath(part, [...i.path, k]),
          message: `unknown ${kind}`,
          code: `unknown_${kind}`,
        }))
      : [{ path: joinPath(part, i.path), message: i.message, code: i.code }],
  );
  return new AppError(
    'request.validation',
    `The request is invalid: ${fields.map((f) => `${f.path}: ${f.message}`).join('; ')}`,
    { fields },
  );
}

/**
 * The validator compiler of the app: Zod's (fastify-type-provider-zod), with the query and the body checked against
 * the strict copy of their schema (`strictSchema`); when unknown keys are all that is wrong, the answer names them. A missing body (Fastify hands `null`) is checked as `{}`: an
 * all-optional body may be left out, and a required one answers which fields it lacks.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<$ZodType> = (route) => {
  const { schema, httpPart } = route;
  if (httpPart !== 'querystring' && httpPart !== 'body') return validatorCompiler(route);
  const part: Part = httpPart;
  const strict = strictSchema(schema);
  return (data: unknown) => {
    const input = part === 'body' && (data === null || data === undefined) ? {} : data;
    const result = safeParse(strict, input);
    if (result.success) return { value: result.data };
    const unknown = unknownKeyPaths(result.error.issues);
    if (unknown && unknown.length > 0) return { error: unknownInput(part, unknown) };
    return { error: invalidInput(part, result.error.issues) };
  };
};

/**
 * Checks one part of a body on its own against the strict copy of `schema` (made once with `strictSchema`), the
 * answer naming its fields from the body's root (`at` = `['items', 3]` gives `body.items.3.email`): the items of a
 * batch, each valid or refused alone (platform/http/batch-routes.ts).
 */
export function checkBodyPart(
  strict: $ZodType,
  data: unknown,
  at: readonly PropertyKey[],
): { value: unknown; error?: undefined } | { error: AppError } {
  const result = safeParse(strict, data);
  if (result.success) return { value: result.data };
  const issues = result.error.issues.map((i) => ({ ...i, path: [...at, ...i.path] }) as $ZodIssue);
  const unknown = unknownKeyPaths(issues);
  if (unknown && unknown.length > 0) return { error: unknownInput('body', unknown) };
  return { error: invalidInput('body', issues) };
}

const hasKeys = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length > 0;

/**
 * A `preValidation` hook of the API for routes without a query or a body schema: they take no parameter and no
 * JSON property (`{}` and no body are fine); `config.openQuery` opens a route's query string on purpose.
 */
export async function refuseInputWithoutSchema(req: FastifyRequest): Promise<void> {
  const schema = req.routeOptions.schema as FastifySchema | undefined;
  if (!schema?.querystring && !req.routeOptions.config.openQuery && hasKeys(req.query)) {
    throw unknownInput(
      'querystring',
      Object.keys(req.query).map((k) => [k]),
    );
  }
  // A raw body (`config.rawBody`) is the handler's to read and check.
  if (!schema?.body && !req.routeOptions.config.rawBody && req.body !== undefined && req.body !== null) {
    if (hasKeys(req.body))
      throw unknownInput(
        'body',
        Object.keys(req.body).map((k) => [k]),
      );
    if (typeof req.body !== 'object' || Array.isArray(req.body)) {
      throw new AppError('request.validation', 'This operation takes no body', {
        fields: [{ path: 'body', message: 'this operation takes no body', code: 'unexpected_body' }],
      });
    }
  }
}

/**
 * JSON bodies as Fastify parses them (secure-json-parse, prototype poisoning refused), except that an empty one
 * (zero bytes, or only white space) is no body rather than FST_ERR_CTP_EMPTY_JSON_BODY: clients that always send
 * `Content-Type: application/json` can call action routes.
 */
export function acceptEmptyJsonBody(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    return parseJson(req, body as string, done);
  });
}
