import { eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import { mandatStageChanges, mandats } from '../mandats/mandats.schema.ts';
import { notes } from '../notes/notes.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';

export const TIMELINE_PARENTS = ['organisation', 'person', 'mandat'] as const;
export type TimelineParent = (typeof TIMELINE_PARENTS)[number];
export const TIMELINE_KINDS = ['interaction', 'note', 'task', 'stage_change', 'change'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export interface TimelineRow {
  kind: TimelineKind;
  id: string;
  at: Date;
  title: string;
  body: string | null;
  actorId: string | null;
  data: Record<string, unknown>;
}

const scoped = (actor: Actor, table: { ownerId: AnyPgColumn; teamId: AnyPgColumn }) =>
  scopeFilter(actor, table) ?? sql`true`;

function interactionsOf(actor: Actor, parent: TimelineParent, id: string): SQL {
  const link =
    parent === 'organisation'
      ? eq(interactions.organisationId, id)
      : parent === 'mandat'
        ? eq(interactions.mandatId, id)
        : or(
            eq(interactions.personId, id),
            sql`exists (select 1 from ${interactionParticipants} p where p.interaction_id = ${interactions.id} and p.person_id = ${id})`,
          );
  return sql`select 'interaction' as kind, ${interactions.id} as id, ${interactions.occurredAt} as at,
      ${interactions.title} as title, ${interactions.body} as body, ${interactions.createdBy} as actor_id,
      jsonb_build_object('type', ${interactions.type}, 'direction', ${interactions.direction},
        'durationMinutes', ${interactions.durationMinutes}, 'outcome', ${interactions.outcome},
        'organisationId', ${interactions.organisationId}, 'personId', ${interactions.personId},
        'mandatId', ${interactions.mandatId}) as data
    from ${interactions} where ${isNull(interactions.deletedAt)} and ${link} and ${scoped(actor, interactions)}`;
}

function notesOf(actor: Actor, parent: TimelineParent, id: string): SQL {
  return sql`select 'note', ${notes.id}, ${notes.createdAt}, '', ${notes.body}, ${notes.createdBy}, '{}'::jsonb
    from ${notes} where ${isNull(notes.deletedAt)} and ${notes.entityType} = ${parent} and ${notes.entityId} = ${id}
      and ${scoped(actor, notes)}`;
}

function tasksOf(actor: Actor, parent: TimelineParent, id: string): SQL {
  const col = parent === 'organisation' ? tasks.organisationId : parent === 'person' ? tasks.personId : tasks.mandatId;
  const visible = actor.userId ? or(scoped(actor, tasks), eq(tasks.assigneeId, actor.userId)) : scoped(actor, tasks);
  return sql`select 'task', ${tasks.id}, coalesce(${tasks.completedAt}, ${tasks.createdAt}), ${tasks.title},
      ${tasks.description}, ${tasks.createdBy},
      jsonb_build_object('status', ${tasks.status}, 'priority', ${tasks.priority}, 'category', ${tasks.category},
        'dueAt', ${tasks.dueAt}, 'assigneeId', ${tasks.assigneeId})
    from ${tasks} where ${isNull(tasks.deletedAt)} and ${eq(col, id)} and ${visible}`;
}

function stageChangesOf(actor: Actor, parent: TimelineParent, id: string): SQL {
  const link =
    parent === 'mandat'
      ? eq(mandats.id, id)
      : parent === 'organisation'
        ? eq(mandats.organisationId, id)
        : eq(mandats.primaryContactId, id);
  return sql`select 'stage_change', ${mandatStageChanges.id}, ${mandatStageChanges.changedAt}, ${mandats.title}, null,
      ${mandatStageChanges.changedBy},
      jsonb_build_object('mandatId', ${mandats.id}, 'from', ${mandatStageChanges.fromStage}, 'to', ${mandatStageChanges.toStage})
    from ${mandatStageChanges} join ${mandats} on ${mandats.id} = ${mandatStageChanges.mandatId}
    where ${isNull(mandats.deletedAt)} and ${link} and ${scoped(actor, mandats)}`;
}

function fieldChangesOf(parent: TimelineParent, id: string): SQL {
  return sql`select 'change', ${auditLog.id}, ${auditLog.occurredAt}, ${auditLog.action}, null, ${auditLog.actorUserId},
      jsonb_build_object('changes', ${auditLog.changes})
    from ${auditLog} where ${auditLog.entityType} = ${parent} and ${auditLog.entityId} = ${id}
      and ${auditLog.action} in ('update', 'merge', 'restore', 'anonymise')`;
}

const builders: Record<TimelineKind, (actor: Actor, parent: TimelineParent, id: string) => SQL> = {
  interaction: interactionsOf,
  note: notesOf,
  task: tasksOf,
  stage_change: stageChangesOf,
  change: (_actor, parent, id) => fieldChangesOf(parent, id),
};

/** One page of the timeline, newest first, keyset-paginated on (at, id). */
export async function timelinePage(
  db: Queryable,
  actor: Actor,
  input: {
    parent: TimelineParent;
    id: string;
    kinds: TimelineKind[];
    limit: number;
    before?: { at: string; id: string };
  },
): Promise<TimelineRow[]> {
  const parts = input.kinds.map((k) => builders[k](actor, input.parent, input.id));
  const union = sql.join(parts, sql` union all `);
  const after = input.before
    ? sql`where (t.at, t.id::text) < (${input.before.at}::timestamptz, ${input.before.id})`
    : sql``;
  const result = await db.execute(
    sql`select * from (${union}) as t(kind, id, at, title, body, actor_id, data) ${after}
        order by t.at desc, t.id::text desc limit ${input.limit + 1}`,
  );
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    kind: r.kind as TimelineKind,
    id: String(r.id),
    at: r.at instanceof Date ? r.at : new Date(String(r.at)),
    title: String(r.title ?? ''),
    body: (r.body as string | null) ?? null,
    actorId: (r.actor_id as string | null) ?? null,
    data: (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as Record<string, unknown>,
  }));
}
