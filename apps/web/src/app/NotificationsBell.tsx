import { ActionIcon, Indicator, Popover, Stack, Text } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../ui/EmptyState.tsx';

/** The bell: the user's notifications (empty until features send some). */
export function NotificationsBell() {
  const { t } = useTranslation();
  const unread = 0;
  return (
    <Popover position="bottom-end" width={340} shadow="md">
      <Popover.Target>
        <Indicator disabled={unread === 0} label={unread} size={16} offset={4}>
          <ActionIcon variant="subtle" size="lg" aria-label={t('shell.notifications')} data-testid="notifications-bell">
            <IconBell size={20} />
          </ActionIcon>
        </Indicator>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text fw={600}>{t('shell.notifications')}</Text>
          <EmptyState title={t('shell.notificationsEmpty')} icon={<IconBell size={24} />} />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}
