import { Badge, Button, Card, Group, Skeleton, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDeviceDesktop, IconDeviceMobile, IconLogout } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useSignOut } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { accountKeys } from '../../app/query-keys.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { type Session, sessionsQuery } from './queries.ts';

/** Sessions listed before "show all": this device and the most recent others. */
const VISIBLE = 5;

/** "Chrome on Windows" from a user-agent string (enough to recognise one's own devices). */
export function describeUserAgent(ua: string | null): { browser: string; os: string; mobile: boolean } | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\//.test(ua)
      ? 'Opera'
      : /Firefox\//.test(ua)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(ua)
          ? 'Chrome'
          : /Safari\//.test(ua)
            ? 'Safari'
            : null;
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /iPhone|iPad|iPod/.test(ua)
      ? 'iOS'
      : /Mac OS X|Macintosh/.test(ua)
        ? 'macOS'
        : /Android/.test(ua)
          ? 'Android'
          : /Linux/.test(ua)
            ? 'Linux'
            : null;
  if (!browser && !os) return null;
  return { browser: browser ?? ua.split(/[/\s]/)[0] ?? '?', os: os ?? '?', mobile: /Mobile|Android|iPhone/.test(ua) };
}

/** My live sessions (GET /auth/sessions), each with a sign-out; "sign out the others" in one go. */
export function SessionsCard() {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const signOut = useSignOut();
  const sessions = useQuery(sessionsQuery);
  const [showAll, setShowAll] = useState(false);

  const revoke = useMutation({
    mutationFn: async (ids: string[]) => {
      for (const id of ids) await api.DELETE('/api/v1/auth/sessions/{id}', { params: { path: { id } } });
      return ids;
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.sessions });
      notifications.show({ color: 'teal', message: t('sessions.revoked') });
    },
  });

  const device = (s: Session) => {
    const d = describeUserAgent(s.userAgent);
    return d ? t('sessions.deviceOn', { browser: d.browser, os: d.os }) : t('sessions.unknownDevice');
  };

  const confirmRevoke = (s: Session) =>
    modals.openConfirmModal({
      title: t('sessions.revokeTitle'),
      children: (
        <Text size="sm">
          {device(s)} — {s.current ? t('sessions.revokeCurrentBody') : t('sessions.revokeBody')}
        </Text>
      ),
      labels: { confirm: t('sessions.revoke'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => {
        if (s.current) void signOut();
        else revoke.mutate([s.id]);
      },
    });

  const items = [...(sessions.data ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );
  const others = items.filter((s) => !s.current);
  const shown = showAll ? items : items.slice(0, VISIBLE);

  const confirmRevokeOthers = () =>
    modals.openConfirmModal({
      title: t('sessions.revokeOthersTitle'),
      children: <Text size="sm">{t('sessions.revokeOthersBody', { count: others.length })}</Text>,
      labels: { confirm: t('sessions.revokeOthers'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => revoke.mutate(others.map((s) => s.id)),
    });

  return (
    <Card withBorder padding="lg">
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
        <div>
          <Title order={2} size="h4">
            {t('sessions.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('sessions.help')}
          </Text>
        </div>
        {others.length > 0 && (
          <Button
            variant="light"
            color="red"
            size="xs"
            leftSection={<IconLogout size={16} />}
            onClick={confirmRevokeOthers}
            loading={revoke.isPending}
          >
            {t('sessions.revokeOthers')}
          </Button>
        )}
      </Group>
      <ProblemAlert error={sessions.error} />
      {sessions.isPending ? (
        <Stack gap="xs">
          <Skeleton height={48} />
          <Skeleton height={48} />
        </Stack>
      ) : (
        <Stack gap={0} component="ul" p={0} m={0} style={{ listStyle: 'none' }} aria-label={t('sessions.title')}>
          {shown.map((s) => {
            const d = describeUserAgent(s.userAgent);
            const Icon = d?.mobile ? IconDeviceMobile : IconDeviceDesktop;
            return (
              <Group
                component="li"
                key={s.id}
                justify="space-between"
                wrap="nowrap"
                py="sm"
                style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}
                data-testid="session-row"
              >
                <Group wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
                  <ThemeIcon variant="light" color={s.current ? 'teal' : 'gray'} size="lg" radius="xl">
                    <Icon size={18} />
                  </ThemeIcon>
                  <div style={{ minWidth: 0 }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500} truncate>
                        {device(s)}
                      </Text>
                      {s.current && (
                        <Badge size="xs" color="teal" variant="light">
                          {t('sessions.current')}
                        </Badge>
                      )}
                    </Group>
                    <Text size="xs" c="dimmed">
                      {[
                        s.ip ? t('sessions.ip', { ip: s.ip }) : null,
                        t('sessions.lastSeen', { when: fmt.relative(s.lastSeenAt) }),
                        t('sessions.started', { when: fmt.date(s.createdAt) }),
                      ]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                  </div>
                </Group>
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  style={{ flex: 'none' }}
                  aria-label={t('sessions.revokeFor', { device: device(s) })}
                  onClick={() => confirmRevoke(s)}
                >
                  {t('sessions.revoke')}
                </Button>
              </Group>
            );
          })}
        </Stack>
      )}
      {items.length > VISIBLE && (
        <Button variant="subtle" size="xs" mt="xs" onClick={() => setShowAll((v) => !v)}>
          {showAll ? t('sessions.showFewer') : t('sessions.showAll', { count: items.length })}
        </Button>
      )}
      {sessions.isSuccess && others.length === 0 && (
        <Text size="sm" c="dimmed" pt="xs">
          {t('sessions.empty')}
        </Text>
      )}
    </Card>
  );
}
