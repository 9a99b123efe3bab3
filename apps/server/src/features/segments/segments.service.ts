import { audit, diffFields } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import type { EntityDef, ListPage } from '../../platform/entities/entity.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import { AppError, type FieldError } from '../../platform/errors.ts';
import {
  type CreateSegmentInput,
  type SegmentDto,
  type UpdateSegmentInput,
  ViewColumnsSchema,
} from './segments.contracts.ts';
import {
  findSegment,
  insertSegment,
  listSegments,
  type SegmentRow,
  scrubSegmentTexts,
  updateSegmentRow,
} from './segments.repo.ts';

const ENTITY = 'segment';

type Entity = SegmentDto['entity'];

/** The list behind a segment's entity (the registry's `list`, for the lists that take saved views). */
function listOf(ctx: Ctx, entity: Entity): NonNullable<EntityDef['list']> {
  const list = ctx.deps.entities.byPath(entity)?.list;
  if (!list?.savedViews) throw new AppError('segment.invalid_filters', `No saved views for ${entity}`);
  return list;
}

const toDto = ({ deletedAt: _d, deletedBy: _b, ...dto }: SegmentRow): SegmentDto => dto as SegmentDto;

const invalidFilters = (fields: FieldError[]) =>
  new AppError('segment.invalid_filters', 'The filters are not valid for this list', { fields });

/**
 * The list query of stored filters: every key must be a parameter of the entity's list (no cursor or limit)
 * or `columns`, which is the saved view's and is left out of the query.
 */
function parseFilters(ctx: Ctx, entity: Entity, filters: Record<string, string>): Record<string, unknown> {
  const schema = listOf(ctx, entity)
    .query.omit({ cursor: true, limit: true })
    .extend({ columns: ViewColumnsSchema.optional() })
    .strict();
  const r = schema.safeParse(filters);
  if (!r.success) {
    throw invalidFilters(
      r.error.issues.map((i) => ({ path: ['body', 'filters', ...i.path].join('.'), message: i.message, code: i.code })),
    );
  }
  const { columns: _c, ...query } = r.data;
  return query;
}

/** Checked once, at save time: parsed, then run once for one row (a sort field must be one the list offers). */
async function checkFilters(ctx: Ctx, entity: Entity, filters: Record<string, string>): Promise<void> {
  const query = parseFilters(ctx, entity, filters);
  try {
    await listOf(ctx, entity).run(ctx, { ...query, limit: 1 });
  } catch (err) {
    if (!(err instanceof AppError && err.code.startsWith('list.'))) throw err;
    throw invalidFilters(
      (err.fields ?? []).map((f) => ({ ...f, path: f.path.replace(/^querystring\./, 'body.filters.') })),
    );
  }
}

export async function listSegmentsFor(ctx: Ctx, entity?: string) {
  return (await listSegments(ctx.deps.database.db, ctx.actor, entity)).map(toDto);
}

async function load(ctx: Ctx, id: string): Promise<SegmentRow> {
  const row = await findSegment(ctx.deps.database.db, ctx.actor, id);
  if (!row) throw new AppError('segment.not_found', `Segment ${id} was not found`);
  return row;
}

export const getSegment = async (ctx: Ctx, id: string) => toDto(await load(ctx, id));

export async function createSegment(ctx: Ctx, input: CreateSegmentInput): Promise<SegmentDto> {
  await checkFilters(ctx, input.entity, input.filters);
  return withTx(ctx, async (t) => {
    const row = await insertSegment(t.db, { ...input, ownerId: ctx.actor.userId, teamId: ctx.actor.teamId });
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, toDto(row)) });
    return toDto(row);
  });
}

/** Only the owner (or an admin) changes or deletes a segment; the team only uses shared ones. */
function assertOwner(ctx: Ctx, row: SegmentRow) {
  if (ctx.actor.role !== 'admin' && row.ownerId !== ctx.actor.userId) {
    throw new AppError('auth.forbidden', 'Only the owner of a segment may change it');
  }
}

export async function updateSegment(ctx: Ctx, id: string, patch: UpdateSegmentInput): Promise<SegmentDto> {
  // Outside the transaction: the check runs the list, which on PGlite's one connection would wait for it.
  if (patch.filters) await checkFilters(ctx, (await load(ctx, id)).entity, patch.filters);
  return withTx(ctx, async (t) => {
    const before = await findSegment(t.db, ctx.actor, id);
    if (!before) throw new AppError('segment.not_found', `Segment ${id} was not found`);
    assertOwner(ctx, before);
    // An empty patch changes nothing (and an UPDATE without columns is not valid SQL).
    if (Object.values(patch).every((v) => v === undefined)) return toDto(before);
    const changes = diffFields(toDto(before), patch);
    const row = await updateSegmentRow(t.db, id, patch);
    await audit(t, { entityType: ENTITY, entityId: id, action: 'update', changes });
    return toDto(row);
  });
}

export async function deleteSegment(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const before = await findSegment(t.db, ctx.actor, id);
    if (!before) throw new AppError('segment.not_found', `Segment ${id} was not found`);
    assertOwner(ctx, before);
    await updateSegmentRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
  });
}

/** The records a segment selects, for the caller: the list runs with the caller's own scope and the stored sort. */
export async function segmentMembers(ctx: Ctx, id: string, page: { limit: number; cursor?: string }) {
  const row = await load(ctx, id);
  const filter = parseFilters(ctx, row.entity, row.filters as Record<string, string>);
  const r = (await listOf(ctx, row.entity).run(ctx, { ...filter, ...page })) as ListPage & { total: number };
  return { items: (r.rows ?? r.items ?? []) as Record<string, unknown>[], nextCursor: r.nextCursor, total: r.total };
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the saved views (names, filters such as a search text), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubSegmentsOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubSegmentTexts(t.db, erasureSql(erasure), opts);
}
