import { type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import type { EntityDef } from '../../platform/entities/entity.ts';

export interface BinRow {
  type: string;
  id: string;
  label: string;
  deletedAt: Date;
  deletedBy: string | null;
}

/** The entities whose deleted rows the recycle bin lists (the registry's `softDelete.bin`). */
export const binnedEntities = (all: readonly EntityDef[]) => all.filter((e) => e.softDelete?.bin);

/** The rows of one entity's bin this actor may see, as a SELECT of (type, id, label, deleted_at, deleted_by). */
function binOf(e: EntityDef, actor: Actor): SQL {
  const soft = e.softDelete as NonNullable<EntityDef['softDelete']>;
  const scope = (soft.bin?.scope ? soft.bin.scope(actor) : e.scope.where(actor)) ?? sql`true`;
  return sql`select ${e.type}::text as type, ${e.id} as id, ${e.label} as label, ${soft.deletedAt} as deleted_at,
      ${soft.deletedBy ?? sql`null::uuid`} as deleted_by from ${e.table} where ${soft.deletedAt} is not null and ${scope}`;
}

/** Deleted records the actor may see, most recently deleted first, keyset-paginated on (deletedAt, id). */
export async function listBin(
  db: Queryable,
  actor: Actor,
  f: { entities: EntityDef[]; limit: number; before?: { at: string; id: string } },
): Promise<BinRow[]> {
  const parts = f.entities.map((e) => binOf(e, actor));
  const after = f.before
    ? sql`where (b.deleted_at, b.id) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`
    : sql``;
  const result = await db.execute(
    sql`select * from (${sql.join(parts, sql` union all `)}) b ${after} order by b.deleted_at desc, b.id desc limit ${f.limit + 1}`,
  );
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    type: String(r.type),
    id: String(r.id),
    label: String(r.label),
    deletedAt: r.deleted_at instanceof Date ? r.deleted_at : new Date(String(r.deleted_at)),
    deletedBy: (r.deleted_by as string | null) ?? null,
  }));
}
