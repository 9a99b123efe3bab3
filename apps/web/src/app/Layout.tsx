import { AppShell, Burger, Group, NavLink, ScrollArea, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBriefcase,
  IconBuilding,
  IconChartBar,
  IconChartDots,
  IconChecklist,
  IconCoin,
  IconFileImport,
  IconHome,
  IconMail,
  IconServer2,
  IconShieldLock,
  IconSpeakerphone,
  IconTrash,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterNavLink, useLocation } from 'react-router';
import { PageSkeleton } from '../ui/PageSkeleton.tsx';
import { AnalyticsConsent } from './analytics/AnalyticsConsent.tsx';
import { hasRole, useCurrentUser } from './auth.tsx';
import { dynamicKey } from './i18n-types.ts';
import { NotificationsBell } from './NotificationsBell.tsx';
import { SearchButton, SearchSpotlight } from './Search.tsx';
import { UserMenu } from './UserMenu.tsx';

const MAIN = [
  { to: '/', key: 'home', icon: IconHome, end: true },
  { to: '/organisations', key: 'organisations', icon: IconBuilding },
  { to: '/people', key: 'people', icon: IconUsers },
  { to: '/mandats', key: 'mandats', icon: IconBriefcase },
  { to: '/produits', key: 'produits', icon: IconCoin },
  { to: '/tasks', key: 'tasks', icon: IconChecklist },
  { to: '/campaigns', match: '/campaigns', key: 'campaigns', icon: IconSpeakerphone },
  { to: '/analytics', key: 'analytics', icon: IconChartBar, end: true },
] as const;
const TOOLS = [
  { to: '/imports', key: 'imports', icon: IconFileImport },
  { to: '/recycle-bin', key: 'recycleBin', icon: IconTrash },
] as const;
const ADMIN = [
  { to: '/admin/users', key: 'users', icon: IconUsers },
  { to: '/admin/teams', key: 'teams', icon: IconUsersGroup },
  { to: '/admin/audit', key: 'audit', icon: IconShieldLock },
  { to: '/admin/system', key: 'system', icon: IconServer2 },
  { to: '/admin/mail', key: 'mail', icon: IconMail },
  { to: '/analytics/product', key: 'productAnalytics', icon: IconChartDots },
] as const;

/** `match`: the part of the address under which the entry is the current one (a section's other pages). */
type Item = { to: string; key: string; icon: typeof IconHome; end?: boolean; match?: string };

export function Layout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();

  const link = (item: Item) => {
    const active = item.end ? location.pathname === item.to : location.pathname.startsWith(item.match ?? item.to);
    return (
      <NavLink
        key={item.to}
        component={RouterNavLink}
        to={item.to}
        end={item.end}
        label={t(dynamicKey(`nav.${item.key}`))}
        leftSection={<item.icon size={18} stroke={1.6} />}
        active={active}
        onClick={close}
        aria-current={active ? 'page' : undefined}
      />
    );
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.openMenu')} />
            <UnstyledButton component={RouterNavLink} to="/" aria-label={t('nav.home')}>
              <Text fw={700} c="indigo" visibleFrom="xs">
                {t('app.name')}
              </Text>
            </UnstyledButton>
          </Group>
          <SearchButton />
          <Group gap="xs" wrap="nowrap">
            <Suspense fallback={null}>
              <NotificationsBell />
            </Suspense>
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.mainMenu')}>
        <AppShell.Section grow component={ScrollArea}>
          {MAIN.map(link)}
          <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" mt="md" mb={4}>
            {t('nav.tools')}
          </Text>
          {TOOLS.map(link)}
          {hasRole(user, 'admin') && (
            <>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" mt="md" mb={4}>
                {t('nav.admin')}
              </Text>
              {ADMIN.map(link)}
            </>
          )}
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main">
        <Suspense fallback={<PageSkeleton />}>
          <Outlet />
        </Suspense>
      </AppShell.Main>
      <SearchSpotlight />
      <AnalyticsConsent />
    </AppShell>
  );
}
