import type { INTERACTION_TYPES, TASK_CATEGORIES } from '@crm/contracts';
import { audit, auditMany, diffFields, previousValues } from '../../platform/audit/audit.ts';
import { resolveOwnership } from '../../platform/auth/ownership.ts';
import { assertCanModify } from '../../platform/auth/scope.ts';
import type { Ctx } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { erasureSql, type ScrubOptions } from '../../platform/db/scrub.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { assertLinksVisible } from '../../platform/entities/links.ts';
import type { Erasure } from '../../platform/entities/reassign.ts';
import {
  type PersonSubject,
  type Reassignment,
  reassignedField,
  reassignMetadata,
} from '../../platform/entities/reassign.ts';
import { AppError } from '../../platform/errors.ts';
import { emit, emitMany } from '../../platform/events/emit.ts';
import { parisDayStart } from '../../platform/time/paris-day.ts';
import { createInteractionInTx } from '../interactions/interactions.service.ts';
import type {
  CompleteTaskInput,
  CreateTaskInput,
  SnoozeTaskInput,
  TaskDto,
  TaskListFilter,
  UpdateTaskInput,
} from './tasks.contracts.ts';
import {
  findTask,
  insertTask,
  listTasks,
  moveTaskReferences,
  scrubTaskTexts,
  type TaskRow,
  tasksAboutPerson,
  toTaskDto,
  updateTaskRow,
  type ViewWindow,
} from './tasks.repo.ts';

const ENTITY = 'task';
const DAY_MS = 24 * 60 * 60 * 1000;
const notFound = (id: string) => new AppError('task.not_found', `Task ${id} was not found`);

/** The interaction a completed task of this category may log. */
const interactionForCategory: Partial<Record<(typeof TASK_CATEGORIES)[number], (typeof INTERACTION_TYPES)[number]>> = {
  rdv: 'reunion',
  pitch: 'pitch',
  relance: 'appel',
  email: 'email',
};

function viewWindow(now: Date): ViewWindow {
  return {
    now,
    todayStart: parisDayStart(now),
    tomorrowStart: parisDayStart(now, 1),
    next7End: parisDayStart(now, 8),
  };
}

export async function listTasksFor(ctx: Ctx, filter: TaskListFilter, opts: { deleted?: boolean } = {}) {
  const r = await listTasks(ctx.deps.database.db, ctx.actor, filter, viewWindow(ctx.deps.clock.now()), opts);
  return { items: r.rows, nextCursor: r.nextCursor, total: r.total };
}

export async function getTask(ctx: Ctx, id: string): Promise<TaskDto> {
  const row = await findTask(ctx.deps.database.db, ctx.actor, id);
  if (!row) throw notFound(id);
  return toTaskDto(row);
}

/**
 * The assignee of a task: the caller by default; someone else follows the ownership rule (admins anyone,
 * managers their team, users only themselves); null leaves the task unassigned.
 */
async function resolveAssignee(ctx: Ctx, db: Queryable, requested: string | null | undefined): Promise<string | null> {
  if (requested === null) return null;
  if (requested === undefined) return ctx.actor.userId;
  try {
    return (await resolveOwnership(ctx, db, requested)).ownerId;
  } catch (err) {
    if (err instanceof AppError && err.code === 'record.owner_unknown') {
      throw new AppError('task.assignee_unknown', 'The assignee must be an active user', {
        status: 400,
        fields: [{ path: 'body.assigneeId', message: 'unknown or inactive user', code: 'assignee_unknown' }],
      });
    }
    if (err instanceof AppError && err.code === 'auth.forbidden') {
      throw new AppError('auth.forbidden', 'You may not assign tasks to this user');
    }
    throw err;
  }
}

export async function createTask(ctx: Ctx, input: CreateTaskInput): Promise<TaskDto> {
  return withTx(ctx, async (t) => {
    const { assigneeId: requested, ...fields } = input;
    await assertLinksVisible(t.db, ctx, fields, ENTITY);
    const assigneeId = await resolveAssignee(ctx, t.db, requested);
    const now = ctx.deps.clock.now();
    const row = await insertTask(t.db, {
      ...fields,
      assigneeId,
      createdBy: ctx.actor.userId,
      ownerId: ctx.actor.userId,
      teamId: ctx.actor.teamId,
      completedAt: fields.status === 'done' ? now : null,
    });
    const dto = toTaskDto(row);
    await audit(t, { entityType: ENTITY, entityId: row.id, action: 'create', changes: diffFields(null, dto) });
    await emit(t, 'task.created', { task: dto });
    if (assigneeId && assigneeId !== ctx.actor.userId) await emit(t, 'task.assigned', { task: dto });
    return dto;
  });
}

/** Loads a task the caller may change (owner, assignee, or manager of its team). */
async function modifiableTask(t: Tx, id: string, opts: { withDeleted?: boolean } = {}): Promise<TaskRow> {
  const row = await findTask(t.db, t.ctx.actor, id, opts);
  if (!row) throw notFound(id);
  assertCanModify(t.ctx.actor, row, { assigneeId: row.assigneeId });
  return row;
}

/** Writes the changed fields, audits them and emits task.updated, then task.assigned / task.completed as they apply. */
async function applyChanges(t: Tx, before: TaskRow, values: Record<string, unknown>, action = 'update') {
  const beforeDto = toTaskDto(before);
  const changes = diffFields(beforeDto, values, ['updatedAt', 'createdAt', 'dueNotifiedAt']);
  if (Object.keys(changes).length === 0) return beforeDto;
  const dto = toTaskDto(await updateTaskRow(t.db, before.id, values));
  await audit(t, { entityType: ENTITY, entityId: before.id, action, changes });
  await emit(t, 'task.updated', { task: dto, changes: Object.keys(changes), previous: previousValues(changes) });
  if (changes.assigneeId && dto.assigneeId) await emit(t, 'task.assigned', { task: dto });
  if (changes.status && dto.status === 'done') await emit(t, 'task.completed', { task: dto });
  return dto;
}

/** Status side effects: done sets completedAt, leaving done clears it. */
function statusValues(before: TaskRow, status: TaskRow['status'] | undefined, now: Date): Record<string, unknown> {
  if (status === undefined || status === before.status) return {};
  return { status, completedAt: status === 'done' ? now : null };
}

export async function updateTask(ctx: Ctx, id: string, patch: UpdateTaskInput): Promise<TaskDto> {
  return withTx(ctx, async (t) => {
    const before = await modifiableTask(t, id);
    const { assigneeId, status, ...fields } = patch;
    await assertLinksVisible(t.db, ctx, fields, ENTITY);
    const values: Record<string, unknown> = { ...fields, ...statusValues(before, status, ctx.deps.clock.now()) };
    if (assigneeId !== undefined && assigneeId !== before.assigneeId) {
      values.assigneeId = await resolveAssignee(ctx, t.db, assigneeId);
    }
    if (fields.dueAt !== undefined && fields.dueAt?.getTime() !== before.dueAt?.getTime()) {
      values.dueNotifiedAt = null;
    }
    return applyChanges(t, before, values);
  });
}

/**
 * Marks a task done. With `logInteraction`, a rdv/pitch/relance/email task also logs the matching interaction
 * (reunion/pitch/appel/email) on the same organisation, person and mandate, in the same transaction.
 */
export async function completeTask(ctx: Ctx, id: string, input: CompleteTaskInput): Promise<TaskDto> {
  return withTx(ctx, async (t) => {
    const before = await modifiableTask(t, id);
    if (before.status === 'done')
      throw new AppError('task.already_completed', 'The task is already done', { status: 409 });
    const now = ctx.deps.clock.now();
    if (input.logInteraction) {
      const type = interactionForCategory[before.category];
      if (!type) {
        throw new AppError('task.no_matching_interaction', `A ${before.category} task does not log an interaction`, {
          status: 400,
        });
      }
      await createInteractionInTx(t, {
        type,
        title: before.title,
        body: before.description,
        occurredAt: now,
        outcome: input.outcome ?? null,
        organisationId: before.organisationId,
        personId: before.personId,
        mandatId: before.mandatId,
      });
    }
    return applyChanges(t, before, { status: 'done', completedAt: now }, 'complete');
  });
}

/** Moves the due date (to `until`, or `days` after the later of now and the current due date). */
export async function snoozeTask(ctx: Ctx, id: string, input: SnoozeTaskInput): Promise<TaskDto> {
  return withTx(ctx, async (t) => {
    const before = await modifiableTask(t, id);
    const now = ctx.deps.clock.now();
    const base = Math.max(now.getTime(), before.dueAt?.getTime() ?? 0);
    const dueAt = 'until' in input ? input.until : new Date(base + input.days * DAY_MS);
    return applyChanges(t, before, { dueAt, dueNotifiedAt: null }, 'snooze');
  });
}

export async function reopenTask(ctx: Ctx, id: string): Promise<TaskDto> {
  return withTx(ctx, async (t) => {
    const before = await modifiableTask(t, id);
    if (before.status !== 'done' && before.status !== 'cancelled') {
      throw new AppError('task.not_closed', 'Only a done or cancelled task can be reopened', { status: 409 });
    }
    return applyChanges(t, before, { status: 'todo', completedAt: null }, 'reopen');
  });
}

export async function deleteTask(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    await modifiableTask(t, id);
    const row = await updateTaskRow(t.db, id, { deletedAt: ctx.deps.clock.now(), deletedBy: ctx.actor.userId });
    await audit(t, { entityType: ENTITY, entityId: id, action: 'delete' });
    await emit(t, 'task.deleted', { task: toTaskDto(row) });
  });
}

export async function restoreTask(ctx: Ctx, id: string): Promise<TaskDto> {
  return withTx(ctx, async (t) => {
    const before = await modifiableTask(t, id, { withDeleted: true });
    if (!before.deletedAt) throw new AppError('task.not_found', `No deleted task ${id}`);
    const dto = toTaskDto(await updateTaskRow(t.db, id, { deletedAt: null, deletedBy: null }));
    await audit(t, { entityType: ENTITY, entityId: id, action: 'restore' });
    await emit(t, 'task.restored', { task: dto });
    return dto;
  });
}

/**
 * A merge's part: the tasks of person (or organisation) `from` now refer to `to`, whoever owns them, binned ones
 * included. Each is audited (`update`, with the merge in the metadata) and announced as `task.updated` with
 * `changes` and `previous` (`personId` / `organisationId`), in the caller's transaction. Returns the ids moved.
 */
export async function reassignTasks(t: Tx, s: Reassignment): Promise<string[]> {
  const rows = await moveTaskReferences(t.db, s);
  const changes = reassignedField(s.kind === 'person' ? 'personId' : 'organisationId', s);
  await auditMany(
    t,
    rows.map((r) => ({ entityType: ENTITY, entityId: r.id, action: 'update', changes, metadata: reassignMetadata(s) })),
  );
  await emitMany(
    t,
    rows.map((r) => ({
      type: 'task.updated' as const,
      payload: { task: toTaskDto(r), changes: Object.keys(changes), previous: previousValues(changes) },
    })),
  );
  return rows.map((r) => r.id);
}

/** The RGPD export's tasks about a person (binned ones included) the caller's row scope covers; oldest first. */
export function taskRecordsOf(t: Tx, subject: PersonSubject) {
  return tasksAboutPerson(t.db, t.ctx.actor, subject);
}

/**
 * RGPD erasure (docs/DOMAIN.md, "Anonymisation"): the person's exact values (names, e-mails, phones) replaced by the
 * placeholder in the tasks (titles, descriptions), whoever owns them; the rest of each text stays. Neither audited row by row nor
 * announced (an event would carry the values again): the anonymisation's audit row counts them.
 */
export function scrubTasksOf(t: Tx, erasure: Erasure, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubTaskTexts(t.db, erasureSql(erasure), opts);
}
