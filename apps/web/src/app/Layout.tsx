import { AppShell, Group, SegmentedControl, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Outlet } from 'react-router';
import { ApiStatusBadge } from '../features/health/ApiStatusBadge.tsx';
import { LOCALES } from './i18n.ts';

export function Layout() {
  const { t, i18n } = useTranslation();
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={3}>{t('app.name')}</Title>
          <Group gap="sm">
            <ApiStatusBadge />
            <SegmentedControl
              size="xs"
              aria-label={t('app.language')}
              value={i18n.resolvedLanguage ?? 'fr'}
              onChange={(lng) => void i18n.changeLanguage(lng)}
              data={LOCALES.map((l) => ({ value: l, label: l.toUpperCase() }))}
            />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
