/**
 * `?expand=` on lists (docs/ARCHITECTURE.md, "Lists"): related records added to each item of a page, each relation
 * resolved in one query for the whole page (never one per row), within the caller's scope: an organisation the caller
 * may not see (or binned) is `null`, as is an owner outside their user directory. Applied by the list routes, so
 * exports and saved views keep their own parameters.
 */
import type { FastifyRequest } from 'fastify';
import type { Ctx } from '../context.ts';
import { directoryUsers, visibleRecordLabels } from './records.repo.ts';

/** Whether a request asks for expansions: the read cache skips it (`RouteCacheSpec.skipWhen`). */
export const asksExpand = (req: FastifyRequest): boolean => !!(req.query as { expand?: unknown } | undefined)?.expand;

/** Resolves one relation for a page: the value of each row, by row id (a row absent from the map gets null). */
export type Expander<R> = (ctx: Ctx, rows: readonly R[]) => Promise<Map<string, unknown>>;

/** The rows with each asked relation added (`row[name]`), in the order given. */
export async function expandRows<R extends { id: string }>(
  ctx: Ctx,
  rows: R[],
  expand: readonly string[] | undefined,
  expanders: Record<string, Expander<R>>,
): Promise<R[]> {
  if (!expand?.length || rows.length === 0) return rows;
  const out = rows.map((r) => ({ ...r }) as Record<string, unknown>);
  for (const name of new Set(expand)) {
    const expander = expanders[name];
    if (!expander) continue; // the query schema allowed only the list's own names
    const values = await expander(ctx, rows);
    for (const row of out) row[name] = values.get(row.id as string) ?? null;
  }
  return out as R[];
}

const distinct = (values: (string | null | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];

/** `owner`: the user of the row's `ownerId`. */
export function ownerExpander<R extends { id: string; ownerId: string | null }>(): Expander<R> {
  return async (ctx, rows) => {
    const found = await directoryUsers(ctx.deps.database.db, ctx.actor, distinct(rows.map((r) => r.ownerId)));
    return new Map(rows.map((r) => [r.id, r.ownerId ? (found.get(r.ownerId) ?? null) : null]));
  };
}

/** A record of the registry's entity `type` that the row points to with `key` (`organisationId`): `{ id, name }`. */
export function recordExpander<R extends { id: string }>(type: string, key: keyof R & string): Expander<R> {
  return async (ctx, rows) => {
    const entity = ctx.deps.entities.byType(type);
    if (!entity) throw new Error(`expand: no entity "${type}" in the registry`);
    const idOf = (r: R) => (r[key] as string | null | undefined) ?? null;
    const labels = await visibleRecordLabels(ctx.deps.database.db, entity, ctx.actor, distinct(rows.map(idOf)));
    return new Map(
      rows.map((r) => {
        const id = idOf(r);
        const name = id ? labels.get(id) : undefined;
        return [r.id, id && name !== undefined ? { id, name } : null];
      }),
    );
  };
}
