import { OPEN_TASK_STATUSES } from '@crm/contracts';
import {
  and,
  asc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  notInArray,
  or,
  type SQL,
  sql,
} from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { enumSortKey, keysetPage, parseSort, type SortField } from '../../platform/db/keyset.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import { escapeLike, normalizedQuery } from '../../platform/db/search.ts';
import type { PersonSubject, Reassignment } from '../../platform/entities/reassign.ts';
import { userNameSortKey } from '../../platform/entities/records.repo.ts';
import type { TaskDto, TaskListFilter } from './tasks.contracts.ts';
import { tasks } from './tasks.schema.ts';

export type TaskRow = typeof tasks.$inferSelect;
export type NewTaskRow = typeof tasks.$inferInsert;

const { searchText: _s, deletedBy: _d, ...dtoColumns } = getTableColumns(tasks);

const sortable: Record<string, SortField> = {
  // Tasks without a due date come last in ascending order.
  dueAt: { expr: sql`coalesce(${tasks.dueAt}, '9999-12-31T00:00:00Z'::timestamptz)`, cast: 'timestamptz' },
  // Ascending = critique first.
  priority: {
    expr: sql`(case ${tasks.priority} when 'critique' then 0 when 'haute' then 1 when 'moyenne' then 2 else 3 end)`,
    cast: 'int',
  },
  createdAt: { expr: tasks.createdAt, cast: 'timestamptz' },
  updatedAt: { expr: tasks.updatedAt, cast: 'timestamptz' },
  // Open tasks sort as the oldest: `-completedAt` lists the latest completed first.
  completedAt: { expr: sql`coalesce(${tasks.completedAt}, 'epoch'::timestamptz)`, cast: 'timestamptz' },
  // Every column of the web list but the linked record (one of three), ties broken by id.
  title: { expr: tasks.title, cast: 'text' },
  status: enumSortKey(tasks.status, 'task_status'),
  category: enumSortKey(tasks.category, 'task_category'),
  assignee: userNameSortKey(tasks.assigneeId),
  owner: userNameSortKey(tasks.ownerId),
};

/** Instants the views are computed from (now and Paris day starts), given by the service's clock. */
export interface ViewWindow {
  now: Date;
  todayStart: Date;
  tomorrowStart: Date;
  /** Start of the 8th Paris day from today: `next7` ends there. */
  next7End: Date;
}

/** What the actor may see: owned or team tasks (scopeFilter), plus tasks assigned to them. */
function taskScope(actor: Actor): SQL | undefined {
  const scope = scopeFilter(actor, tasks);
  if (!scope) return undefined;
  return actor.userId ? (or(scope, eq(tasks.assigneeId, actor.userId)) as SQL) : scope;
}

function viewCondition(view: TaskListFilter['view'], w: ViewWindow): SQL | undefined {
  switch (view) {
    case 'overdue':
      return and(lt(tasks.dueAt, w.now), inArray(tasks.status, [...OPEN_TASK_STATUSES]));
    case 'today':
      // Today's tasks, except the open ones already late (those are `overdue`): no task is in both views.
      return and(
        gte(tasks.dueAt, w.todayStart),
        lt(tasks.dueAt, w.tomorrowStart),
        or(gte(tasks.dueAt, w.now), notInArray(tasks.status, [...OPEN_TASK_STATUSES])),
      );
    case 'next7':
      return and(gte(tasks.dueAt, w.now), lt(tasks.dueAt, w.next7End));
    default:
      return undefined;
  }
}

function filterConditions(actor: Actor, f: TaskListFilter, w: ViewWindow, deleted: boolean): SQL[] {
  const where: SQL[] = [deleted ? isNotNull(tasks.deletedAt) : isNull(tasks.deletedAt)];
  const scope = taskScope(actor);
  if (scope) where.push(scope);
  const view = viewCondition(f.view, w);
  if (view) where.push(view);
  if (f.status) where.push(inArray(tasks.status, f.status));
  if (f.priority) where.push(inArray(tasks.priority, f.priority));
  if (f.category) where.push(inArray(tasks.category, f.category));
  if (f.assigneeId) where.push(inArray(tasks.assigneeId, f.assigneeId));
  if (f.mine) where.push(actor.userId ? eq(tasks.assigneeId, actor.userId) : sql`false`);
  if (f.organisationId) where.push(inArray(tasks.organisationId, f.organisationId));
  if (f.personId) where.push(inArray(tasks.personId, f.personId));
  if (f.mandatId) where.push(inArray(tasks.mandatId, f.mandatId));
  if (f.dueFrom) where.push(gte(tasks.dueAt, f.dueFrom));
  if (f.dueTo) where.push(lte(tasks.dueAt, f.dueTo));
  if (f.q) {
    const pattern = normalizedQuery(`%${escapeLike(f.q)}%`);
    where.push(sql`(${tasks.searchText} like ${pattern} or ${normalizedQuery(f.q)} <% ${tasks.searchText})`);
  }
  return where;
}

export async function listTasks(
  db: Queryable,
  actor: Actor,
  f: TaskListFilter,
  w: ViewWindow,
  opts: { deleted?: boolean } = {},
): Promise<{ rows: TaskDto[]; nextCursor: string | null; total: number }> {
  const sort = parseSort(f.sort, sortable, 'dueAt');
  const where = filterConditions(actor, f, w, opts.deleted ?? false);
  return keysetPage<TaskDto>(db, {
    table: tasks,
    id: tasks.id,
    columns: dtoColumns,
    where,
    sort,
    ids: f.ids,
    cursor: f.cursor,
    limit: f.limit,
  });
}

export async function findTask(
  db: Queryable,
  actor: Actor,
  id: string,
  opts: { withDeleted?: boolean } = {},
): Promise<TaskRow | null> {
  const where: SQL[] = [eq(tasks.id, id)];
  if (!opts.withDeleted) where.push(isNull(tasks.deletedAt));
  const scope = taskScope(actor);
  if (scope) where.push(scope);
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(...where));
  return row ?? null;
}

export async function insertTask(db: Queryable, values: NewTaskRow): Promise<TaskRow> {
  const [row] = await db.insert(tasks).values(values).returning();
  return row as TaskRow;
}

export async function updateTaskRow(db: Queryable, id: string, values: Partial<NewTaskRow>): Promise<TaskRow> {
  const [row] = await db.update(tasks).set(values).where(eq(tasks.id, id)).returning();
  return row as TaskRow;
}

/**
 * Locks up to `limit` open, live tasks whose due date has passed and was not announced yet. SKIP LOCKED lets
 * two workers share the work without announcing a task twice (PGlite, single connection, accepts it too).
 */
export async function lockDueUnnotifiedTasks(db: Queryable, now: Date, limit: number): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(
      and(
        inArray(tasks.status, [...OPEN_TASK_STATUSES]),
        isNull(tasks.deletedAt),
        isNull(tasks.dueNotifiedAt),
        isNotNull(tasks.dueAt),
        lte(tasks.dueAt, now),
      ),
    )
    .orderBy(asc(tasks.dueAt), asc(tasks.id))
    .limit(limit)
    .for('update', { skipLocked: true });
}

/** Re-points the tasks of person (or organisation) `from` at `to`, binned ones included; the rows after. */
export async function moveTaskReferences(db: Queryable, s: Reassignment): Promise<TaskRow[]> {
  const col = s.kind === 'person' ? tasks.personId : tasks.organisationId;
  const values = s.kind === 'person' ? { personId: s.to } : { organisationId: s.to };
  return db.update(tasks).set(values).where(eq(col, s.from)).returning();
}

/**
 * The tasks about a person owned by the actor or their team (admins: all), binned ones included, oldest first,
 * without their search text: the RGPD export's rows.
 */
export async function tasksAboutPerson(db: Queryable, actor: Actor, subject: PersonSubject) {
  const { searchText: _t, ...cols } = getTableColumns(tasks);
  const about = eq(tasks.personId, subject.id);
  const scope = scopeFilter(actor, tasks);
  return db
    .select(cols)
    .from(tasks)
    .where(scope ? (and(about, scope) as SQL) : about)
    .orderBy(asc(tasks.createdAt));
}

export function toTaskDto(row: TaskRow): TaskDto {
  const { searchText: _s, deletedBy: _d, ...dto } = row;
  return dto as TaskDto;
}

/** RGPD erasure: the erased person's values replaced in the tasks (titles, descriptions); returns the ids of the rows changed (with `dryRun`: that hold one). */
export async function scrubTaskTexts(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, tasks, { title: 'text', description: 'text' }, e, opts);
}
