import type { Ctx } from '../context.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../errors.ts';
import type { EntityDef } from './entity.ts';
import { findVisibleRecord, type RecordOwnership, visibleRecordIds } from './records.repo.ts';

function entity(ctx: Ctx, type: string): EntityDef {
  const e = ctx.deps.entities.byType(type);
  if (!e) throw new Error(`entity registry: no entity "${type}"`);
  return e;
}

/**
 * Every hub record a record links to (`<type>Id` fields: `organisationId`, ...) must exist (live) and be visible to
 * the caller, so that a record cannot point at, or reveal the existence of, something the caller may not see.
 * Throws 400 `<feature>.link_not_found` naming the failing field.
 */
export async function assertLinksVisible(
  db: Queryable,
  ctx: Ctx,
  links: Record<string, unknown>,
  feature: string,
): Promise<void> {
  for (const hub of ctx.deps.entities.all.filter((e) => e.hub)) {
    const field = `${hub.type}Id`;
    const id = links[field];
    if (typeof id !== 'string' || !id) continue;
    const found = await visibleRecordIds(db, hub, ctx.actor, [id]);
    if (!found.has(id)) throw linkNotFound(feature, `body.${field}`, `No ${hub.type} ${id}`);
  }
}

/** Records of one type a record names in a list (the participants of an interaction) must all exist and be visible. */
export async function assertAllVisible(
  db: Queryable,
  ctx: Ctx,
  input: { type: string; ids: string[]; feature: string; path: string },
): Promise<void> {
  const unique = [...new Set(input.ids)];
  const found = await visibleRecordIds(db, entity(ctx, input.type), ctx.actor, unique);
  const missing = unique.filter((id) => !found.has(id));
  if (missing.length) throw linkNotFound(input.feature, input.path, `No ${input.type} ${missing.join(', ')}`);
}

/** The live record of a hub the caller may see, with its ownership, or null (notes, attachments, timelines). */
export function findHubRecord(ctx: Ctx, db: Queryable, type: string, id: string): Promise<RecordOwnership | null> {
  return findVisibleRecord(db, entity(ctx, type), ctx.actor, id);
}

function linkNotFound(feature: string, path: string, message: string): AppError {
  return new AppError(`${feature}.link_not_found`, message, {
    status: 400,
    fields: [{ path, message: 'not found or not visible', code: 'link_not_found' }],
  });
}
