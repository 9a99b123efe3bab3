import { Button, Card, Code, Grid, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconWebhook } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useUrlParams } from '../../app/search-params.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { Forbidden } from '../../ui/Forbidden.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import type { Webhook } from './api.ts';
import { DeliveryLog } from './DeliveryLog.tsx';
import { DocsPanel } from './DocsPanel.tsx';
import { webhookKeys, webhooksQuery } from './queries.ts';
import { type RevealedSecret, SecretModal } from './SecretModal.tsx';
import { TestModal } from './TestModal.tsx';
import { WebhookCard } from './WebhookCard.tsx';
import { WebhookFormModal } from './WebhookFormModal.tsx';

/**
 * Settings → Integrations: the caller's webhooks (an admin's: everyone's) with their health, their delivery log,
 * and how to receive them. Viewers manage no webhooks (the API refuses them).
 */
export default function IntegrationsPage() {
  const { t } = useTranslation('integrations');
  const user = useCurrentUser();
  if (canWrite(user)) return <Integrations />;
  return (
    <Forbidden
      header={<PageHeader title={t('title')} />}
      title={t('forbidden.title')}
      body={t('forbidden.body')}
      home={t('forbidden.home')}
    />
  );
}

function Integrations() {
  const { t } = useTranslation('integrations');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const directory = useDirectory();
  const queryClient = useQueryClient();
  const webhooks = useQuery(webhooksQuery);
  const [params, setParams] = useUrlParams();
  const [editing, setEditing] = useState<Webhook | 'new' | null>(null);
  const [testing, setTesting] = useState<Webhook | null>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [focusLog, setFocusLog] = useState(false);

  const list = webhooks.data ?? [];
  const selectedId = params.get('webhook');
  const selected = list.find((w) => w.id === selectedId) ?? null;
  const select = (id: string | null) =>
    setParams(
      (p) => {
        if (id) p.set('webhook', id);
        else p.delete('webhook');
        return p;
      },
      { replace: true },
    );

  const toggle = useMutation({
    mutationFn: async ({ w, active }: { w: Webhook; active: boolean }) =>
      data(await api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: w.id } }, body: { active } })),
    onSuccess: (w) => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      notifications.show({ color: 'teal', message: w.active ? t('list.enabled') : t('list.disabled') });
    },
  });

  const rotate = useMutation({
    mutationFn: async (w: Webhook) => ({
      url: w.url,
      ...data(await api.POST('/api/v1/webhooks/{id}/rotate-secret', { params: { path: { id: w.id } } })),
    }),
    onSuccess: (r) => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      setRevealed(r);
    },
  });

  const remove = useMutation({
    mutationFn: async (w: Webhook) => {
      await api.DELETE('/api/v1/webhooks/{id}', { params: { path: { id: w.id } } });
      return w;
    },
    onSuccess: (w) => {
      // Out of the list at once, so its log unmounts before anything asks for the deleted webhook's deliveries.
      queryClient.setQueryData<Webhook[]>(webhookKeys.list(), (old) => old?.filter((x) => x.id !== w.id));
      queryClient.removeQueries({ queryKey: webhookKeys.webhook(w.id) });
      if (w.id === selectedId) select(null);
      void queryClient.invalidateQueries({ queryKey: webhookKeys.list() });
      notifications.show({ color: 'teal', message: t('del.done') });
    },
  });

  const urlBlock = (w: Webhook) => (
    <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {w.url}
    </Code>
  );
  const confirmRotate = (w: Webhook) =>
    modals.openConfirmModal({
      title: t('rotate.title'),
      children: (
        <Stack gap="xs">
          {urlBlock(w)}
          <Text size="sm">{t('rotate.body')}</Text>
        </Stack>
      ),
      labels: { confirm: t('rotate.confirm'), cancel: tc('actions.cancel') },
      onConfirm: () => rotate.mutate(w),
    });
  const confirmDelete = (w: Webhook) =>
    modals.openConfirmModal({
      title: t('del.title'),
      children: (
        <Stack gap="xs">
          <Text size="sm">{t('del.body', { url: w.url })}</Text>
          {w.source !== 'api' && (
            <Text size="sm" fw={600}>
              {t('del.fromApp', { app: t(`list.source.${w.source}`) })}
            </Text>
          )}
        </Stack>
      ),
      labels: { confirm: t('del.confirm'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(w),
    });

  const createButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing('new')}>
      {t('create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} actions={createButton} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <Stack gap="md">
            <section aria-labelledby="webhooks-title">
              <Group justify="space-between" mb="xs">
                <Title order={2} size="h3" id="webhooks-title">
                  {t('list.title')}
                </Title>
                {webhooks.isSuccess && (
                  <Text size="sm" c="dimmed" data-testid="webhook-count">
                    {t('list.count', { count: list.length })}
                  </Text>
                )}
              </Group>
              <Stack gap="sm">
                <ProblemAlert error={webhooks.error} />
                {webhooks.isPending && <Skeleton height={180} radius="md" />}
                {webhooks.isSuccess && list.length === 0 && (
                  <Card withBorder>
                    <EmptyState
                      icon={<IconWebhook size={26} />}
                      title={t('list.emptyTitle')}
                      hint={t('list.emptyHint')}
                      action={createButton}
                    />
                  </Card>
                )}
                {list.map((w) => (
                  <WebhookCard
                    key={w.id}
                    webhook={w}
                    selected={w.id === selectedId}
                    toggling={toggle.isPending && toggle.variables?.w.id === w.id}
                    ownerName={w.ownerId === user.id ? null : directory.userName(w.ownerId)}
                    actions={{
                      onToggle: (wh, active) => toggle.mutate({ w: wh, active }),
                      onEdit: setEditing,
                      onTest: setTesting,
                      onRotate: confirmRotate,
                      onDelete: confirmDelete,
                      onShowLog: (wh) => {
                        setFocusLog(true);
                        select(wh.id === selectedId ? null : wh.id);
                      },
                    }}
                  />
                ))}
              </Stack>
            </section>
            {selected && (
              <DeliveryLog key={selected.id} webhook={selected} onClose={() => select(null)} focusOnOpen={focusLog} />
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <DocsPanel />
        </Grid.Col>
      </Grid>

      {editing && (
        <WebhookFormModal
          webhook={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null);
            setFocusLog(false); // the secret's dialog has the focus
            select(created.id);
            setRevealed({ url: created.url, secret: created.secret });
          }}
        />
      )}
      {testing && <TestModal webhook={testing} onClose={() => setTesting(null)} />}
      {revealed && <SecretModal revealed={revealed} onClose={() => setRevealed(null)} />}
    </>
  );
}
