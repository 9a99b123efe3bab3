import type { FastifySchemaCompiler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { $ZodType } from 'zod/v4/core';
import type { Ctx } from '../context.ts';
import { AppError } from '../errors.ts';
import { boolQuery } from './list.ts';
import { ProblemSchema } from './problem.schema.ts';
import { checkBodyPart, strictValidatorCompiler } from './strict-input.ts';
import { strictSchema } from './strict-schema.ts';

/** Most items one batch may carry (as many as a bulk action's ids). */
export const MAX_BATCH_ITEMS = 500;

const batchResult = z.object({
  index: z.number().int().describe('Position of the item in `items`, from 0'),
  status: z
    .enum(['created', 'updated', 'failed'])
    .describe(
      '`created`; `updated`: an existing record matched (the upsert’s match, changed where the item differs; an ' +
        'interaction whose externalSource + externalId exists is returned as it is); `failed`: see `code`',
    ),
  id: z.uuid().optional().describe('The record created or matched'),
  code: z.string().optional().describe('Why the item failed: the code the one-record route would answer'),
  message: z.string().optional(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() }))
    .optional()
    .describe('The invalid fields of the item (`body.items.3.email`)'),
});

export const BatchReportSchema = z
  .object({
    results: z.array(batchResult).describe('One entry per item, in the order of `items`'),
    created: z.number().int(),
    updated: z.number().int(),
    failed: z.number().int(),
  })
  .meta({ id: 'BatchReport' });
export type BatchReport = z.infer<typeof BatchReportSchema>;
type BatchResult = z.infer<typeof batchResult>;

const tooManyItems = (n: number) =>
  new AppError('batch.too_many_items', `A batch holds at most ${MAX_BATCH_ITEMS} items; this one has ${n}`, {
    status: 400,
    fields: [{ path: 'body.items', message: `at most ${MAX_BATCH_ITEMS} items`, code: 'too_many_items' }],
  });

/**
 * The envelope `{ items: [...] }`, checked strictly (an unknown property besides `items` is refused) while each item
 * is left to the handler: one bad item fails alone. More than MAX_BATCH_ITEMS answer 400 `batch.too_many_items`.
 */
const envelope = z.object({ items: z.array(z.unknown()).min(1) });
// biome-ignore lint/suspicious/noExplicitAny: a route's compiler gets that route's schema (here, a Zod one)
const envelopeCompiler: FastifySchemaCompiler<any> = (route) => {
  if (route.httpPart !== 'body') return strictValidatorCompiler(route);
  const check = strictValidatorCompiler({ ...route, schema: envelope }) as (data: unknown) => {
    value?: { items: unknown[] };
    error?: Error;
  };
  return (data: unknown) => {
    const result = check(data);
    if (result.value && result.value.items.length > MAX_BATCH_ITEMS) {
      return { error: tooManyItems(result.value.items.length) };
    }
    return result;
  };
};

/** What one item became: its record's id, and whether it was created or an existing one matched. */
export interface BatchOutcome {
  id: string;
  created: boolean;
}

/**
 * `POST /<path>/batch`: creates up to MAX_BATCH_ITEMS records from their one-record service function, each item
 * validated on its own against the create body and written in its own transaction (the service's), so a bad or
 * refused item fails alone with the code the one-record route would answer, and the others are written. Answers 200
 * with a per-item report. `?upsert=true` (when the entity has one) runs the upsert of each item instead
 * (docs/DOMAIN.md, "Upsert"). An `Idempotency-Key` works as on any POST: a replay answers the stored report.
 */
export function batchRoutes<C extends z.ZodType, U extends z.ZodType>(def: {
  path: string;
  tag: string;
  operationId: string;
  create: { item: C; run(ctx: Ctx, input: z.infer<C>): Promise<BatchOutcome> };
  upsert?: { item: U; run(ctx: Ctx, input: z.infer<U>): Promise<BatchOutcome>; match: string };
}): FastifyPluginAsyncZod {
  const createItem = strictSchema(def.create.item as unknown as $ZodType);
  const upsertItem = def.upsert ? strictSchema(def.upsert.item as unknown as $ZodType) : null;
  const querystring = def.upsert
    ? z.object({
        upsert: boolQuery
          .optional()
          .describe(`true: each item is an upsert (matched on ${def.upsert.match}; see PUT /${def.path}/upsert)`),
      })
    : undefined;
  return async (app) => {
    app.post(
      `/${def.path}/batch`,
      {
        config: { auth: { scope: 'write' } },
        validatorCompiler: envelopeCompiler,
        schema: {
          operationId: def.operationId,
          tags: [def.tag],
          summary: `Create up to ${MAX_BATCH_ITEMS} ${def.path}, each item on its own; per-item report`,
          description:
            `Each item is a body of \`POST /${def.path}\`${def.upsert ? ` (with \`?upsert=true\`, of \`PUT /${def.path}/upsert\`)` : ''}, ` +
            'validated on its own and written in its own transaction, with the rights, audit rows and events of the ' +
            'one-record route: an invalid or refused item is reported `failed` with the code that route would answer ' +
            `and the others are written. More than ${MAX_BATCH_ITEMS} items: 400 \`batch.too_many_items\`. ` +
            'Answers 200 even when items failed.',
          ...(querystring ? { querystring } : {}),
          body: z.object({ items: z.array(def.create.item).min(1).max(MAX_BATCH_ITEMS) }),
          response: { 200: BatchReportSchema, 400: ProblemSchema },
        },
      },
      async (req) => {
        const upsert = (req.query as { upsert?: boolean } | undefined)?.upsert === true && !!def.upsert;
        const items = (req.body as { items: unknown[] }).items;
        const results: BatchResult[] = [];
        for (const [index, raw] of items.entries()) {
          const parsed = checkBodyPart(upsert ? (upsertItem as $ZodType) : createItem, raw, ['items', index]);
          if (parsed.error) {
            results.push(failure(index, parsed.error));
            continue;
          }
          try {
            const out = upsert
              ? await (def.upsert as NonNullable<typeof def.upsert>).run(req.ctx, parsed.value as z.infer<U>)
              : await def.create.run(req.ctx, parsed.value as z.infer<C>);
            results.push({ index, status: out.created ? 'created' : 'updated', id: out.id });
          } catch (err) {
            if (err instanceof AppError) {
              results.push(failure(index, err));
              continue;
            }
            // Rows before this one are committed: the report says which, rather than a 500 that hides them.
            req.log.error({ err, index }, 'batch item failed unexpectedly');
            results.push({ index, status: 'failed', code: 'internal.error', message: 'Unexpected error' });
          }
        }
        const count = (s: BatchResult['status']) => results.filter((r) => r.status === s).length;
        return { results, created: count('created'), updated: count('updated'), failed: count('failed') };
      },
    );
  };
}

function failure(index: number, err: AppError): BatchResult {
  return {
    index,
    status: 'failed',
    code: err.code,
    message: err.message,
    ...(err.fields?.length ? { errors: err.fields } : {}),
  };
}
