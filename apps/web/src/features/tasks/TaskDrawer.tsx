import { Button, Divider, Drawer, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowBackUp, IconCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { mayModify, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { DueDate, PriorityBadge, SnoozeMenu, StatusBadge, TaskMenu } from '../../records/tasks/TaskBits.tsx';
import { isOpen, type Task, useTaskActions } from '../../records/tasks/task-api.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { taskQuery } from './queries.ts';
import { TaskForm } from './TaskForm.tsx';

/** The task drawer: shows and edits the task `taskId` (the page's `?open=<id>`); `onClose` removes the parameter. */
export function TaskDrawer({ taskId, onClose }: { taskId: string | null; onClose: () => void }) {
  const { t } = useTranslation('tasks');
  const user = useCurrentUser();
  const task = useQuery(taskQuery(taskId));
  const writer = !!task.data && mayModify(user, task.data);

  return (
    <Drawer
      opened={Boolean(taskId)}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text fw={700} size="lg">
          {t('drawer.edit')}
        </Text>
      }
    >
      <Stack gap="md">
        <ProblemAlert error={task.error} />
        {task.isPending && taskId && (
          <Stack gap="sm" aria-busy="true">
            <Skeleton height={28} />
            <Skeleton height={36} />
            <Skeleton height={36} />
            <Skeleton height={120} />
          </Stack>
        )}
        {task.data && (
          <>
            <TaskSummary task={task.data} writer={writer} onDeleted={onClose} />
            <Divider />
            <TaskForm
              key={`${task.data.id}:${task.data.updatedAt}`}
              task={task.data}
              onDone={onClose}
              onCancel={onClose}
              readOnly={!writer}
            />
          </>
        )}
      </Stack>
    </Drawer>
  );
}

function TaskSummary({ task, writer, onDeleted }: { task: Task; writer: boolean; onDeleted: () => void }) {
  const { t } = useTranslation('tasks');
  const fmt = useFormat();
  const { userName } = useDirectory();
  const { complete, reopen, pending } = useTaskActions();
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <StatusBadge status={task.status} />
        <PriorityBadge priority={task.priority} />
        <DueDate task={task} />
      </Group>
      <Text size="xs" c="dimmed">
        {t('drawer.created', { date: fmt.relative(task.createdAt), name: userName(task.createdBy) })}
        {task.completedAt ? ` · ${t('fields.completedAt')} ${fmt.dateTime(task.completedAt)}` : ''}
      </Text>
      {writer && (
        <Group gap="xs">
          {isOpen(task) ? (
            <Button
              color="teal"
              leftSection={<IconCheck size={16} />}
              loading={pending}
              onClick={() => void complete(task)}
            >
              {t('actions.complete')}
            </Button>
          ) : (
            <Button
              variant="default"
              leftSection={<IconArrowBackUp size={16} />}
              loading={pending}
              onClick={() => void reopen(task.id)}
            >
              {t('actions.reopen')}
            </Button>
          )}
          {isOpen(task) && <SnoozeMenu task={task} compact={false} />}
          <TaskMenu task={task} onDeleted={onDeleted} />
        </Group>
      )}
    </Stack>
  );
}
