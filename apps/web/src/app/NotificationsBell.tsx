import {
  ActionIcon,
  Box,
  Button,
  Divider,
  Group,
  Indicator,
  Loader,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data, type Schemas } from '../api/client.ts';
import { EmptyState } from '../ui/EmptyState.tsx';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { useFormat } from './format.ts';
import { notificationsQuery } from './queries.ts';
import { notificationKeys } from './query-keys.ts';
import { isRecordType, RECORDS, type RecordType } from './records.ts';

type Notification = Schemas['Notification'];

/**
 * The records a notification's data may point at by id (`task.assigned` → `{ taskId }`), the most specific first: the
 * task before the records it hangs on.
 */
const OPENS_FIRST: RecordType[] = ['task', 'organisation', 'person', 'mandat', 'produit'];

/** Where clicking a notification goes: an explicit same-origin link, else the record its ids point at. */
export function notificationLink(n: Pick<Notification, 'data'>): string | null {
  const d = n.data ?? {};
  for (const key of ['link', 'url', 'path', 'href']) {
    const v = d[key];
    if (typeof v === 'string' && v.startsWith('/') && !v.startsWith('//')) return v;
  }
  const type = d.entityType;
  const id = d.entityId;
  const page = isRecordType(type) ? RECORDS[type].page : null;
  if (page && typeof id === 'string') return page(id);
  for (const entity of OPENS_FIRST) {
    const { linkKey, page } = RECORDS[entity];
    const v = d[linkKey];
    if (page && typeof v === 'string' && v) return page(v);
  }
  return null;
}

/** The bell: my notifications, newest first, polled every minute; click marks read and opens the record. */
export function NotificationsBell() {
  const { t } = useTranslation('notifications');
  const fmt = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);

  const list = useQuery(notificationsQuery);
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.items ?? [];

  const markRead = useMutation({
    mutationFn: async (id: string) =>
      data(await api.POST('/api/v1/notifications/{id}/read', { params: { path: { id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
  const markAll = useMutation({
    mutationFn: async () => data(await api.POST('/api/v1/notifications/read-all')),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    const to = notificationLink(n);
    if (to) {
      setOpened(false);
      navigate(to);
    }
  };

  const label = unread > 0 ? t('bell', { count: unread }) : t('title');

  return (
    <Popover
      position="bottom-end"
      width={360}
      shadow="md"
      opened={opened}
      onChange={setOpened}
      onOpen={() => void list.refetch()}
      trapFocus
      returnFocus
    >
      {/* The target is the button itself (its aria-expanded/haspopup are not allowed on the indicator's div). */}
      <Indicator disabled={unread === 0} label={unread > 99 ? '99+' : unread} size={16} offset={4} color="red">
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={label}
            data-testid="notifications-bell"
            onClick={() => setOpened((o) => !o)}
          >
            <IconBell size={20} />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p={0} aria-label={t('title')} role="dialog">
        <Group justify="space-between" px="md" py="sm" wrap="nowrap">
          <Text fw={600}>{t('title')}</Text>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconChecks size={16} />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
          >
            {t('markAllRead')}
          </Button>
        </Group>
        <Divider />
        {list.error ? (
          <Box p="sm">
            <ProblemAlert error={list.error} />
          </Box>
        ) : list.isPending ? (
          <Group justify="center" p="lg">
            <Loader size="sm" />
          </Group>
        ) : items.length === 0 ? (
          <EmptyState title={t('empty')} hint={t('emptyHint')} icon={<IconBell size={24} />} />
        ) : (
          <ScrollArea.Autosize mah={420} type="auto">
            <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('list')}>
              {items.map((n) => (
                <li key={n.id}>
                  <UnstyledButton
                    w="100%"
                    px="md"
                    py="sm"
                    onClick={() => open(n)}
                    data-testid="notification-item"
                    data-unread={!n.readAt || undefined}
                    style={{
                      display: 'block',
                      borderBottom: '1px solid var(--mantine-color-default-border)',
                      background: n.readAt ? undefined : 'var(--mantine-primary-color-light)',
                    }}
                  >
                    <Group gap="sm" wrap="nowrap" align="flex-start">
                      <Box
                        mt={6}
                        w={8}
                        h={8}
                        style={{
                          flex: 'none',
                          borderRadius: '50%',
                          background: n.readAt ? 'transparent' : 'var(--mantine-primary-color-filled)',
                        }}
                        aria-hidden
                      />
                      <Box style={{ minWidth: 0, flex: 1 }}>
                        <Text size="sm" fw={n.readAt ? 400 : 600} lineClamp={2}>
                          {n.readAt ? null : <VisuallyHidden component="span">{t('unread')} · </VisuallyHidden>}
                          {n.title}
                        </Text>
                        {n.body && (
                          <Text size="xs" c="dimmed" lineClamp={2}>
                            {n.body}
                          </Text>
                        )}
                        <Text size="xs" c="dimmed" mt={2} title={fmt.dateTime(n.createdAt)}>
                          {fmt.relative(n.createdAt)}
                        </Text>
                      </Box>
                    </Group>
                  </UnstyledButton>
                </li>
              ))}
            </Stack>
          </ScrollArea.Autosize>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
