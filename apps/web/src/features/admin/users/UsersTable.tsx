import { ActionIcon, Badge, Button, Group, Menu, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconDots,
  IconEdit,
  IconKey,
  IconMailForward,
  IconPlayerPlay,
  IconShieldCheck,
  IconShieldOff,
  IconUserOff,
  IconUsers,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../../app/auth.tsx';
import { useFormat } from '../../../app/format.ts';
import { useTeams } from '../../../app/teams.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { SimpleTable, type TablePager } from '../../../ui/SimpleTable.tsx';
import type { User } from '../api.ts';
import { type UserActions, useUserActions } from './useUserActions.tsx';

const ROLE_COLORS: Record<User['role'], string> = { admin: 'grape', manager: 'indigo', user: 'blue', viewer: 'gray' };

/** The accounts: name and e-mail, role, team, status (or the pending invitation), two-factor, last sign-in, actions. */
export function UsersTable({
  users,
  pending,
  pager,
  onEdit,
  onCreate,
}: {
  users: User[] | undefined;
  pending: boolean;
  pager: TablePager;
  onEdit: (user: User) => void;
  onCreate: () => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const me = useCurrentUser();
  const { teamName } = useTeams();
  const actions = useUserActions();

  return (
    <SimpleTable
      minWidth={860}
      rows={users}
      pending={pending}
      skeleton={{ rows: 6, height: 28 }}
      verticalSpacing="sm"
      striped={false}
      rowTestId="user-row"
      pager={pager}
      empty={
        <EmptyState
          icon={<IconUsers size={26} />}
          title={t('users.emptyTitle')}
          hint={t('users.emptyHint')}
          action={
            <Button variant="light" onClick={onCreate}>
              {t('users.create')}
            </Button>
          }
        />
      }
      columns={[
        {
          key: 'name',
          header: t('users.name'),
          render: (u) => (
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
          ),
        },
        {
          key: 'role',
          header: t('users.role'),
          render: (u) => (
            <Badge variant="light" color={ROLE_COLORS[u.role]} tt="none" miw="max-content">
              {tc(`enums.role.${u.role}`)}
            </Badge>
          ),
        },
        { key: 'team', header: t('users.team'), render: (u) => <Text size="sm">{teamName(u.teamId)}</Text> },
        {
          key: 'status',
          header: t('users.status'),
          render: (u) =>
            u.isActive && u.invitedAt ? (
              <InvitationStatus user={u} />
            ) : (
              <Badge variant="dot" color={u.isActive ? 'teal' : 'gray'} tt="none" miw="max-content">
                {u.isActive ? t('users.active') : t('users.inactive')}
              </Badge>
            ),
        },
        {
          key: 'totp',
          header: (
            <abbr title={t('users.twoFactor')} style={{ textDecoration: 'none' }}>
              {t('users.twoFactorShort')}
            </abbr>
          ),
          render: (u) =>
            u.totpEnabled ? (
              <Group gap={4} wrap="nowrap">
                <IconShieldCheck size={16} color="var(--mantine-color-teal-filled)" aria-hidden />
                <Text size="sm">{t('users.on')}</Text>
              </Group>
            ) : (
              <Group gap={4} c="dimmed" wrap="nowrap">
                <IconShieldOff size={16} aria-hidden />
                <Text size="sm">{t('users.off')}</Text>
              </Group>
            ),
        },
        {
          key: 'lastLogin',
          header: t('users.lastLogin'),
          render: (u) =>
            u.lastLoginAt ? (
              <Tooltip label={fmt.dateTime(u.lastLoginAt)}>
                <Text size="sm" component="span">
                  {fmt.relative(u.lastLoginAt)}
                </Text>
              </Tooltip>
            ) : (
              <Text size="sm" c="dimmed">
                {t('users.never')}
              </Text>
            ),
        },
        {
          key: 'actions',
          header: t('users.actions'),
          hidden: true,
          width: 60,
          render: (u) => <UserMenu user={u} self={u.id === me.id} actions={actions} onEdit={onEdit} />,
        },
      ]}
    />
  );
}

function UserMenu({
  user: u,
  self,
  actions,
  onEdit,
}: {
  user: User;
  self: boolean;
  actions: UserActions;
  onEdit: (user: User) => void;
}) {
  const { t } = useTranslation('admin');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={t('users.actionsFor', { name: u.name })}>
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconEdit size={16} />} onClick={() => onEdit(u)}>
          {t('users.edit')}
        </Menu.Item>
        {u.isActive && u.invitedAt && (
          <Menu.Item leftSection={<IconMailForward size={16} />} onClick={() => actions.resendInvitation(u)}>
            {t('users.resendInvitation')}
          </Menu.Item>
        )}
        {u.isActive && !u.invitedAt && (
          <Menu.Item leftSection={<IconKey size={16} />} onClick={() => actions.confirmSendReset(u)}>
            {t('users.sendReset')}
          </Menu.Item>
        )}
        {u.isActive ? (
          <Menu.Item
            color="red"
            leftSection={<IconUserOff size={16} />}
            disabled={self}
            onClick={() => actions.confirmDeactivate(u)}
          >
            {t('users.deactivate')}
          </Menu.Item>
        ) : (
          <Menu.Item leftSection={<IconPlayerPlay size={16} />} onClick={() => actions.reactivate(u)}>
            {t('users.reactivate')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
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
