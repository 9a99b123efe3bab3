import { TASK_CATEGORIES, TASK_PRIORITIES, TASK_STATUSES } from '@crm/contracts';
import { z } from 'zod';
import { expandedFields, expandParam } from '../../platform/http/expand.ts';
import { boolQuery, dateQuery, listQueryBase, listResponse, multi } from '../../platform/http/list.ts';

export const TaskSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string().nullable(),
    status: z.enum(TASK_STATUSES),
    priority: z.enum(TASK_PRIORITIES),
    category: z.enum(TASK_CATEGORIES),
    dueAt: z.date().nullable(),
    completedAt: z.date().nullable(),
    assigneeId: z.uuid().nullable(),
    createdBy: z.uuid().nullable(),
    organisationId: z.uuid().nullable(),
    personId: z.uuid().nullable(),
    mandatId: z.uuid().nullable(),
    dueNotifiedAt: z.date().nullable(),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    deletedAt: z.date().nullable(),
  })
  .meta({ id: 'Task' });
export type TaskDto = z.infer<typeof TaskSchema>;

const isoDateTime = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

const editable = {
  title: z.string().trim().min(1).max(300),
  description: z.string().max(20_000).nullable(),
  status: z.enum(TASK_STATUSES),
  priority: z.enum(TASK_PRIORITIES),
  category: z.enum(TASK_CATEGORIES),
  dueAt: isoDateTime.nullable(),
  assigneeId: z.uuid().nullable(),
  organisationId: z.uuid().nullable(),
  personId: z.uuid().nullable(),
  mandatId: z.uuid().nullable(),
};

export const CreateTaskSchema = z.object(editable).partial().required({ title: true });
export type CreateTaskInput = z.output<typeof CreateTaskSchema>;

export const UpdateTaskSchema = z.object(editable).partial().strict();
export type UpdateTaskInput = z.output<typeof UpdateTaskSchema>;

export const CompleteTaskSchema = z.object({
  logInteraction: z
    .boolean()
    .optional()
    .describe('For rdv, pitch, relance and email tasks: log the matching interaction (reunion, pitch, appel, email)'),
  outcome: z.string().trim().max(2000).optional(),
});
export type CompleteTaskInput = z.output<typeof CompleteTaskSchema>;

export const SnoozeTaskSchema = z
  .union([z.object({ until: isoDateTime }).strict(), z.object({ days: z.number().int().min(1).max(365) }).strict()])
  .describe('`until` a date-time, or `days` after the later of now and the current due date');
export type SnoozeTaskInput = z.output<typeof SnoozeTaskSchema>;

export const TASK_VIEWS = ['overdue', 'today', 'next7'] as const;
export type TaskView = (typeof TASK_VIEWS)[number];

export const TaskListQuery = listQueryBase.extend({
  view: z
    .enum(TASK_VIEWS)
    .optional()
    .describe(
      'overdue: open tasks due before now; today: due today (Europe/Paris), except the open ones already late (overdue only); next7: due from now to the end of the 7th day',
    ),
  status: multi(z.enum(TASK_STATUSES)).optional(),
  priority: multi(z.enum(TASK_PRIORITIES)).optional(),
  category: multi(z.enum(TASK_CATEGORIES)).optional(),
  assigneeId: multi(z.uuid()).optional(),
  organisationId: multi(z.uuid()).optional(),
  personId: multi(z.uuid()).optional(),
  mandatId: multi(z.uuid()).optional(),
  dueFrom: dateQuery.optional(),
  dueTo: dateQuery.optional(),
  mine: boolQuery.optional().describe('Only tasks assigned to me'),
});
export type TaskListFilter = z.infer<typeof TaskListQuery>;

export const TaskListSchema = listResponse(TaskSchema);

/** The query of `GET /tasks`: the list's filters plus `expand` (not an export's nor a saved view's parameter). */
export const TaskListRouteQuery = TaskListQuery.extend({ expand: expandParam(['organisation', 'owner']) });
/** A page of `GET /tasks`: items with the expanded relations when asked for. */
export const TaskPageSchema = listResponse(
  TaskSchema.extend({ organisation: expandedFields.organisation, owner: expandedFields.owner }).meta({
    id: 'TaskListItem',
  }),
);
