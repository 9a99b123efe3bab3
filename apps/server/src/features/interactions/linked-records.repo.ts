import type { NotableEntity } from '@crm/contracts';
import { and, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';

/** The live records interactions, tasks, notes and attachments hang on. */
const tables = { organisation: organisations, person: people, mandat: mandats } as const;

export interface LinkedRecord {
  id: string;
  ownerId: string | null;
  teamId: string | null;
}

/** Ids (among `ids`) of live records of this kind the actor may see. */
export async function visibleRecordIds(
  db: Queryable,
  actor: Actor,
  kind: NotableEntity,
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table = tables[kind];
  const where: SQL[] = [inArray(table.id, ids), isNull(table.deletedAt)];
  const scope = scopeFilter(actor, table);
  if (scope) where.push(scope);
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(and(...where));
  return new Set(rows.map((r) => r.id));
}

/** One live record the actor may see, with its ownership, or null. */
export async function findLinkedRecord(
  db: Queryable,
  actor: Actor,
  kind: NotableEntity,
  id: string,
): Promise<LinkedRecord | null> {
  const table = tables[kind];
  const where: SQL[] = [eq(table.id, id), isNull(table.deletedAt)];
  const scope = scopeFilter(actor, table);
  if (scope) where.push(scope);
  const [row] = await db
    .select({ id: table.id, ownerId: table.ownerId, teamId: table.teamId })
    .from(table)
    .where(and(...where));
  return row ?? null;
}
