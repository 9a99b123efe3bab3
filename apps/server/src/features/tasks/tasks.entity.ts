import { ENUM_LABELS_FR } from '@crm/contracts';
import { describeFields, type EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { coded, col } from '../../platform/tabular/index.ts';
import { TaskListQuery, UpdateTaskSchema } from './tasks.contracts.ts';
import { taskLabel, taskSearchDetails, tasksOf } from './tasks.entity.repo.ts';
import { tasks } from './tasks.schema.ts';
import { listTasksFor } from './tasks.service.ts';

/** A task is visible to its owner's team and to its assignee. */
const scope = ownedScope({ ownerId: tasks.ownerId, teamId: tasks.teamId, assigneeId: tasks.assigneeId });

/** Tasks in the entity registry (docs/ARCHITECTURE.md, "Entity registry"). */
export const taskEntity: EntityDef = {
  type: 'task',
  path: 'tasks',
  table: tasks,
  id: tasks.id,
  label: taskLabel,
  labelOf: (r) => String(r.title ?? ''),
  scope,
  list: {
    query: TaskListQuery,
    run: listTasksFor,
    savedViews: true,
    columns: [
      col('title', 'Titre'),
      coded('status', 'Statut', ENUM_LABELS_FR.taskStatus),
      coded('priority', 'Priorité', ENUM_LABELS_FR.taskPriority),
      coded('category', 'Catégorie', ENUM_LABELS_FR.taskCategory),
      col('dueAt', 'Échéance'),
      col('completedAt', 'Terminée le'),
      col('assigneeId', 'ID de la personne assignée'),
      col('organisationId', 'ID organisation'),
      col('personId', 'ID contact'),
      col('mandatId', 'ID mandat'),
      col('id', 'ID'),
    ],
  },
  events: { family: 'task', key: 'task' },
  softDelete: { deletedAt: tasks.deletedAt, deletedBy: tasks.deletedBy, bin: {}, purge: { order: 10 } },
  search: { text: tasks.searchText, details: taskSearchDetails },
  timeline: [{ kind: 'task', rows: tasksOf(scope) }],
  fields: describeFields(UpdateTaskSchema),
};
