import { TASK_CATEGORIES, TASK_PRIORITIES, TASK_STATUSES } from '@crm/contracts';
import { sql } from 'drizzle-orm';
import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idPk, ownership, softDelete, updatedAt } from '../../platform/db/columns.ts';
import { searchTextOf } from '../../platform/db/search.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { organisations } from '../organisations/organisations.schema.ts';
import { people } from '../people/people.schema.ts';

export const taskStatusEnum = pgEnum('task_status', TASK_STATUSES);
export const taskPriorityEnum = pgEnum('task_priority', TASK_PRIORITIES);
export const taskCategoryEnum = pgEnum('task_category', TASK_CATEGORIES);

export const tasks = pgTable(
  'tasks',
  {
    id: idPk(),
    title: text('title').notNull(),
    description: text('description'),
    status: taskStatusEnum('status').notNull().default('todo'),
    priority: taskPriorityEnum('priority').notNull().default('moyenne'),
    category: taskCategoryEnum('category').notNull().default('autre'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    assigneeId: uuid('assignee_id'),
    createdBy: uuid('created_by'),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    personId: uuid('person_id').references(() => people.id, { onDelete: 'set null' }),
    mandatId: uuid('mandat_id').references(() => mandats.id, { onDelete: 'set null' }),
    /** When the `task.due` event was emitted for the current due date (reset when the date moves). */
    dueNotifiedAt: timestamp('due_notified_at', { withTimezone: true }),
    ...ownership(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ...softDelete(),
    searchText: text('search_text').generatedAlwaysAs(searchTextOf('title', 'description')),
  },
  (t) => [
    index('tasks_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('tasks_assignee_status_due_idx').on(t.assigneeId, t.status, t.dueAt),
    index('tasks_team_status_due_idx').on(t.teamId, t.status, t.dueAt),
    index('tasks_due_open_idx').on(t.dueAt).where(sql`${t.status} in ('todo', 'doing') and ${t.deletedAt} is null`),
    index('tasks_org_idx').on(t.organisationId),
    index('tasks_person_idx').on(t.personId),
    index('tasks_mandat_idx').on(t.mandatId),
  ],
);
