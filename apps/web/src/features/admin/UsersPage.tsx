import { ROLES } from '@crm/contracts';
import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconEdit,
  IconKey,
  IconMailForward,
  IconPlayerPlay,
  IconSearch,
  IconShieldCheck,
  IconShieldOff,
  IconUserOff,
  IconUserPlus,
  IconUsers,
} from '@tabler/icons-react';
import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { teamKeys, useTeamsQuery } from '../../app/teams.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { AdminOnly } from './AdminOnly.tsx';
import type { User } from './api.ts';
import { UserFormModal } from './UserFormModal.tsx';

const PAGE = 50;
const ROLE_COLORS: Record<User['role'], string> = { admin: 'grape', manager: 'indigo', user: 'blue', viewer: 'gray' };

export default function UsersPage() {
  return (
    <AdminOnly>
      <Users />
    </AdminOnly>
  );
}

function Users() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const me = useCurrentUser();
  const queryClient = useQueryClient();
  const [params, setParams] = useUrlParams();
  const q = params.get('q') ?? '';
  const role = params.get('role');
  const teamId = params.get('teamId');
  const status = params.get('status') ?? 'all';
  const [search, setSearch] = useState(q);
  /** undefined: no modal; null: creating; a user: editing them. */
  const [editing, setEditing] = useState<User | null | undefined>(undefined);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const setQ = useDebouncedCallback((v: string) => setParam('q', v.trim() || null), 300);

  const teams = useTeamsQuery();
  const teamName = (id: string | null) => (id ? (teams.data?.find((x) => x.id === id)?.name ?? '…') : '—');

  const query = {
    limit: PAGE,
    ...(q ? { q } : {}),
    ...(role ? { role: role as User['role'] } : {}),
    ...(teamId ? { teamId } : {}),
    ...(status === 'active'
      ? { isActive: 'true' as const }
      : status === 'inactive'
        ? { isActive: 'false' as const }
        : {}),
  };
  const list = useInfiniteQuery({
    queryKey: ['users', 'list', query],
    queryFn: async ({ pageParam, signal }) =>
      data(await api.GET('/api/v1/users', { params: { query: { ...query, cursor: pageParam } }, signal })),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  const users = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;

  const setActive = useMutation({
    mutationFn: async ({ user, active }: { user: User; active: boolean }) =>
      active
        ? data(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { isActive: true } }))
        : data(await api.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: (u, { active }) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      void queryClient.invalidateQueries({ queryKey: teamKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['directory'] });
      notifications.show({
        color: 'teal',
        message: active ? t('users.reactivated', { name: u.name }) : t('users.deactivated', { name: u.name }),
      });
    },
  });

  const resendInvitation = useMutation({
    mutationFn: async (user: User) =>
      data(await api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: user.id } } })),
    onSuccess: (u) => {
      void queryClient.invalidateQueries({ queryKey: ['users'] });
      notifications.show({ color: 'teal', message: t('users.invitationResent', { email: u.email }) });
    },
  });

  const sendReset = useMutation({
    mutationFn: async (user: User) =>
      data(await api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: user.id } } })),
    onSuccess: (_, user) => notifications.show({ color: 'teal', message: t('users.resetSent', { email: user.email }) }),
  });

  const confirmSendReset = (user: User) =>
    modals.openConfirmModal({
      title: t('users.sendResetTitle', { name: user.name }),
      children: <Text size="sm">{t('users.sendResetBody', { email: user.email })}</Text>,
      labels: { confirm: t('users.sendResetConfirm'), cancel: tc('actions.cancel') },
      onConfirm: () => sendReset.mutate(user),
    });

  const confirmDeactivate = (user: User) =>
    modals.openConfirmModal({
      title: t('users.deactivateTitle', { name: user.name }),
      children: <Text size="sm">{t('users.deactivateBody', { name: user.name })}</Text>,
      labels: { confirm: t('users.deactivate'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => setActive.mutate({ user, active: false }),
    });

  const roleOptions = ROLES.map((r) => ({ value: r, label: tc(`enums.role.${r}`) }));
  const teamOptions = (teams.data ?? []).map((x) => ({ value: x.id, label: x.name }));

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <Button leftSection={<IconUserPlus size={18} />} onClick={() => setEditing(null)}>
            {t('users.create')}
          </Button>
        }
      />
      <Group mb="md" gap="sm" align="flex-end" wrap="wrap">
        <TextInput
          aria-label={t('users.search')}
          placeholder={t('users.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value);
            setQ(e.currentTarget.value);
          }}
          style={{ flex: '1 1 240px' }}
        />
        <Select
          aria-label={t('users.role')}
          placeholder={t('users.allRoles')}
          data={roleOptions}
          value={role}
          onChange={(v) => setParam('role', v)}
          clearable
          w={{ base: '100%', xs: 180 }}
        />
        <Select
          aria-label={t('users.team')}
          placeholder={t('users.allTeams')}
          data={teamOptions}
          value={teamId}
          onChange={(v) => setParam('teamId', v)}
          clearable
          searchable
          w={{ base: '100%', xs: 200 }}
        />
        <SegmentedControl
          aria-label={t('users.status')}
          value={status}
          onChange={(v) => setParam('status', v === 'all' ? null : v)}
          data={[
            { value: 'all', label: t('users.all') },
            { value: 'active', label: t('users.active') },
            { value: 'inactive', label: t('users.inactive') },
          ]}
        />
      </Group>

      {list.error && <ProblemAlert error={list.error} />}

      <Card withBorder padding={0}>
        <TableScroll minWidth={860}>
          <Table verticalSpacing="sm" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.team')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>
                  <abbr title={t('users.twoFactor')} style={{ textDecoration: 'none' }}>
                    {t('users.twoFactorShort')}
                  </abbr>
                </Table.Th>
                <Table.Th>{t('users.lastLogin')}</Table.Th>
                <Table.Th w={60}>
                  <VisuallyHidden>{t('users.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.isPending &&
                Array.from({ length: 6 }, (_, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                  <Table.Tr key={i}>
                    <Table.Td colSpan={7}>
                      <Skeleton height={28} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              {users.map((u) => (
                <Table.Tr key={u.id} data-testid="user-row">
                  <Table.Td>
                    <Stack gap={0}>
                      <Group gap={6} wrap="nowrap">
                        <Text size="sm" fw={500}>
                          {u.name}
                        </Text>
                        {u.id === me.id && (
                          <Badge size="xs" variant="outline">
                            {t('users.you')}
                          </Badge>
                        )}
                      </Group>
                      <Text size="xs" c="dimmed">
                        {u.email}
                      </Text>
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="light" color={ROLE_COLORS[u.role]} tt="none" miw="max-content">
                      {tc(`enums.role.${u.role}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{teamName(u.teamId)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {u.isActive && u.invitedAt ? (
                      <InvitationStatus user={u} />
                    ) : (
                      <Badge variant="dot" color={u.isActive ? 'teal' : 'gray'} tt="none" miw="max-content">
                        {u.isActive ? t('users.active') : t('users.inactive')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {u.totpEnabled ? (
                      <Group gap={4} wrap="nowrap">
                        <IconShieldCheck size={16} color="var(--mantine-color-teal-filled)" aria-hidden />
                        <Text size="sm">{t('users.on')}</Text>
                      </Group>
                    ) : (
                      <Group gap={4} c="dimmed" wrap="nowrap">
                        <IconShieldOff size={16} aria-hidden />
                        <Text size="sm">{t('users.off')}</Text>
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {u.lastLoginAt ? (
                      <Tooltip label={fmt.dateTime(u.lastLoginAt)}>
                        <Text size="sm" component="span">
                          {fmt.relative(u.lastLoginAt)}
                        </Text>
                      </Tooltip>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('users.never')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" withinPortal>
                      <Menu.Target>
                        <ActionIcon variant="subtle" aria-label={t('users.actionsFor', { name: u.name })}>
                          <IconDots size={18} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => setEditing(u)}>
                          {t('users.edit')}
                        </Menu.Item>
                        {u.isActive && u.invitedAt && (
                          <Menu.Item
                            leftSection={<IconMailForward size={16} />}
                            onClick={() => resendInvitation.mutate(u)}
                          >
                            {t('users.resendInvitation')}
                          </Menu.Item>
                        )}
                        {u.isActive && !u.invitedAt && (
                          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => confirmSendReset(u)}>
                            {t('users.sendReset')}
                          </Menu.Item>
                        )}
                        {u.isActive ? (
                          <Menu.Item
                            color="red"
                            leftSection={<IconUserOff size={16} />}
                            disabled={u.id === me.id}
                            onClick={() => confirmDeactivate(u)}
                          >
                            {t('users.deactivate')}
                          </Menu.Item>
                        ) : (
                          <Menu.Item
                            leftSection={<IconPlayerPlay size={16} />}
                            onClick={() => setActive.mutate({ user: u, active: true })}
                          >
                            {t('users.reactivate')}
                          </Menu.Item>
                        )}
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </TableScroll>
        {!list.isPending && users.length === 0 && (
          <EmptyState
            icon={<IconUsers size={26} />}
            title={t('users.emptyTitle')}
            hint={t('users.emptyHint')}
            action={
              <Button variant="light" onClick={() => setEditing(null)}>
                {t('users.create')}
              </Button>
            }
          />
        )}
      </Card>
      <Group justify="space-between" mt="sm">
        <Text size="sm" c="dimmed" role="status">
          {list.data ? t('users.total', { count: total }) : ''}
        </Text>
        {list.hasNextPage && (
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('users.loadMore')}
          </Button>
        )}
      </Group>

      {editing !== undefined && (
        <UserFormModal
          key={editing?.id ?? 'new'}
          user={editing}
          teams={teams.data ?? []}
          opened
          onClose={() => setEditing(undefined)}
        />
      )}
    </>
  );
}

/** A user who has not chosen a password yet: the invitation, when it was sent and until when its link works. */
function InvitationStatus({ user }: { user: User }) {
  const { t } = useTranslation('admin');
  const fmt = useFormat();
  const expired = user.invitationExpiresAt !== null && Date.parse(user.invitationExpiresAt) <= Date.now();
  const dates = { date: fmt.date(user.invitedAt), expires: fmt.date(user.invitationExpiresAt) };
  return (
    <Stack gap={2} data-testid="invitation-status">
      <Badge variant="dot" color={expired ? 'orange' : 'blue'} tt="none" miw="max-content">
        {expired ? t('users.invitationExpired') : t('users.invitationSent')}
      </Badge>
      <Text size="xs" c="dimmed">
        {expired ? t('users.invitationExpiredOn', dates) : t('users.invitationSentOn', dates)}
      </Text>
    </Stack>
  );
}
