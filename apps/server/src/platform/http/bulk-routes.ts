import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertMayBulkDelete, forEachRow } from '../bulk.ts';
import type { Ctx, Role } from '../context.ts';
import { AppError } from '../errors.ts';
import { bulkIds, bulkReport } from './list.ts';

type Row = Record<string, unknown>;

/** What a bulk update answers: the per-row report, plus each updated row's values from before (for an undo). */
export const bulkUpdateReport = bulkReport.extend({
  previous: z
    .record(z.string(), z.record(z.string(), z.unknown()))
    .describe(
      'For each updated row (by id): the values the change replaced, as the record showed them; send them back with bulk-patch to undo',
    ),
});

/** Tags added to and removed from each row's own list (compared without case or accents). */
const tagsChange = z
  .object({
    add: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
    remove: z.array(z.string().trim().min(1).max(60)).max(50).default([]),
  })
  .describe('Tags added to and removed from each row’s own tags (case and accents ignored)');

const tagKey = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** A row's tags with `change` applied: removals first, then the additions it lacks, in its order. */
export function changedTags(current: readonly string[], change: { add: string[]; remove: string[] }): string[] {
  const removed = new Set(change.remove.map(tagKey));
  const kept = current.filter((t) => !removed.has(tagKey(t)));
  for (const t of change.add) if (!kept.some((k) => tagKey(k) === tagKey(t))) kept.push(t);
  return kept;
}

/** The row's values of the keys a patch names (null for one the record lacks). */
const valuesOf = (row: Row, keys: string[]) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));

/** A patch that fails the entity's PATCH schema, reported on its row rather than failing the whole request. */
function parsePatch<P extends z.ZodType>(schema: P, patch: unknown): z.infer<P> {
  const r = schema.safeParse(patch);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.join('.') || 'patch'}: ${i.message}`).join('; ');
  throw new AppError('request.validation', `Invalid patch: ${issues}`, { status: 400 });
}

/**
 * `POST /<path>/bulk-update`, `POST /<path>/bulk-patch` and `POST /<path>/bulk-delete` for an entity, from its one-row
 * service functions: each row in its own transaction, with a per-row report. Bulk update answers each updated row's
 * previous values; bulk patch sends each row its own change (the undo of a bulk update). Bulk delete is for managers
 * and admins. `tags`: the entity has a tag list, which bulk update can add to and remove from row by row.
 */
export function bulkRoutes<P extends z.ZodType>(def: {
  path: string;
  tag: string;
  patch: P;
  roles?: Role[];
  tags?: boolean;
  get(ctx: Ctx, id: string): Promise<object>;
  update(ctx: Ctx, id: string, patch: z.infer<P>): Promise<unknown>;
  remove(ctx: Ctx, id: string): Promise<unknown>;
}): FastifyPluginAsyncZod {
  const config = { auth: { scope: 'write' as const, ...(def.roles ? { roles: def.roles } : {}) } };
  const updateBody = z.object({
    ids: bulkIds,
    patch: def.patch,
    ...(def.tags ? { tags: tagsChange.optional() } : {}),
  });
  return async (app) => {
    app.post(
      `/${def.path}/bulk-update`,
      {
        config,
        schema: {
          tags: [def.tag],
          summary: `Apply one change to many ${def.path}; per-row report with the values replaced`,
          description:
            'Each row is read, then changed in its own transaction. `previous` holds, for each updated row, the values of the changed fields before the change (an undo sends them back with bulk-patch).',
          body: updateBody,
          response: { 200: bulkUpdateReport },
        },
      },
      async (req) => {
        const body = req.body as { ids: string[]; patch: z.infer<P>; tags?: z.infer<typeof tagsChange> };
        const previous: Record<string, Row> = {};
        const report = await forEachRow(body.ids, async (id) => {
          const before = (await def.get(req.ctx, id)) as Row;
          let patch = body.patch as Row;
          if (body.tags && (body.tags.add.length || body.tags.remove.length)) {
            const tags = changedTags((before.tags as string[] | undefined) ?? [], body.tags);
            patch = parsePatch(def.patch, { ...patch, tags }) as Row;
          }
          await def.update(req.ctx, id, patch as z.infer<P>);
          previous[id] = valuesOf(before, Object.keys(patch));
        });
        const records = Object.keys(previous).length;
        if (records > 0) {
          const fields = Object.keys(body.patch as Row).length + (body.tags ? 1 : 0);
          req.ctx.deps.analytics?.capture(req.ctx.actor.userId, 'bulk_edit_applied', {
            entity: def.path,
            records,
            fields,
          });
        }
        return { ...report, previous };
      },
    );
    app.post(
      `/${def.path}/bulk-patch`,
      {
        config,
        schema: {
          tags: [def.tag],
          summary: `Apply its own change to each of many ${def.path}; per-row report`,
          description:
            'Each row gets its own PATCH body (checked row by row: an invalid one fails that row with `request.validation`), in its own transaction. The undo of a bulk update sends its `previous` values here.',
          body: z.object({
            rows: z
              .array(
                z.object({
                  id: z.uuid(),
                  patch: z.record(z.string(), z.unknown()).describe(`A PATCH body of one of the ${def.path}`),
                }),
              )
              .min(1)
              .max(500),
          }),
          response: { 200: bulkReport },
        },
      },
      async (req) => {
        const patches = new Map(req.body.rows.map((r) => [r.id, r.patch]));
        return forEachRow([...patches.keys()], (id) => def.update(req.ctx, id, parsePatch(def.patch, patches.get(id))));
      },
    );
    app.post(
      `/${def.path}/bulk-delete`,
      {
        config,
        schema: {
          tags: [def.tag],
          summary: `Move many ${def.path} to the recycle bin (managers and admins); per-row report`,
          body: z.object({ ids: bulkIds }),
          response: { 200: bulkReport },
        },
      },
      async (req) => {
        assertMayBulkDelete(req.ctx);
        return forEachRow(req.body.ids, (id) => def.remove(req.ctx, id));
      },
    );
  };
}
