import { Badge, Button, Card, Code, Group, Skeleton, Stack, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCircleCheck, IconRefresh } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { jobsQuery, systemKeys } from './queries.ts';

type Job = Schemas['JobSummary'];
type Queue = Schemas['JobQueueCounts'];
const STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;

/** Queues counted by state, then the failed jobs with their error and a retry button. */
export function JobsSection() {
  const { t } = useTranslation('admin');
  const fmt = useFormat();
  const queryClient = useQueryClient();

  const overview = useInfiniteQuery(jobsQuery);
  const failed = overview.data?.pages.flatMap((p) => p.jobs.items) ?? [];
  const total = overview.data?.pages[0]?.jobs.total ?? 0;

  const retry = useMutation({
    mutationFn: async (job: Job) =>
      data(await api.POST('/api/v1/admin/jobs/{id}/retry', { params: { path: { id: job.id } } })),
    onSuccess: (job) => {
      void queryClient.invalidateQueries({ queryKey: systemKeys.jobs });
      notifications.show({ color: 'teal', message: t('system.jobs.retried', { name: job.name }) });
    },
  });

  const count = (n: number, state: (typeof STATES)[number]) =>
    n > 0 && state === 'failed' ? (
      <Badge color="red" variant="light">
        {fmt.number(n)}
      </Badge>
    ) : (
      <Text size="sm" c={n === 0 ? 'dimmed' : undefined} component="span">
        {fmt.number(n)}
      </Text>
    );

  return (
    <Card withBorder component="section" aria-labelledby="jobs-title" data-testid="jobs-section">
      <Title order={2} size="h3" id="jobs-title" mb="sm">
        {t('system.jobs.title')}
      </Title>
      <Stack gap="md">
        {overview.error && <ProblemAlert error={overview.error} />}
        <SimpleTable
          bare
          minWidth={820}
          rows={overview.data?.pages[0]?.queues}
          rowKey={(q) => q.name}
          pending={overview.isPending}
          skeleton={{ rows: 5 }}
          striped={false}
          testId="job-queues"
          labelledBy="jobs-title"
          rowTestId="job-queue-row"
          empty={<EmptyState title={t('system.jobs.queuesEmpty')} />}
          columns={[
            { key: 'queue', header: t('system.jobs.queue'), render: (q) => <Code>{q.name}</Code> },
            {
              key: 'schedule',
              header: t('system.jobs.schedule'),
              render: (q) =>
                q.cron ? (
                  <Code>{q.cron}</Code>
                ) : (
                  <Text size="sm" c="dimmed" component="span">
                    {t('system.jobs.onDemand')}
                  </Text>
                ),
            },
            ...STATES.map((s) => ({
              key: s,
              header: t(`system.jobs.states.${s}`),
              align: 'right' as const,
              render: (q: Queue) => count(q[s], s),
            })),
            {
              key: 'archived',
              header: t('system.jobs.archived'),
              align: 'right',
              render: (q) => count(q.archived, 'completed'),
            },
          ]}
        />

        <Group gap="xs">
          <Title order={3} size="h4">
            {t('system.jobs.failedTitle')}
          </Title>
          {total > 0 && (
            <Badge color="red" variant="light">
              {fmt.number(total)}
            </Badge>
          )}
        </Group>
        {retry.error && <ProblemAlert error={retry.error} />}
        {overview.isPending && <Skeleton height={64} />}
        {!overview.isPending && !overview.error && failed.length === 0 && (
          <EmptyState
            icon={<IconCircleCheck size={26} />}
            title={t('system.jobs.failedEmptyTitle')}
            hint={t('system.jobs.failedEmptyHint')}
          />
        )}
        {failed.length > 0 && (
          <Stack gap="xs" data-testid="failed-jobs">
            {failed.map((job) => (
              <FailedJob
                key={job.id}
                job={job}
                onRetry={() => retry.mutate(job)}
                retrying={retry.isPending && retry.variables?.id === job.id}
              />
            ))}
          </Stack>
        )}
        {overview.hasNextPage && (
          <Group justify="center">
            <Button
              variant="default"
              onClick={() => void overview.fetchNextPage()}
              loading={overview.isFetchingNextPage}
            >
              {t('system.jobs.loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

/** Job inputs are small ids; a long one is cut, the API has it whole. */
const short = (text: string, max = 300) => (text.length > max ? `${text.slice(0, max)}…` : text);

function FailedJob({ job, onRetry, retrying }: { job: Job; onRetry: () => void; retrying: boolean }) {
  const { t } = useTranslation('admin');
  const fmt = useFormat();
  const when = job.completedAt ?? job.startedAt ?? job.createdAt;
  const button = (
    <Button
      variant="light"
      size="compact-sm"
      leftSection={<IconRefresh size={16} />}
      onClick={onRetry}
      loading={retrying}
      disabled={job.archived}
      aria-label={t('system.jobs.retryFor', { name: job.name, when: fmt.relative(when) })}
    >
      {t('system.jobs.retry')}
    </Button>
  );
  return (
    <Card withBorder padding="sm" data-testid="failed-job">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Group gap="xs" wrap="wrap">
            <IconAlertTriangle size={16} color="var(--mantine-color-red-text)" aria-hidden />
            <Code>{job.name}</Code>
            <Text size="sm" c="dimmed">
              {t('system.jobs.failedAt')} {fmt.dateTime(when)} · {t('system.jobs.attempts')}{' '}
              {fmt.number(job.retryCount + 1)}
            </Text>
            {job.archived && (
              <Badge variant="light" color="gray" tt="none">
                {t('system.jobs.archived')}
              </Badge>
            )}
          </Group>
          <Text size="sm" style={{ wordBreak: 'break-word' }} data-testid="failed-job-error">
            {job.error ?? t('system.jobs.noError')}
          </Text>
          {job.data !== null && job.data !== undefined && (
            <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
              {short(JSON.stringify(job.data))}
            </Code>
          )}
        </Stack>
        {job.archived ? (
          <Tooltip label={t('system.jobs.archivedHint')} multiline w={260}>
            <span>{button}</span>
          </Tooltip>
        ) : (
          button
        )}
      </Group>
    </Card>
  );
}
