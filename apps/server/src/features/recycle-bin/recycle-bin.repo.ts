import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import { type Queryable, rowsOf } from '../../platform/db/client.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';
import { produits } from '../produits/produits.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';

export const BIN_TYPES = ['organisation', 'person', 'mandat', 'interaction', 'task', 'produit'] as const;
export type BinType = (typeof BIN_TYPES)[number];

interface Binned {
  table: PgTable;
  id: AnyPgColumn;
  deletedAt: AnyPgColumn;
  deletedBy: AnyPgColumn;
  label: SQL;
  scope(actor: Actor): SQL | undefined;
}

const sources: Record<BinType, Binned> = {
  organisation: {
    table: organisations,
    id: organisations.id,
    deletedAt: organisations.deletedAt,
    deletedBy: organisations.deletedBy,
    label: sql`${organisations.name}`,
    scope: (a) => scopeFilter(a, organisations),
  },
  person: {
    table: people,
    id: people.id,
    deletedAt: people.deletedAt,
    deletedBy: people.deletedBy,
    label: sql`${people.firstName} || ' ' || ${people.lastName}`,
    scope: (a) => scopeFilter(a, people),
  },
  mandat: {
    table: mandats,
    id: mandats.id,
    deletedAt: mandats.deletedAt,
    deletedBy: mandats.deletedBy,
    label: sql`${mandats.title}`,
    scope: (a) => scopeFilter(a, mandats),
  },
  interaction: {
    table: interactions,
    id: interactions.id,
    deletedAt: interactions.deletedAt,
    deletedBy: interactions.deletedBy,
    label: sql`${interactions.title}`,
    scope: (a) => scopeFilter(a, interactions),
  },
  task: {
    table: tasks,
    id: tasks.id,
    deletedAt: tasks.deletedAt,
    deletedBy: tasks.deletedBy,
    label: sql`${tasks.title}`,
    scope: (a) => scopeFilter(a, tasks),
  },
  produit: {
    table: produits,
    id: produits.id,
    deletedAt: produits.deletedAt,
    deletedBy: produits.deletedBy,
    label: sql`${produits.name} || ' (' || ${produits.isin} || ')'`,
    // The catalogue is shared, but only those who may edit it see its bin.
    scope: (a) => (a.role === 'admin' || a.role === 'manager' || a.type === 'system' ? undefined : sql`false`),
  },
};

export interface BinRow {
  type: BinType;
  id: string;
  label: string;
  deletedAt: Date;
  deletedBy: string | null;
}

/** Deleted records the actor may see, most recently deleted first, keyset-paginated on (deletedAt, id). */
export async function listBin(
  db: Queryable,
  actor: Actor,
  f: { types: BinType[]; limit: number; before?: { at: string; id: string } },
): Promise<BinRow[]> {
  const parts = f.types.map((type) => {
    const s = sources[type];
    const scope = s.scope(actor) ?? sql`true`;
    return sql`select ${type}::text as type, ${s.id} as id, ${s.label} as label, ${s.deletedAt} as deleted_at,
        ${s.deletedBy} as deleted_by from ${s.table} where ${s.deletedAt} is not null and ${scope}`;
  });
  const after = f.before
    ? sql`where (b.deleted_at, b.id) < (${f.before.at}::timestamptz, ${f.before.id}::uuid)`
    : sql``;
  const result = await db.execute(
    sql`select * from (${sql.join(parts, sql` union all `)}) b ${after} order by b.deleted_at desc, b.id desc limit ${f.limit + 1}`,
  );
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    type: r.type as BinType,
    id: String(r.id),
    label: String(r.label),
    deletedAt: r.deleted_at instanceof Date ? r.deleted_at : new Date(String(r.deleted_at)),
    deletedBy: (r.deleted_by as string | null) ?? null,
  }));
}
