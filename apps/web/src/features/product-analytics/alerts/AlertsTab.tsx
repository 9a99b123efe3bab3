import { ActionIcon, Badge, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { IconBell, IconEdit, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useFormat } from '../../../app/format.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../../ui/SimpleTable.tsx';
import { type Alert, alertsQuery, analyticsKeys, funnelsQuery } from '../queries.ts';
import { useConfirmedDelete } from '../useConfirmedDelete.tsx';
import { AlertFormModal } from './AlertFormModal.tsx';

/** Alert rules with what their last check measured, when it ran and when it last fired. */
export function AlertsTab() {
  const { t } = useTranslation('product-analytics');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const alerts = useQuery(alertsQuery);
  const funnels = useQuery(funnelsQuery);
  /** undefined: no modal; null: creating; an alert: editing it. */
  const [editing, setEditing] = useState<Alert | null | undefined>(undefined);

  const confirmDelete = useConfirmedDelete<Alert>({
    remove: async (alert) => api.DELETE('/api/v1/analytics/alerts/{id}', { params: { path: { id: alert.id } } }),
    invalidate: [analyticsKeys.alerts],
    texts: (alert) => ({
      title: t('alerts.deleteTitle', { name: alert.name }),
      body: t('alerts.deleteBody'),
      deleted: t('alerts.deleted'),
    }),
  });
  const rule = (a: Alert) =>
    a.kind === 'api_errors'
      ? t('alerts.ruleErrors', { threshold: fmt.number(a.threshold, 2), window: fmt.number(a.windowMinutes) })
      : t('alerts.ruleConversion', {
          funnel: funnels.data?.find((f) => f.id === a.funnelId)?.name ?? t('alerts.unknownFunnel'),
          threshold: fmt.number(a.threshold, 2),
          window: fmt.number(a.windowMinutes),
        });
  const lastValue = (a: Alert) =>
    a.lastValue === null
      ? '—'
      : a.kind === 'funnel_conversion'
        ? `${fmt.number(a.lastValue, 2)} %`
        : fmt.number(a.lastValue);

  const create = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t('alerts.create')}
    </Button>
  );
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text fw={600}>{t('alerts.title')}</Text>
        {create}
      </Group>
      {alerts.error && <ProblemAlert error={alerts.error} />}
      <SimpleTable
        minWidth={900}
        rows={alerts.data}
        pending={alerts.isPending}
        rowTestId="alert-row"
        empty={
          <EmptyState
            icon={<IconBell size={26} />}
            title={t('alerts.emptyTitle')}
            hint={t('alerts.emptyHint')}
            action={create}
          />
        }
        columns={[
          {
            key: 'name',
            header: t('alerts.name'),
            render: (a) => (
              <Stack gap={0}>
                <Text size="sm" fw={500}>
                  {a.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {rule(a)}
                </Text>
              </Stack>
            ),
          },
          {
            key: 'status',
            header: t('alerts.status'),
            render: (a) => (
              <Badge color={a.active ? 'teal' : 'gray'} variant="light">
                {a.active ? t('alerts.active') : t('alerts.inactive')}
              </Badge>
            ),
          },
          { key: 'value', header: t('alerts.lastValue'), align: 'right', nowrap: true, render: lastValue },
          {
            key: 'checked',
            header: t('alerts.lastChecked'),
            nowrap: true,
            render: (a) => (a.lastCheckedAt ? fmt.dateTime(a.lastCheckedAt) : t('alerts.never')),
          },
          {
            key: 'fired',
            header: t('alerts.lastFired'),
            nowrap: true,
            render: (a) => (a.lastFiredAt ? fmt.dateTime(a.lastFiredAt) : t('alerts.never')),
          },
          {
            key: 'actions',
            header: t('actions'),
            hidden: true,
            render: (a) => (
              <Group gap={4} wrap="nowrap" justify="flex-end">
                <Tooltip label={t('alerts.editFor', { name: a.name })}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('alerts.editFor', { name: a.name })}
                    onClick={() => setEditing(a)}
                  >
                    <IconEdit size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={tc('actions.delete')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('alerts.deleteFor', { name: a.name })}
                    onClick={() => confirmDelete(a)}
                  >
                    <IconTrash size={18} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <AlertFormModal key={editing?.id ?? 'new'} alert={editing} onClose={() => setEditing(undefined)} />
      )}
    </Stack>
  );
}
