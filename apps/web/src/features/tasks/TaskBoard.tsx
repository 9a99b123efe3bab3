import type { TaskStatus } from '@crm/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowsExchange, IconDots, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { LinkedRecord } from './linked-records.tsx';
import {
  CompleteCheckbox,
  confirmDeleteTask,
  DueDate,
  PriorityBadge,
  SnoozeDateModal,
  SnoozeItems,
} from './TaskBits.tsx';
import { isOpen, STATUS_COLOR, type Task, taskActions } from './task-api.ts';

const COLUMNS: TaskStatus[] = ['todo', 'doing', 'done'];
const LIMIT = 30;

/**
 * Tasks by status in three columns. A card moves with its "move to" menu (complete / reopen / status change);
 * no drag and drop (no drag-and-drop library in the app).
 */
export function TaskBoard({
  query,
  writer,
  onOpen,
  onShowList,
}: {
  /** The tab's window and "mine", without status. */
  query: Record<string, string>;
  writer: boolean;
  onOpen: (task: Task) => void;
  /** Switches to the list (where every task of a long column is). */
  onShowList: () => void;
}) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
      {COLUMNS.map((status) => (
        <BoardColumn
          key={status}
          status={status}
          query={query}
          writer={writer}
          onOpen={onOpen}
          onShowList={onShowList}
        />
      ))}
    </SimpleGrid>
  );
}

function BoardColumn({
  status,
  query,
  writer,
  onOpen,
  onShowList,
}: {
  status: TaskStatus;
  query: Record<string, string>;
  writer: boolean;
  onOpen: (task: Task) => void;
  onShowList: () => void;
}) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const q = { ...query, status, limit: String(LIMIT), sort: status === 'done' ? '-updatedAt' : 'dueAt' };
  const page = useQuery({
    queryKey: ['tasks', 'board', q],
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/tasks', { params: { query: q as never }, signal })),
  });
  const items = page.data?.items ?? [];
  const { userName } = useDirectory();
  const headingId = `board-${status}`;
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      bg="var(--mantine-color-default-hover)"
      component="section"
      aria-labelledby={headingId}
    >
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5" id={headingId}>
          <Badge variant="dot" color={STATUS_COLOR[status]} size="lg" tt="none">
            {tc(`enums.taskStatus.${status}`)}
          </Badge>
        </Title>
        <Text size="sm" c="dimmed">
          {page.data?.total ?? ''}
        </Text>
      </Group>
      <ProblemAlert error={page.error} />
      <Stack gap="xs">
        {page.isPending && [1, 2, 3].map((i) => <Skeleton key={i} height={72} radius="md" />)}
        {items.map((task) => (
          <BoardCard key={task.id} task={task} writer={writer} onOpen={onOpen} assignee={userName(task.assigneeId)} />
        ))}
        {page.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed" ta="center" py="lg">
            {t('board.empty')}
          </Text>
        )}
        {page.data && page.data.total > items.length && (
          <Button variant="subtle" size="xs" onClick={onShowList}>
            {t('board.more', { count: page.data.total - items.length })}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

interface CardProps {
  task: Task;
  writer: boolean;
  onOpen: (task: Task) => void;
  assignee: string;
}

/** Memoised: a column re-render (a refetch) only redraws the cards whose task changed. */
const BoardCard = memo(
  BoardCardView,
  (a, b) => a.task === b.task && a.writer === b.writer && a.assignee === b.assignee,
);

function BoardCardView({ task, writer, onOpen, assignee }: CardProps) {
  const { t } = useTranslation('tasks');
  const [picking, setPicking] = useState(false);
  return (
    <Card withBorder padding="sm" radius="md" data-testid="board-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Group align="flex-start" wrap="nowrap" gap="xs" style={{ minWidth: 0 }}>
          {writer && <CompleteCheckbox task={task} />}
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text
              component="button"
              type="button"
              onClick={() => onOpen(task)}
              ta="left"
              p={0}
              bd={0}
              bg="transparent"
              c="var(--mantine-color-anchor)"
              style={{ wordBreak: 'break-word', cursor: 'pointer' }}
              size="sm"
              fw={600}
              td={task.status === 'done' ? 'line-through' : undefined}
            >
              {task.title}
            </Text>
            <DueDate task={task} size="xs" />
          </Stack>
        </Group>
        {writer && (
          <Menu position="bottom-end" withinPortal>
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={`${t('actions.rowActions')} : ${task.title}`}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <CardMenuItems task={task} onPick={() => setPicking(true)} />
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      <Group gap="xs" mt="xs" wrap="wrap">
        <PriorityBadge priority={task.priority} />
        <Text size="xs" c="dimmed">
          {assignee}
        </Text>
        <LinkedRecord row={task} />
      </Group>
      {picking && <SnoozeDateModal task={task} onClose={() => setPicking(false)} />}
    </Card>
  );
}

/** "Move to" the other columns, snooze (open tasks) and delete; mounted only while the menu is open. */
function CardMenuItems({ task, onPick }: { task: Task; onPick: () => void }) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const { move } = taskActions(queryClient);
  return (
    <>
      <Menu.Label>{t('actions.moveTo')}</Menu.Label>
      {COLUMNS.filter((s) => s !== task.status).map((s) => (
        <Menu.Item key={s} leftSection={<IconArrowsExchange size={16} />} onClick={() => void move(task, s)}>
          {tc(`enums.taskStatus.${s}`)}
        </Menu.Item>
      ))}
      {isOpen(task) && (
        <>
          <Menu.Divider />
          <SnoozeItems task={task} onPick={onPick} />
        </>
      )}
      <Menu.Divider />
      <Menu.Item color="red" leftSection={<IconTrash size={16} />} onClick={() => confirmDeleteTask(task, queryClient)}>
        {t('actions.delete')}
      </Menu.Item>
    </>
  );
}
