import { Badge, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import type { Period } from './period.ts';
import { errorsQuery } from './queries.ts';

/** Web exceptions and API errors, grouped: count, users, last seen. */
export function ErrorsTab({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const fmt = useFormat();
  const errors = useQuery(errorsQuery(period));
  const totals = errors.data?.totals;
  return (
    <Stack gap="md">
      {errors.error && <ProblemAlert error={errors.error} />}
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Paper withBorder p="md" radius="md">
          <Text size="sm" c="dimmed">
            {t('errors.web')}
          </Text>
          <Text fz={28} fw={700} data-testid="errors-web">
            {totals ? fmt.number(totals.exceptions) : '—'}
          </Text>
        </Paper>
        <Paper withBorder p="md" radius="md">
          <Text size="sm" c="dimmed">
            {t('errors.api')}
          </Text>
          <Text fz={28} fw={700} data-testid="errors-api">
            {totals ? fmt.number(totals.apiErrors) : '—'}
          </Text>
        </Paper>
      </SimpleGrid>
      <SimpleTable
        minWidth={720}
        rows={errors.data?.items}
        pending={errors.isPending}
        rowKey={(e) => `${e.source}:${e.code}:${e.status ?? ''}`}
        rowTestId="error-row"
        empty={<EmptyState title={t('errors.empty')} />}
        columns={[
          {
            key: 'source',
            header: t('errors.source'),
            render: (e) => (
              <Badge variant="light" color={e.source === 'api' ? 'grape' : 'orange'}>
                {t(`errors.sources.${e.source}`)}
              </Badge>
            ),
          },
          {
            key: 'code',
            header: t('errors.code'),
            render: (e) => (
              <Text size="sm" ff="monospace">
                {e.code}
              </Text>
            ),
          },
          { key: 'status', header: t('errors.status'), align: 'right', render: (e) => e.status ?? '—' },
          { key: 'count', header: t('errors.count'), align: 'right', nowrap: true, render: (e) => fmt.number(e.count) },
          { key: 'users', header: t('errors.users'), align: 'right', nowrap: true, render: (e) => fmt.number(e.users) },
          { key: 'last', header: t('errors.lastSeen'), nowrap: true, render: (e) => fmt.dateTime(e.lastSeenAt) },
        ]}
      />
    </Stack>
  );
}
