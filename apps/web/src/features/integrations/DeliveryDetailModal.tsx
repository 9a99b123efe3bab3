import {
  Accordion,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  Modal,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconRefresh } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import type { Attempt, Delivery } from './api.ts';
import { CodeView, HeadersView } from './CodeView.tsx';
import { deliveryQuery } from './queries.ts';
import { DeliveryStatusBadge, HttpStatusBadge } from './StatusBadges.tsx';

/** One delivery: its summary, then every attempt with the request sent and the response (or error) received. */
export function DeliveryDetailModal({
  webhookId,
  delivery,
  onClose,
  onRedeliver,
  redelivering,
}: {
  webhookId: string;
  delivery: Delivery;
  onClose: () => void;
  onRedeliver: (d: Delivery) => void;
  redelivering: boolean;
}) {
  const { t } = useTranslation('integrations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const detail = useQuery(deliveryQuery(webhookId, delivery.id));
  const d = detail.data;
  const attempts = [...(d?.attemptLog ?? [])].sort(
    (a, b) => b.attempt - a.attempt || b.startedAt.localeCompare(a.startedAt),
  );
  const canRedeliver = d ? d.status === 'succeeded' || d.status === 'failed' : false;

  return (
    <Modal opened onClose={onClose} title={t('detail.title', { type: delivery.eventType })} size={1100}>
      <Stack data-testid="delivery-detail">
        {detail.error && <ProblemAlert error={detail.error} />}
        {!d && !detail.error && <Skeleton height={160} />}
        {d && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <Field label={t('log.status')}>
                <DeliveryStatusBadge status={d.status} />
              </Field>
              <Field label={t('detail.trigger')}>
                <Text size="sm">{t(`log.triggers.${d.trigger}`)}</Text>
              </Field>
              <Field label={t('detail.attempts')}>
                <Text size="sm">{fmt.number(d.attempts)}</Text>
              </Field>
              <Field label={t('detail.createdAt')}>
                <Text size="sm">{fmt.dateTime(d.createdAt)}</Text>
              </Field>
              <Field label={d.status === 'pending' ? t('detail.nextAttempt') : t('detail.deliveredAt')}>
                <Text size="sm">
                  {d.status === 'pending' ? fmt.dateTime(d.nextAttemptAt) : fmt.dateTime(d.deliveredAt)}
                </Text>
              </Field>
              <Field label={t('detail.webhookId')}>
                <Code fz="xs" style={{ wordBreak: 'break-all' }}>
                  {d.eventId}
                </Code>
              </Field>
            </SimpleGrid>
            {d.lastError && d.status !== 'succeeded' && (
              <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('detail.lastError')}>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-word' }}>
                  {d.lastError}
                </Text>
              </Alert>
            )}
            {canRedeliver && (
              <Group>
                <Button
                  variant="light"
                  leftSection={<IconRefresh size={16} />}
                  onClick={() => onRedeliver(delivery)}
                  loading={redelivering}
                >
                  {t('log.redeliver')}
                </Button>
              </Group>
            )}
            {attempts.length === 0 ? (
              <Stack gap="xs">
                <Text size="sm" c="dimmed">
                  {t('detail.noAttempt')}
                </Text>
                <Title order={3} size="h5">
                  {t('detail.bodySent')}
                </Title>
                <CodeView text={d.body} json />
              </Stack>
            ) : (
              <Accordion
                variant="separated"
                multiple
                defaultValue={attempts[0] ? [attempts[0].id] : []}
                data-testid="attempts"
              >
                {attempts.map((a) => (
                  <AttemptItem key={a.id} attempt={a} />
                ))}
              </Accordion>
            )}
          </>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('actions.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      {children}
    </div>
  );
}

/** The name of one part of a request or a response (headers, body, error). */
function PartLabel({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed" fw={600}>
      {children}
    </Text>
  );
}

function AttemptItem({ attempt: a }: { attempt: Attempt }) {
  const { t } = useTranslation('integrations');
  const fmt = useFormat();
  const duration = a.durationMs === null ? '—' : t('detail.ms', { n: a.durationMs });
  return (
    <Accordion.Item value={a.id} data-testid="attempt">
      <Accordion.Control>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {t('detail.attempt', { n: a.attempt })}
          </Text>
          <HttpStatusBadge status={a.responseStatus} none={t('detail.noResponse')} />
          <Text size="sm" c="dimmed">
            {duration} · {fmt.dateTime(a.startedAt)}
          </Text>
          {a.trigger !== 'scheduled' && (
            <Badge size="sm" variant="outline" color="gray" tt="none">
              {t(`log.triggers.${a.trigger}`)}
            </Badge>
          )}
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          <Stack gap="xs" data-testid="attempt-request" style={{ minWidth: 0 }}>
            <Title order={4} size="h6">
              {t('detail.request')}
            </Title>
            <Code fz="xs" style={{ wordBreak: 'break-all' }}>
              POST {a.url}
            </Code>
            <PartLabel>{t('detail.requestHeaders')}</PartLabel>
            <HeadersView headers={a.requestHeaders} empty={t('detail.none')} />
            <PartLabel>{t('detail.requestBody')}</PartLabel>
            <CodeView text={a.requestBody} json maxHeight={360} />
          </Stack>
          <Stack gap="xs" data-testid="attempt-response" style={{ minWidth: 0 }}>
            <Title order={4} size="h6">
              {t('detail.response')}
            </Title>
            <Group gap="xs">
              <PartLabel>{t('detail.responseStatus')}</PartLabel>
              <HttpStatusBadge status={a.responseStatus} none={t('detail.noResponse')} />
              <Text size="xs" c="dimmed">
                {duration}
              </Text>
            </Group>
            {a.error && (
              <>
                <PartLabel>{t('detail.error')}</PartLabel>
                <CodeView text={a.error} />
              </>
            )}
            <PartLabel>{t('detail.responseHeaders')}</PartLabel>
            <HeadersView headers={a.responseHeaders} empty={t('detail.none')} />
            <PartLabel>{t('detail.responseBody')}</PartLabel>
            <CodeView text={a.responseBody} json empty={t('detail.empty')} maxHeight={360} />
          </Stack>
        </SimpleGrid>
      </Accordion.Panel>
    </Accordion.Item>
  );
}
