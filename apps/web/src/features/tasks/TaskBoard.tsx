import type { TaskStatus } from '@crm/contracts';
import {
  type Announcements,
  DndContext,
  type DragEndEvent,
  type DraggableAttributes,
  DragOverlay,
  type DragStartEvent,
  useDraggable,
  useDroppable,
} from '@dnd-kit/core';
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
import { IconArrowsExchange, IconDots, IconGripVertical, IconTrash } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { LinkedRecord } from '../../records/tasks/linked-records.tsx';
import {
  CompleteCheckbox,
  confirmDeleteTask,
  DueDate,
  PriorityBadge,
  SnoozeDateModal,
  SnoozeItems,
} from '../../records/tasks/TaskBits.tsx';
import { isOpen, STATUS_COLOR, type Task, taskActions } from '../../records/tasks/task-api.ts';
import { columnKeyboardCoordinates, useBoardSensors } from '../../ui/board.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { taskBoardColumnQuery } from './queries.ts';

const COLUMNS: TaskStatus[] = ['todo', 'doing', 'done'];
const LIMIT = 30;

/** Keyboard moves go from column to column (left and right arrows). */
const columnCoordinates = columnKeyboardCoordinates();

/**
 * Tasks by status in three columns. A card moves by drag and drop (mouse, long press on touch screens, or the
 * keyboard from its handle) or with its menu's "move to": done goes through complete, leaving done through
 * reopen, the rest is a status change.
 */
export function TaskBoard({
  query,
  writer,
  onOpen,
  onShowList,
}: {
  /** The tab's window, "mine" and the search, without status. */
  query: Record<string, string>;
  writer: boolean;
  onOpen: (task: Task) => void;
  /** Switches to the list (where every task of a long column is). */
  onShowList: () => void;
}) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [active, setActive] = useState<Task | null>(null);
  const sensors = useBoardSensors(columnCoordinates);

  type Dragged = { data: { current?: Record<string, unknown> } };
  const taskOf = (a: Dragged) => a.data.current?.task as Task | undefined;
  const statusOf = (o: Dragged) => tc(dynamicKey(`enums.taskStatus.${String(o.data.current?.status)}`));
  const announcements: Announcements = {
    onDragStart: ({ active: a }) =>
      t('board.announceStart', {
        title: taskOf(a)?.title ?? '',
        status: tc(`enums.taskStatus.${taskOf(a)?.status ?? 'todo'}`),
      }),
    onDragOver: ({ active: a, over }) =>
      over
        ? t('board.announceOver', { title: taskOf(a)?.title ?? '', status: statusOf(over) })
        : t('board.announceOutside', { title: taskOf(a)?.title ?? '' }),
    onDragEnd: ({ active: a, over }) =>
      over
        ? t('board.announceEnd', { title: taskOf(a)?.title ?? '', status: statusOf(over) })
        : t('board.announceCancel', { title: taskOf(a)?.title ?? '' }),
    onDragCancel: ({ active: a }) => t('board.announceCancel', { title: taskOf(a)?.title ?? '' }),
  };
  const onDragStart = (e: DragStartEvent) => setActive(taskOf(e.active) ?? null);
  const onDragEnd = (e: DragEndEvent) => {
    setActive(null);
    const task = taskOf(e.active);
    const to = e.over?.data.current?.status as TaskStatus | undefined;
    if (task && to && to !== task.status) void taskActions(queryClient).move(task, to);
  };

  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragEnd={onDragEnd}
      onDragCancel={() => setActive(null)}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t('board.instructions') } }}
    >
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
      <DragOverlay dropAnimation={null}>{active && <BoardCardView task={active} writer={false} overlay />}</DragOverlay>
    </DndContext>
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
  const page = useQuery(taskBoardColumnQuery(q));
  const { setNodeRef, isOver } = useDroppable({ id: status, data: { status } });
  const items = page.data?.items ?? [];
  const { userName } = useDirectory();
  const mayModify = useMayModify();
  const headingId = `board-${status}`;
  return (
    <Paper
      ref={setNodeRef}
      withBorder
      radius="md"
      p="sm"
      bg={isOver ? 'var(--mantine-primary-color-light)' : 'var(--mantine-color-default-hover)'}
      style={{ borderColor: isOver ? 'var(--mantine-primary-color-filled)' : undefined, minHeight: 160 }}
      component="section"
      aria-labelledby={headingId}
      data-testid={`board-column-${status}`}
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
          <DraggableCard
            key={task.id}
            task={task}
            writer={writer && mayModify(task)}
            onOpen={onOpen}
            assignee={userName(task.assigneeId)}
          />
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
  onOpen?: (task: Task) => void;
  assignee?: string;
}

interface DragBindings {
  cardRef: (el: HTMLElement | null) => void;
  cardListeners: Record<string, unknown>;
  handleRef: (el: HTMLElement | null) => void;
  handleAttributes: DraggableAttributes;
  onHandleKeyDown?: React.KeyboardEventHandler;
}

/**
 * The draggable wrapper: every draggable re-renders while something is dragged, so the card itself is memoised
 * and only this thin wrapper does.
 */
function DraggableCard(props: CardProps) {
  const { t } = useTranslation('tasks');
  const { task, writer } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, isDragging } = useDraggable({
    id: task.id,
    data: { task },
    disabled: !writer,
    attributes: { roleDescription: t('board.draggable') },
  });
  const drag = useMemo<DragBindings>(
    () => ({
      cardRef: setNodeRef,
      cardListeners: writer ? { onPointerDown: listeners?.onPointerDown, onTouchStart: listeners?.onTouchStart } : {},
      handleRef: setActivatorNodeRef,
      handleAttributes: attributes,
      onHandleKeyDown: listeners?.onKeyDown as React.KeyboardEventHandler | undefined,
    }),
    [setNodeRef, setActivatorNodeRef, attributes, listeners, writer],
  );
  return <BoardCard {...props} drag={drag} dragging={isDragging} />;
}

type ViewProps = CardProps & { drag?: DragBindings; dragging?: boolean; overlay?: boolean };

/** Memoised: a column refetch or a drag elsewhere only redraws the cards whose task changed. */
const BoardCard = memo(
  BoardCardView,
  (a: ViewProps, b: ViewProps) =>
    a.task === b.task &&
    a.writer === b.writer &&
    a.assignee === b.assignee &&
    a.drag === b.drag &&
    a.dragging === b.dragging,
);

function BoardCardView({ task, writer, onOpen, assignee, drag, dragging, overlay }: ViewProps) {
  const { t } = useTranslation('tasks');
  const [picking, setPicking] = useState(false);
  return (
    <Card
      ref={drag?.cardRef}
      withBorder
      padding="sm"
      radius="md"
      shadow={overlay ? 'lg' : undefined}
      data-testid={overlay ? undefined : 'board-card'}
      {...drag?.cardListeners}
      style={{
        opacity: dragging ? 0.35 : 1,
        cursor: writer ? 'grab' : undefined,
        touchAction: 'manipulation',
      }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Group align="flex-start" wrap="nowrap" gap="xs" style={{ minWidth: 0 }}>
          {writer && <CompleteCheckbox task={task} />}
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text
              component="button"
              type="button"
              draggable={false}
              onClick={() => onOpen?.(task)}
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
        {writer && drag && (
          <Group gap={0} wrap="nowrap">
            <ActionIcon
              ref={drag.handleRef}
              {...drag.handleAttributes}
              onKeyDown={drag.onHandleKeyDown}
              variant="subtle"
              color="gray"
              aria-label={t('board.moveCard', { title: task.title })}
              style={{ cursor: 'grab' }}
            >
              <IconGripVertical size={16} />
            </ActionIcon>
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('on', { action: t('actions.rowActions'), target: task.title })}
                >
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <CardMenuItems task={task} onPick={() => setPicking(true)} />
              </Menu.Dropdown>
            </Menu>
          </Group>
        )}
      </Group>
      <Group gap="xs" mt="xs" wrap="wrap">
        <PriorityBadge priority={task.priority} />
        {assignee && (
          <Text size="xs" c="dimmed">
            {assignee}
          </Text>
        )}
        {!overlay && <LinkedRecord row={task} />}
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
