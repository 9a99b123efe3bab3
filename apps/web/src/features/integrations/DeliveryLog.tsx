import {
  ActionIcon,
  Anchor,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconHistory, IconRefresh, IconX } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { DELIVERY_STATUSES, type Delivery, type DeliveryStatus, EVENT_TYPES, type Webhook } from './api.ts';
import { DeliveryDetailModal } from './DeliveryDetailModal.tsx';
import { DELIVERIES_PAGE, deliveryLogQuery, webhookKeys } from './queries.ts';
import { DeliveryStatusBadge, HttpStatusBadge } from './StatusBadges.tsx';

/** Sends a finished delivery again (same body, same webhook-id); refreshes the log and the webhook's health. */
export function useRedeliver(webhookId: string) {
  const { t } = useTranslation('integrations');
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (d: Delivery) =>
      data(
        await api.POST('/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', {
          params: { path: { id: webhookId, deliveryId: d.id } },
        }),
      ),
    onSuccess: (d) => {
      notifications.show({ color: 'teal', message: t('log.redelivered') });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.deliveries(webhookId) });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.delivery(webhookId, d.id) });
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
    },
  });
}

/** The delivery log of one webhook: filters, newest first, "load more", a row opens its attempts. */
export function DeliveryLog({
  webhook,
  onClose,
  focusOnOpen,
}: {
  webhook: Webhook;
  onClose: () => void;
  /** Opened from its button: brings the log into view and moves the focus to its title. */
  focusOnOpen: boolean;
}) {
  const { t } = useTranslation('integrations');
  const titleRef = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the log opens (it is keyed by webhook)
  useEffect(() => {
    if (focusOnOpen) titleRef.current?.focus();
  }, []);
  const fmt = useFormat();
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [eventType, setEventType] = useState<string | null>(null);
  const [open, setOpen] = useState<Delivery | null>(null);
  const redeliver = useRedeliver(webhook.id);

  const log = useInfiniteQuery(deliveryLogQuery(webhook.id, { status, eventType }));
  const items = log.data?.pages.flatMap((p) => p.items);
  const total = log.data?.pages[0]?.total ?? 0;
  const filtered = Boolean(status || eventType);
  const label = (d: Delivery) => ({ type: d.eventType, date: fmt.dateTime(d.createdAt) });

  return (
    <Card withBorder component="section" aria-labelledby="delivery-log-title" data-testid="delivery-log">
      <Group justify="space-between" mb="sm" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Title order={2} size="h3" id="delivery-log-title" ref={titleRef} tabIndex={-1}>
            {t('log.title')}
          </Title>
          <Code fz="xs" style={{ wordBreak: 'break-all' }} w="fit-content">
            {webhook.url}
          </Code>
        </Stack>
        <Tooltip label={t('log.close')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('log.close')} onClick={onClose}>
            <IconX size={18} />
          </ActionIcon>
        </Tooltip>
      </Group>

      <Group align="flex-end" gap="sm" mb="sm" wrap="wrap">
        <Select
          label={t('log.status')}
          placeholder={t('log.allStatuses')}
          data={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`log.statuses.${s}`) }))}
          value={status}
          onChange={(v) => setStatus(v as DeliveryStatus | null)}
          clearable
          w={200}
        />
        <Select
          label={t('log.eventType')}
          placeholder={t('log.allEventTypes')}
          data={EVENT_TYPES.map((type) => ({ value: type, label: type }))}
          value={eventType}
          onChange={setEventType}
          clearable
          searchable
          w={240}
        />
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} />}
          onClick={() => void log.refetch()}
          loading={log.isRefetching && !log.isFetchingNextPage}
        >
          {t('log.refresh')}
        </Button>
        {log.isSuccess && (
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite" data-testid="delivery-total">
            {t('log.total', { count: total })}
          </Text>
        )}
      </Group>

      <Stack gap="sm">
        {log.error && <ProblemAlert error={log.error} />}
        {redeliver.error && <ProblemAlert error={redeliver.error} />}
        <SimpleTable
          bare
          minWidth={760}
          rows={items}
          pending={log.isPending}
          skeleton={{ height: 24 }}
          striped={false}
          testId="deliveries"
          labelledBy="delivery-log-title"
          rowTestId="delivery-row"
          rowProps={(d) => ({
            style: { cursor: 'pointer' },
            onClick: (e) => {
              if (!(e.target as HTMLElement).closest('button, a')) setOpen(d);
            },
          })}
          empty={
            <EmptyState
              icon={<IconHistory size={26} />}
              title={t('log.emptyTitle')}
              hint={filtered ? t('log.emptyFilteredHint') : t('log.emptyHint')}
            />
          }
          pager={{
            hasMore: log.hasNextPage,
            loading: log.isFetchingNextPage,
            onMore: () => void log.fetchNextPage(),
            label: t('log.loadMore'),
            end:
              log.isSuccess && (items?.length ?? 0) > DELIVERIES_PAGE ? (
                <Text size="sm" c="dimmed" ta="center">
                  {t('log.end')}
                </Text>
              ) : undefined,
          }}
          columns={[
            {
              key: 'date',
              header: t('log.date'),
              nowrap: true,
              render: (d) => <Text size="sm">{fmt.dateTime(d.createdAt)}</Text>,
            },
            {
              key: 'event',
              header: t('log.event'),
              render: (d) => (
                <Group gap={6} wrap="nowrap">
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    ff="monospace"
                    aria-label={t('log.open', label(d))}
                    onClick={() => setOpen(d)}
                  >
                    {d.eventType}
                  </Anchor>
                  {d.trigger !== 'scheduled' && (
                    <Badge size="sm" variant="outline" color="gray" tt="none">
                      {t(`log.triggers.${d.trigger}`)}
                    </Badge>
                  )}
                </Group>
              ),
            },
            {
              key: 'status',
              header: t('log.status'),
              render: (d) => (
                <Stack gap={2}>
                  <DeliveryStatusBadge status={d.status} />
                  {d.status === 'pending' && d.nextAttemptAt && d.attempts > 0 && (
                    <Text size="xs" c="dimmed">
                      {t('log.retryAt', { when: fmt.relative(d.nextAttemptAt) })}
                    </Text>
                  )}
                </Stack>
              ),
            },
            { key: 'attempts', header: t('log.attempts'), align: 'right', render: (d) => fmt.number(d.attempts) },
            {
              key: 'lastStatus',
              header: t('log.lastStatus'),
              render: (d) => (
                <Group gap={6} wrap="nowrap">
                  {d.attempts > 0 ? <HttpStatusBadge status={d.lastStatus} none={t('detail.noResponse')} /> : '—'}
                  {d.lastError && d.status !== 'succeeded' && (
                    <Text size="xs" c="red" lineClamp={1} maw={220} title={d.lastError}>
                      {d.lastError}
                    </Text>
                  )}
                </Group>
              ),
            },
            {
              key: 'actions',
              header: t('log.actions'),
              hidden: true,
              align: 'right',
              render: (d) =>
                (d.status === 'succeeded' || d.status === 'failed') && (
                  <Button
                    variant="subtle"
                    size="compact-sm"
                    leftSection={<IconRefresh size={14} />}
                    aria-label={t('log.redeliverFor', label(d))}
                    loading={redeliver.isPending && redeliver.variables?.id === d.id}
                    onClick={() => redeliver.mutate(d)}
                  >
                    {t('log.redeliver')}
                  </Button>
                ),
            },
          ]}
        />
      </Stack>
      {open && (
        <DeliveryDetailModal
          webhookId={webhook.id}
          delivery={open}
          onClose={() => setOpen(null)}
          onRedeliver={(d) => redeliver.mutate(d)}
          redelivering={redeliver.isPending}
        />
      )}
    </Card>
  );
}
