import { Avatar, Menu, UnstyledButton } from '@mantine/core';
import { IconKey, IconLogout, IconUser, IconWebhook } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canWrite, useCurrentUser, useSignOut } from './auth.tsx';
import { PreferencesMenu } from './PreferencesMenu.tsx';

export function UserMenu() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const signOut = useSignOut();
  const initials = user.name
    .split(/\s+/)
    .map((p) => p[0])
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <Menu position="bottom-end" width={260} closeOnItemClick>
      <Menu.Target>
        <UnstyledButton aria-label={t('shell.userMenu')} data-testid="user-menu">
          <Avatar color="indigo" radius="xl" size={34}>
            {initials}
          </Avatar>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          {user.name} · {t(`enums.role.${user.role}`)}
        </Menu.Label>
        <Menu.Item component={Link} to="/profile" leftSection={<IconUser size={16} />}>
          {t('nav.profile')}
        </Menu.Item>
        <Menu.Item component={Link} to="/profile/api-keys" leftSection={<IconKey size={16} />}>
          {t('nav.apiKeys')}
        </Menu.Item>
        {canWrite(user) && (
          <Menu.Item component={Link} to="/settings/integrations" leftSection={<IconWebhook size={16} />}>
            {t('nav.integrations')}
          </Menu.Item>
        )}
        <Menu.Divider />
        <Menu.Label>{t('app.language')}</Menu.Label>
        <div style={{ padding: '4px 12px 8px' }}>
          <PreferencesMenu />
        </div>
        <Menu.Divider />
        <Menu.Item color="red" leftSection={<IconLogout size={16} />} onClick={() => void signOut()}>
          {t('shell.signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
