import { TASK_CATEGORIES, TASK_PRIORITIES } from '@crm/contracts';
import { Button, Group, SegmentedControl, Stack, Switch, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconLayoutKanban, IconList, IconPlus, IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { canWrite, useCurrentUser, useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { DataList } from '../../records/data-list/DataList.tsx';
import type { BulkHint, Column, Filter } from '../../records/data-list/types.ts';
import { CreateTaskModal } from '../../records/index.ts';
import { LinkedRecord } from '../../records/tasks/linked-records.tsx';
import { CompleteCheckbox, DueDate, PriorityBadge, TaskRowActions } from '../../records/tasks/TaskBits.tsx';
import { TABS, type Tab, type Task, tabQuery } from '../../records/tasks/task-api.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { taskCountQuery } from './queries.ts';
import { TaskBoard } from './TaskBoard.tsx';
import { TaskDrawer } from './TaskDrawer.tsx';

/** `/tasks?tab=today&layout=board&mine=true&open=<id>`: everything that matters is in the URL. */
export default function TasksPage() {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const writer = canWrite(user);
  const mayModify = useMayModify();
  const { userName } = useDirectory();
  const [params, setParams] = useUrlParams();

  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'open';
  const layout = params.get('layout') === 'board' ? 'board' : 'list';
  const mine = params.get('mine') === 'true';
  const openId = params.get('open');
  const creating = params.get('new') === '1';

  const patch = (changes: Record<string, string | null>, replace = false) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace },
    );
  const hrefOf = (task: Task) => {
    const next = new URLSearchParams(params);
    next.delete('new');
    next.set('open', task.id);
    return `/tasks?${next.toString()}`;
  };

  const fixed: Record<string, string> = { ...tabQuery(tab), ...(mine ? { mine: 'true' } : {}) };
  const overdue = useQuery(taskCountQuery('overdue', mine));
  const today = useQuery(taskCountQuery('today', mine));
  const counts: Partial<Record<Tab, number | undefined>> = { overdue: overdue.data, today: today.data };

  const priorityOptions = TASK_PRIORITIES.map((v) => ({ value: v, label: tc(`enums.taskPriority.${v}`) }));
  const categoryOptions = TASK_CATEGORIES.map((v) => ({ value: v, label: tc(`enums.taskCategory.${v}`) }));
  const statusOptions = (['todo', 'doing', 'done', 'cancelled'] as const).map((v) => ({
    value: v,
    label: tc(`enums.taskStatus.${v}`),
  }));

  const columns: Column<Task>[] = [
    {
      key: 'title',
      label: t('fields.title'),
      sort: 'title',
      width: '26%',
      render: (task) => (
        <span style={{ textDecoration: task.status === 'done' ? 'line-through' : undefined }}>{task.title}</span>
      ),
    },
    { key: 'dueAt', label: t('fields.dueAt'), sort: 'dueAt', width: 150, render: (task) => <DueDate task={task} /> },
    {
      key: 'priority',
      label: t('fields.priority'),
      sort: 'priority',
      width: 110,
      render: (task) => <PriorityBadge priority={task.priority} />,
    },
    {
      key: 'status',
      label: t('fields.status'),
      sort: 'status',
      width: 140,
      render: (task) => (
        <Group gap="xs" wrap="nowrap">
          {mayModify(task) && <CompleteCheckbox task={task} />}
          <Text size="sm">{tc(`enums.taskStatus.${task.status}`)}</Text>
        </Group>
      ),
    },
    { key: 'assignee', label: t('fields.assignee'), sort: 'assignee', render: (task) => userName(task.assigneeId) },
    { key: 'linked', label: t('fields.linked'), render: (task) => <LinkedRecord row={task} /> },
    {
      key: 'category',
      label: t('fields.category'),
      sort: 'category',
      render: (task) => tc(`enums.taskCategory.${task.category}`),
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      sort: 'createdAt',
      hidden: true,
      render: (task) => fmt.date(task.createdAt),
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      sort: 'updatedAt',
      hidden: true,
      render: (task) => fmt.date(task.updatedAt),
    },
    ...(writer
      ? [
          {
            key: 'actions',
            label: t('actions.columnLabel'),
            width: 90,
            render: (task: Task) =>
              mayModify(task) && <TaskRowActions task={task} onEdit={() => patch({ open: task.id })} />,
          },
        ]
      : []),
  ];
  const filters: Filter[] = [
    { kind: 'select', key: 'priority', label: t('fields.priority'), options: priorityOptions, multiple: true },
    { kind: 'select', key: 'category', label: t('fields.category'), options: categoryOptions, multiple: true },
    { kind: 'user', key: 'assigneeId', label: t('fields.assignee') },
    { kind: 'dateRange', key: 'due', label: t('fields.dueAt'), from: 'dueFrom', to: 'dueTo' },
  ];
  // The fields the list shows; the server says which the caller may write (GET /meta/entities/tasks/fields).
  const bulkHints: Record<string, BulkHint> = {
    dueAt: { label: t('fields.dueAt') },
    status: { label: t('fields.status'), options: statusOptions },
    priority: { label: t('fields.priority'), options: priorityOptions },
    category: { label: t('fields.category'), options: categoryOptions },
    assigneeId: { label: t('fields.assignee') },
  };

  const newButton = writer && (
    <Button leftSection={<IconPlus size={16} />} onClick={() => patch({ new: '1', open: null })}>
      {t('new')}
    </Button>
  );
  const tabLabel = (key: Tab) => (
    <Group gap={6} wrap="nowrap" justify="center">
      <span>{t(`tabs.${key}`)}</span>
      {counts[key] ? (
        <span
          style={{
            background: key === 'overdue' ? 'var(--mantine-color-red-light)' : 'var(--mantine-color-indigo-light)',
            color:
              key === 'overdue' ? 'var(--mantine-color-red-light-color)' : 'var(--mantine-color-indigo-light-color)',
            borderRadius: 999,
            padding: '0 7px',
            fontSize: 'var(--mantine-font-size-xs)',
            fontWeight: 700,
          }}
        >
          {counts[key]}
        </span>
      ) : null}
    </Group>
  );

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={newButton} />
      <Group justify="space-between" mb="md" gap="sm" wrap="wrap">
        <div className="scroll-x">
          <VisuallyHidden id="tasks-tab-label">{t('tabs.label')}</VisuallyHidden>
          <SegmentedControl
            aria-labelledby="tasks-tab-label"
            value={tab}
            onChange={(v) => patch({ tab: v })}
            data={TABS.map((key) => ({ value: key, label: tabLabel(key) }))}
          />
        </div>
        <Group gap="md" wrap="wrap">
          <Switch
            label={t('mine')}
            checked={mine}
            onChange={(e) => patch({ mine: e.currentTarget.checked ? 'true' : null })}
          />
          <SegmentedControl
            aria-label={t('layout.label')}
            value={layout}
            onChange={(v) => patch({ layout: v === 'board' ? 'board' : null })}
            data={[
              {
                value: 'list',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconList size={16} aria-hidden />
                    <Text size="sm">{t('layout.list')}</Text>
                  </Group>
                ),
              },
              {
                value: 'board',
                label: (
                  <Group gap={6} wrap="nowrap">
                    <IconLayoutKanban size={16} aria-hidden />
                    <Text size="sm">{t('layout.board')}</Text>
                  </Group>
                ),
              },
            ]}
          />
        </Group>
      </Group>

      {layout === 'list' ? (
        <DataList<Task>
          key={`${tab}:${mine}`}
          entity="tasks"
          columns={columns}
          filters={filters}
          bulkHints={bulkHints}
          defaultSort={tab === 'done' ? '-updatedAt' : 'dueAt'}
          fixed={fixed}
          fetchPage={async (query, signal) =>
            data(await api.GET('/api/v1/tasks', { params: { query: query as never }, signal }))
          }
          rowHref={hrefOf}
          empty={{ title: t(`empty.${tab}`), hint: t(`empty.${tab}Hint`), action: newButton || undefined }}
        />
      ) : (
        <Stack gap="sm">
          <BoardSearch value={params.get('q') ?? ''} onChange={(q) => patch({ q: q || null }, true)} />
          <TaskBoard
            query={{
              ...Object.fromEntries(Object.entries(fixed).filter(([k]) => k !== 'status')),
              ...(params.get('q') ? { q: params.get('q') as string } : {}),
            }}
            writer={writer}
            onOpen={(task) => patch({ open: task.id })}
            onShowList={() => patch({ layout: null })}
          />
        </Stack>
      )}

      <TaskDrawer taskId={openId} onClose={() => patch({ open: null })} />
      <CreateTaskModal opened={creating} onClose={() => patch({ new: null }, true)} />
    </>
  );
}

/** The board's search box: the same `?q=` as the list's. */
function BoardSearch({ value, onChange }: { value: string; onChange: (q: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState(value);
  const update = useDebouncedCallback((q: string) => onChange(q.trim()), 300);
  return (
    <TextInput
      placeholder={t('list.search')}
      aria-label={t('list.search')}
      leftSection={<IconSearch size={16} />}
      value={search}
      onChange={(e) => {
        setSearch(e.currentTarget.value);
        update(e.currentTarget.value);
      }}
      w={240}
    />
  );
}
