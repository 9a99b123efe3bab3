import { Anchor, Skeleton, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Schemas } from '../../../api/client.ts';
import { dynamicKey } from '../../../app/i18n-types.ts';
import { CreateTaskButton } from '../../../records/index.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { myTasksQuery } from '../queries.ts';
import { SectionCard } from './SectionCard.tsx';

type Task = Schemas['Task'];

/** My overdue tasks, then today's (a few of each, "N more" to the tasks page); `taskLine` draws one. */
export function MyTasksCard({ writer, taskLine }: { writer: boolean; taskLine: (task: Task) => ReactNode }) {
  const { t } = useTranslation('home');
  const overdue = useQuery(myTasksQuery('overdue'));
  const today = useQuery(myTasksQuery('today'));
  const loading = overdue.isPending || today.isPending;
  const empty = overdue.data?.total === 0 && today.data?.total === 0;

  return (
    <SectionCard
      id="home-tasks"
      title={t('tasks.title')}
      link={{ to: '/tasks?tab=open&mine=true', label: t('tasks.all') }}
    >
      <ProblemAlert error={overdue.error ?? today.error} />
      {loading && (
        <Stack gap="xs">
          {[1, 2, 3, 4].map((i) => (
            <Skeleton key={i} height={36} />
          ))}
        </Stack>
      )}
      {empty && (
        <EmptyState
          title={t('tasks.emptyTitle')}
          hint={t('tasks.emptyHint')}
          action={writer ? <CreateTaskButton variant="light" /> : undefined}
        />
      )}
      {!loading && !empty && (
        <Stack gap="md">
          {[
            { key: 'overdue', page: overdue.data, tab: 'overdue' },
            { key: 'today', page: today.data, tab: 'today' },
          ].map(
            ({ key, page, tab }) =>
              page &&
              page.total > 0 && (
                <Stack gap={4} key={key}>
                  <Text size="xs" tt="uppercase" fw={700} c={key === 'overdue' ? 'red' : 'dimmed'}>
                    {t(dynamicKey(`tasks.${key}`))} · {page.total}
                  </Text>
                  {page.items.map((task) => (
                    <Fragment key={task.id}>{taskLine(task)}</Fragment>
                  ))}
                  {page.total > page.items.length && (
                    <Anchor component={Link} to={`/tasks?tab=${tab}&mine=true`} size="sm">
                      {t('tasks.more', { count: page.total - page.items.length })}
                    </Anchor>
                  )}
                </Stack>
              ),
          )}
        </Stack>
      )}
    </SectionCard>
  );
}
