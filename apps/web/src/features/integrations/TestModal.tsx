import { Alert, Button, Code, Group, Modal, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconCircleCheck, IconCircleX, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { type Attempt, TEST_EVENT_TYPES, type TestEventType, type Webhook } from './api.ts';
import { CodeView, HeadersView } from './CodeView.tsx';
import { webhookKeys } from './queries.ts';
import { HttpStatusBadge } from './StatusBadges.tsx';

/** Sends a sample event of a chosen type now and shows the receiver's answer (status, duration, body). */
export function TestModal({ webhook, onClose }: { webhook: Webhook; onClose: () => void }) {
  const { t } = useTranslation('integrations');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [eventType, setEventType] = useState<TestEventType>('contact.created');
  const send = useMutation({
    mutationFn: async (type: TestEventType) =>
      data(
        await api.POST('/api/v1/webhooks/{id}/test', {
          params: { path: { id: webhook.id } },
          body: { eventType: type },
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: webhookKeys.all }),
  });
  const attempt = send.data?.attemptLog.at(-1);

  return (
    <Modal opened onClose={onClose} title={t('test.title')} size="xl">
      <Stack>
        <Code fz="sm" style={{ wordBreak: 'break-all' }}>
          {webhook.url}
        </Code>
        <Text size="sm" c="dimmed">
          {t('test.intro')}
        </Text>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            send.mutate(eventType);
          }}
        >
          <Group align="flex-end" wrap="wrap">
            <Select
              label={t('test.eventType')}
              data={TEST_EVENT_TYPES.map((type) => ({
                value: type,
                label: `${t(`events.types.${type}`)} (${type})`,
              }))}
              value={eventType}
              onChange={(v) => v && setEventType(v as TestEventType)}
              allowDeselect={false}
              searchable
              w={360}
              maw="100%"
              data-autofocus
            />
            <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending}>
              {t('test.send')}
            </Button>
          </Group>
        </form>
        {send.error && <ProblemAlert error={send.error} />}
        {send.data && attempt && <TestResult succeeded={send.data.status === 'succeeded'} attempt={attempt} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {tc('actions.close')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function TestResult({ succeeded, attempt }: { succeeded: boolean; attempt: Attempt }) {
  const { t } = useTranslation('integrations');
  return (
    <Stack gap="sm" data-testid="test-result" aria-live="polite">
      <Title order={3} size="h5">
        {t('test.result')}
      </Title>
      <Alert
        color={succeeded ? 'teal' : 'red'}
        icon={succeeded ? <IconCircleCheck size={18} /> : <IconCircleX size={18} />}
        role="status"
      >
        {succeeded ? t('test.ok') : t('test.failed')}
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('test.status')}
          </Text>
          <HttpStatusBadge status={attempt.responseStatus} none={t('test.noResponse')} />
        </div>
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('test.duration')}
          </Text>
          <Text size="sm" data-testid="test-duration">
            {attempt.durationMs === null ? '—' : t('detail.ms', { n: attempt.durationMs })}
          </Text>
        </div>
      </SimpleGrid>
      {attempt.error && (
        <div>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('test.error')}
          </Text>
          <CodeView text={attempt.error} />
        </div>
      )}
      <div>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
          {t('test.responseBody')}
        </Text>
        <CodeView text={attempt.responseBody} json empty={t('test.emptyBody')} maxHeight={220} testId="test-body" />
      </div>
      <div>
        <Text size="xs" c="dimmed" fw={600} tt="uppercase" mb={4}>
          {t('test.responseHeaders')}
        </Text>
        <HeadersView headers={attempt.responseHeaders} empty={t('detail.none')} />
      </div>
    </Stack>
  );
}
