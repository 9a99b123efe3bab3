import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  Group,
  Modal,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconKey, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, data } from '../../api/client.ts';
import { type CurrentUser, useCurrentUser } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SecretField } from '../../ui/SecretField.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';

async function fetchKeys() {
  return data(await api.GET('/api/v1/api-keys', { params: { query: {} } })).items;
}
type ApiKey = Awaited<ReturnType<typeof fetchKeys>>[number];
type Scope = ApiKey['scopes'][number];
type CreatedKey = ApiKey & { key: string };

const KEYS = ['api-keys', 'mine'] as const;

/** The scopes a role may give its keys (the server refuses more with 403). */
function allowedScopes(user: Pick<CurrentUser, 'role'>): Scope[] {
  if (user.role === 'admin') return ['read', 'write', 'admin'];
  if (user.role === 'viewer') return ['read'];
  return ['read', 'write'];
}

export default function ApiKeysPage() {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: fetchKeys });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const revoke = useMutation({
    mutationFn: async (key: ApiKey) => {
      await api.DELETE('/api/v1/api-keys/{id}', { params: { path: { id: key.id } } });
      return key;
    },
    onSuccess: (key) => {
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
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
  const items = [...(keys.data ?? [])].sort(
    (a, b) => Number(status(a) !== 'active') - Number(status(b) !== 'active') || b.createdAt.localeCompare(a.createdAt),
  );
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
      <Card withBorder padding={0}>
        {!(keys.isSuccess && items.length === 0) && (
          <TableScroll minWidth={760}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('apiKeys.name')}</Table.Th>
                  <Table.Th>{t('apiKeys.scopes')}</Table.Th>
                  <Table.Th>{t('apiKeys.createdAt')}</Table.Th>
                  <Table.Th>{t('apiKeys.lastUsed')}</Table.Th>
                  <Table.Th>{t('apiKeys.expires')}</Table.Th>
                  <Table.Th>{t('apiKeys.status')}</Table.Th>
                  <Table.Th w={60}>
                    <VisuallyHidden>{t('apiKeys.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {keys.isPending &&
                  Array.from({ length: 3 }, (_, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                    <Table.Tr key={i}>
                      <Table.Td colSpan={7}>
                        <Skeleton height={28} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                {items.map((k) => {
                  const s = status(k);
                  return (
                    <Table.Tr key={k.id} data-testid="api-key-row">
                      <Table.Td>
                        <Stack gap={0}>
                          <Text size="sm" fw={500}>
                            {k.name}
                          </Text>
                          <Code fz="xs" w="fit-content">
                            {k.prefix}…
                          </Code>
                        </Stack>
                      </Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          {k.scopes.map((sc) => (
                            <Badge
                              key={sc}
                              variant="light"
                              color={sc === 'admin' ? 'grape' : sc === 'write' ? 'blue' : 'gray'}
                            >
                              {t(`apiKeys.scope.${sc}`)}
                            </Badge>
                          ))}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{fmt.date(k.createdAt)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {k.lastUsedAt ? (
                          <Tooltip label={fmt.dateTime(k.lastUsedAt)}>
                            <Text size="sm" component="span">
                              {fmt.relative(k.lastUsedAt)}
                            </Text>
                          </Tooltip>
                        ) : (
                          <Text size="sm" c="dimmed">
                            {t('apiKeys.never')}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{k.expiresAt ? fmt.date(k.expiresAt) : t('apiKeys.noExpiry')}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge variant="dot" color={s === 'active' ? 'teal' : s === 'expired' ? 'orange' : 'gray'}>
                          {t(`apiKeys.${s}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {!k.revokedAt && (
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
                        )}
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
        )}
        {keys.isSuccess && items.length === 0 && (
          <EmptyState
            icon={<IconKey size={26} />}
            title={t('apiKeys.emptyTitle')}
            hint={t('apiKeys.emptyHint')}
            action={createButton}
          />
        )}
      </Card>
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

function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (k: CreatedKey) => void }) {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const scopes = allowedScopes(user);
  const form = useForm<{ name: string; scopes: string[]; expiresAt: string | null }>({
    initialValues: { name: '', scopes: ['read'], expiresAt: null },
    validate: {
      name: (v) => (v.trim() ? null : tc('errors.validation')),
      scopes: (v) => (v.length ? null : t('apiKeys.scopesRequired')),
    },
  });
  const create = useMutation({
    mutationFn: async (v: typeof form.values) =>
      data(
        await api.POST('/api/v1/api-keys', {
          body: {
            name: v.name.trim(),
            scopes: v.scopes as Scope[],
            ...(v.expiresAt ? { expiresAt: dayjs(v.expiresAt).endOf('day').toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (k) => {
      void queryClient.invalidateQueries({ queryKey: ['api-keys'] });
      onCreated(k);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('apiKeys.createTitle')}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <ProblemAlert error={create.error} />
          <TextInput
            label={t('apiKeys.name')}
            description={t('apiKeys.nameHelp')}
            required
            maxLength={100}
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Checkbox.Group label={t('apiKeys.scopes')} required {...form.getInputProps('scopes')}>
            <Stack gap="xs" mt="xs">
              {scopes.map((s) => (
                <Checkbox key={s} value={s} label={t(`apiKeys.scope.${s}`)} description={t(`apiKeys.scopeHelp.${s}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <DatePickerInput
            label={t('apiKeys.expiresAt')}
            description={t('apiKeys.expiresHelp')}
            clearable
            valueFormat="DD/MM/YYYY"
            minDate={dayjs().add(1, 'day').format('YYYY-MM-DD')}
            {...form.getInputProps('expiresAt')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {tc('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The secret, this once only, with a copy button and a warning. */
function ShownOnceModal({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('apiKeys.shownOnceTitle')}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
          {t('apiKeys.shownOnceWarning')}
        </Alert>
        <SecretField
          label={`${t('apiKeys.key')} · ${created.name}`}
          value={created.key}
          testId="api-key-secret"
          copyLabel={t('apiKeys.copy')}
          doneLabel={t('apiKeys.done')}
          onDone={onClose}
        />
      </Stack>
    </Modal>
  );
}
