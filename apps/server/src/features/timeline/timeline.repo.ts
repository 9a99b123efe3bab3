import { type SQL, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/client.ts';
import type { EntityDef, EntityRegistry } from '../../platform/entities/entity.ts';

/** The kind of the audit trail's field changes, which every hub's timeline has. */
export const CHANGE_KIND = 'change';

export interface TimelineRow {
  kind: string;
  id: string;
  at: Date;
  title: string;
  body: string | null;
  actorId: string | null;
  data: Record<string, unknown>;
}

type Rows = (actor: Actor, hubType: string, hubId: string) => SQL;

/** The kinds of timeline items the registered entities contribute, then the field changes. */
export function timelineSources(entities: EntityRegistry): Map<string, Rows> {
  const sources = new Map<string, Rows>();
  for (const e of entities.all) for (const t of e.timeline ?? []) sources.set(t.kind, t.rows);
  sources.set(CHANGE_KIND, (_actor, hubType, id) => fieldChangesOf(hubType, id));
  return sources;
}

/** The hubs: the records with a timeline (other records hang on them). */
export const hubsOf = (entities: EntityRegistry): EntityDef[] => entities.all.filter((e) => e.hub);

function fieldChangesOf(hubType: string, id: string): SQL {
  return sql`select 'change', ${auditLog.id}, ${auditLog.occurredAt}, ${auditLog.action}, null, ${auditLog.actorUserId},
      jsonb_build_object('changes', ${auditLog.changes})
    from ${auditLog} where ${auditLog.entityType} = ${hubType} and ${auditLog.entityId} = ${id}
      and ${auditLog.action} in ('update', 'merge', 'restore', 'anonymise')`;
}

/** One page of the timeline, newest first, keyset-paginated on (at, id). */
export async function timelinePage(
  db: Queryable,
  actor: Actor,
  input: {
    sources: Map<string, Rows>;
    hubType: string;
    id: string;
    kinds: string[];
    limit: number;
    before?: { at: string; id: string };
  },
): Promise<TimelineRow[]> {
  const parts = input.kinds.map((k) => (input.sources.get(k) as Rows)(actor, input.hubType, input.id));
  const union = sql.join(parts, sql` union all `);
  const after = input.before
    ? sql`where (t.at, t.id::text) < (${input.before.at}::timestamptz, ${input.before.id})`
    : sql``;
  const result = await db.execute(
    sql`select * from (${union}) as t(kind, id, at, title, body, actor_id, data) ${after}
        order by t.at desc, t.id::text desc limit ${input.limit + 1}`,
  );
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    kind: String(r.kind),
    id: String(r.id),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    title: String(r.title ?? ''),
    body: (r.body as string | null) ?? null,
    actorId: (r.actor_id as string | null) ?? null,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  }));
}
