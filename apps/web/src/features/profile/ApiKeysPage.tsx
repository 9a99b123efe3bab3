import { ActionIcon, Anchor, Badge, Button, Code, Group, Stack, Text, Tooltip } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { accountKeys } from '../../app/query-keys.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { type CreatedKey, CreateKeyModal, ShownOnceModal } from './ApiKeyModals.tsx';
import { type ApiKey, apiKeysQuery } from './queries.ts';

const SCOPE_COLOR = { admin: 'grape', write: 'blue', read: 'gray' } as const;

/** `/profile/api-keys`: my keys (active first), a new one shown once, revoke after a confirmation. */
export default function ApiKeysPage() {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const keys = useQuery(apiKeysQuery);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const revoke = useMutation({
    mutationFn: async (key: ApiKey) => {
      await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } });
      return key;
    },
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.apiKeys });
      notifications.show({ color: 'teal', message: t('apiKeys.revokedDone', { name: key.name }) });
    },
  });

  const confirmRevoke = (key: ApiKey) =>
    modals.openConfirmModal({
      title: t('apiKeys.revokeTitle', { name: key.name }),
      children: <Text size="sm">{t('apiKeys.revokeBody')}</Text>,
      labels: { confirm: t('apiKeys.revoke'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(key),
    });

  const now = Date.now();
  const status = (k: ApiKey) =>
    k.revokedAt ? 'revoked' : k.expiresAt && new Date(k.expiresAt).getTime() <= now ? 'expired' : 'active';
  const items = keys.data
    ? [...keys.data].sort(
        (a, b) =>
          Number(status(a) !== 'active') - Number(status(b) !== 'active') || b.createdAt.localeCompare(a.createdAt),
      )
    : undefined;
  const createButton = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t('apiKeys.create')}
    </Button>
  );

  return (
    <>
      <Anchor component={Link} to="/profile" size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center' }}>
        <IconArrowLeft size={14} style={{ marginRight: 4 }} />
        {t('apiKeys.back')}
      </Anchor>
      <PageHeader title={t('apiKeys.title')} subtitle={t('apiKeys.subtitle')} actions={createButton} />
      <ProblemAlert error={keys.error} />
      <SimpleTable
        minWidth={760}
        rows={items}
        pending={keys.isPending}
        skeleton={{ height: 28 }}
        verticalSpacing="sm"
        striped={false}
        highlightOnHover={false}
        rowTestId="api-key-row"
        empty={
          <EmptyState
            icon={<IconKey size={26} />}
            title={t('apiKeys.emptyTitle')}
            hint={t('apiKeys.emptyHint')}
            action={createButton}
          />
        }
        columns={[
          {
            key: 'name',
            header: t('apiKeys.name'),
            render: (k) => (
              <Stack gap={0}>
                <Text size="sm" fw={500}>
                  {k.name}
                </Text>
                <Code fz="xs" w="fit-content">
                  {k.prefix}…
                </Code>
              </Stack>
            ),
          },
          {
            key: 'scopes',
            header: t('apiKeys.scopes'),
            render: (k) => (
              <Group gap={4}>
                {k.scopes.map((sc) => (
                  <Badge key={sc} variant="light" color={SCOPE_COLOR[sc]}>
                    {t(`apiKeys.scope.${sc}`)}
                  </Badge>
                ))}
              </Group>
            ),
          },
          {
            key: 'createdAt',
            header: t('apiKeys.createdAt'),
            render: (k) => <Text size="sm">{fmt.date(k.createdAt)}</Text>,
          },
          {
            key: 'lastUsed',
            header: t('apiKeys.lastUsed'),
            render: (k) =>
              k.lastUsedAt ? (
                <Tooltip label={fmt.dateTime(k.lastUsedAt)}>
                  <Text size="sm" component="span">
                    {fmt.relative(k.lastUsedAt)}
                  </Text>
                </Tooltip>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('apiKeys.never')}
                </Text>
              ),
          },
          {
            key: 'expires',
            header: t('apiKeys.expires'),
            render: (k) => <Text size="sm">{k.expiresAt ? fmt.date(k.expiresAt) : t('apiKeys.noExpiry')}</Text>,
          },
          {
            key: 'status',
            header: t('apiKeys.status'),
            render: (k) => {
              const s = status(k);
              return (
                <Badge variant="dot" color={s === 'active' ? 'teal' : s === 'expired' ? 'orange' : 'gray'}>
                  {t(`apiKeys.${s}`)}
                </Badge>
              );
            },
          },
          {
            key: 'actions',
            header: t('apiKeys.actions'),
            hidden: true,
            width: 60,
            render: (k) =>
              !k.revokedAt && (
                <Tooltip label={t('apiKeys.revoke')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('apiKeys.revokeFor', { name: k.name })}
                    onClick={() => confirmRevoke(k)}
                  >
                    <IconTrash size={18} />
                  </ActionIcon>
                </Tooltip>
              ),
          },
        ]}
      />
      {creating && (
        <CreateKeyModal
          onClose={() => setCreating(false)}
          onCreated={(k) => {
            setCreating(false);
            setCreated(k);
          }}
        />
      )}
      {created && <ShownOnceModal created={created} onClose={() => setCreated(null)} />}
    </>
  );
}
