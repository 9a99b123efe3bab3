import { eq, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/context.ts';
import type { EntityScope, SearchDetail } from '../../platform/entities/entity.ts';
import { tasks } from './tasks.schema.ts';

/** The SQL of the task's registry entry (tasks.entity.ts). */
export const taskLabel = sql`${tasks.title}`;
/** A task's search hit reads "En cours · 10 déc. 2026": its status, named by the web app, and its due date. */
export const taskSearchDetails: SearchDetail[] = [
  { kind: 'enum', list: 'taskStatus', value: sql`${tasks.status}` },
  { kind: 'date', value: sql`${tasks.dueAt}` },
];

/** The tasks of a hub record, as timeline items (dated by completion, else creation). */
export function tasksOf(scope: EntityScope) {
  return (actor: Actor, hubType: string, id: string): SQL => {
    const col =
      hubType === 'organisation' ? tasks.organisationId : hubType === 'person' ? tasks.personId : tasks.mandatId;
    return sql`select 'task', ${tasks.id}, coalesce(${tasks.completedAt}, ${tasks.createdAt}), ${tasks.title},
      ${tasks.description}, ${tasks.createdBy},
      jsonb_build_object('status', ${tasks.status}, 'priority', ${tasks.priority}, 'category', ${tasks.category},
        'dueAt', ${tasks.dueAt}, 'assigneeId', ${tasks.assigneeId})
    from ${tasks} where ${isNull(tasks.deletedAt)} and ${eq(col, id)} and ${scope.where(actor) ?? sql`true`}`;
  };
}
