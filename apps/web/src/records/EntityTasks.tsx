import { Anchor, Badge, Checkbox, Group, Paper, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChecklist } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data, type Schemas } from '../api/client.ts';
import { canWrite, useCurrentUser } from '../app/auth.tsx';
import { useDirectory } from '../app/directory.ts';
import { useFormat } from '../app/format.ts';
import { uncompletePatch } from '../app/undo.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ProblemAlert, problemMessage } from '../ui/ProblemAlert.tsx';
import { showUndoToast } from '../ui/UndoToast.tsx';
import { type ActivityEntity, LINK_KEY, linksOf } from './activity-links.ts';
import { CreateTaskButton } from './CreateTaskModal.tsx';
import { entityTasksQuery, invalidateActivity } from './queries.ts';

type Task = Schemas['Task'];

const PRIORITY_COLOR = { basse: 'gray', moyenne: 'blue', haute: 'orange', critique: 'red' } as const;

/** The tasks linked to one record: open ones first by due date, complete in one click, create pre-linked. */
export function EntityTasks({ entity, id }: { entity: ActivityEntity; id: string }) {
  const { t } = useTranslation('records');
  const user = useCurrentUser();
  const writer = canWrite(user);
  const [showDone, setShowDone] = useState(false);
  const links = linksOf(entity, id);
  const tasks = useQuery(entityTasksQuery(entity, id, showDone));

  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Switch label={t('tasks.showDone')} checked={showDone} onChange={(e) => setShowDone(e.currentTarget.checked)} />
        <CreateTaskButton links={links} variant="light" size="sm" />
      </Group>
      <ProblemAlert error={tasks.error} />
      {tasks.isPending ? (
        <Stack gap="xs" aria-busy="true">
          <Skeleton height={52} />
          <Skeleton height={52} />
        </Stack>
      ) : tasks.data && tasks.data.items.length === 0 ? (
        <EmptyState
          icon={<IconChecklist size={26} />}
          title={showDone ? t('tasks.emptyAll') : t('tasks.empty')}
          action={writer && !showDone ? <CreateTaskButton links={links} size="sm" /> : undefined}
        />
      ) : (
        <Stack gap="xs">
          {tasks.data?.items.map((task) => (
            <TaskRow key={task.id} task={task} writer={writer} />
          ))}
          {tasks.data && tasks.data.total > tasks.data.items.length && (
            <Anchor component={Link} to={`/tasks?${LINK_KEY[entity]}=${id}`} size="sm">
              {t('tasks.more', { count: tasks.data.total - tasks.data.items.length })}
            </Anchor>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function TaskRow({ task, writer }: { task: Task; writer: boolean }) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const queryClient = useQueryClient();
  const done = task.status === 'done' || task.status === 'cancelled';
  const overdue = !done && task.dueAt !== null && new Date(task.dueAt).getTime() < Date.now();

  const toggle = useMutation({
    mutationFn: async () => {
      const params = { params: { path: { id: task.id } } };
      if (done) return data(await api.POST('/api/v1/tasks/{id}/reopen', params));
      return data(await api.POST('/api/v1/tasks/{id}/complete', { ...params, body: {} }));
    },
    onSuccess: () => {
      invalidateActivity(queryClient, task);
      const patch = uncompletePatch(task);
      if (done || !patch) {
        notifications.show({ color: 'teal', message: done ? t('tasks.reopened') : t('tasks.completed') });
        return;
      }
      // "Annuler" puts the task back in the status it had (the server clears its completion).
      showUndoToast({
        message: t('tasks.completedTitle', { title: task.title }),
        onUndo: async () => {
          try {
            data(await api.PATCH('/api/v1/tasks/{id}', { params: { path: { id: task.id } }, body: patch }));
            invalidateActivity(queryClient, task);
            notifications.show({ message: t('tasks.uncompleted', { title: task.title }) });
          } catch (error) {
            notifications.show({ color: 'red', title: tc('errors.title'), message: problemMessage(error) });
          }
        },
      });
    },
  });

  return (
    <Paper withBorder p="sm" radius="md" data-testid="entity-task">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Checkbox
          mt={2}
          checked={done}
          disabled={!writer || toggle.isPending}
          onChange={() => toggle.mutate()}
          aria-label={done ? t('tasks.reopen', { title: task.title }) : t('tasks.complete', { title: task.title })}
        />
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          <Anchor
            component={Link}
            to={`/tasks?open=${task.id}`}
            fw={500}
            size="sm"
            td={done ? 'line-through' : undefined}
            c={done ? 'dimmed' : undefined}
          >
            {task.title}
          </Anchor>
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c={overdue ? 'red' : 'dimmed'} fw={overdue ? 600 : undefined}>
              {task.dueAt ? `${t('tasks.due')} ${fmt.dateTime(task.dueAt)}` : t('tasks.noDue')}
              {overdue ? ` · ${t('tasks.overdue')}` : ''}
            </Text>
            <Badge size="xs" variant="light" color={PRIORITY_COLOR[task.priority]}>
              {tc(`enums.taskPriority.${task.priority}`)}
            </Badge>
            <Badge size="xs" variant="outline" color="gray">
              {tc(`enums.taskCategory.${task.category}`)}
            </Badge>
            {task.assigneeId && (
              <Text size="xs" c="dimmed">
                {t('tasks.assignee')} {userName(task.assigneeId)}
              </Text>
            )}
          </Group>
        </Stack>
      </Group>
    </Paper>
  );
}
