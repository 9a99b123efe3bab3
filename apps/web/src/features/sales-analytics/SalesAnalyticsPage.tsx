import { Button, Group, Stack, Switch, Tabs } from '@mantine/core';
import { useClipboard, useLocalStorage } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconLink } from '@tabler/icons-react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { parisToday } from '../../app/paris-time.ts';
import { useHub } from '../../app/sales-analytics/hub.ts';
import { recentWinsQuery, salesKeys } from '../../app/sales-analytics/queries.ts';
import {
  hubFilters,
  readView,
  type SalesView,
  TABS,
  type Tab,
  withinFilters,
  writeView,
} from '../../app/sales-analytics/view.ts';
import { useUrlParams } from '../../app/search-params.ts';
import { useTeams } from '../../app/teams.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ActivityTab } from './ActivityTab.tsx';
import { FilterBar } from './FilterBar.tsx';
import { MarketingTab } from './MarketingTab.tsx';
import { PerformanceTab } from './PerformanceTab.tsx';
import { SalesTab } from './SalesTab.tsx';

/** How often the figures are fetched again with auto refresh on, and how often wins are looked for. */
const REFRESH_MS = 30_000;
const WINS_MS = 15_000;

/**
 * `/analytics`: the sales analytics hub (docs/SALES_ANALYTICS.md, "Web app"), for every signed-in user over what they
 * may see. Four tabs of charts; the view (tab, period, grouping, comparison, team, sales people, kind) is in the URL;
 * the team and the sales people are offered only to those whose scope they can narrow (`hubFilters`).
 */
export default function SalesAnalyticsPage() {
  const { t } = useTranslation('sales-analytics');
  const me = useCurrentUser();
  const { teamName } = useTeams();
  const [params, setParams] = useUrlParams();
  const today = parisToday();
  const filters = useMemo(() => hubFilters({ role: me.role, teamId: me.teamId }), [me.role, me.teamId]);
  const view = useMemo(() => withinFilters(readView(params, today), filters), [params, today, filters]);
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'ventes';
  const [autoRefresh, setAutoRefresh] = useLocalStorage({ key: 'crm.analytics.autoRefresh', defaultValue: false });
  const hub = useHub(view, autoRefresh ? REFRESH_MS : false);
  const clipboard = useClipboard({ timeout: 2000 });
  useLiveWins();

  const change = (patch: Partial<SalesView>) => setParams((p) => writeView(p, patch), { replace: true });

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={
          me.role === 'admin'
            ? t('subtitle')
            : me.teamId
              ? t('subtitleTeam', { team: teamName(me.teamId) })
              : t('subtitleOwn')
        }
        actions={
          <Group gap="sm">
            <Switch
              label={t('filters.autoRefresh')}
              checked={autoRefresh}
              onChange={(e) => setAutoRefresh(e.currentTarget.checked)}
            />
            <Button
              variant="default"
              leftSection={<IconLink size={16} />}
              onClick={() => clipboard.copy(window.location.href)}
            >
              {clipboard.copied ? t('filters.copied') : t('filters.share')}
            </Button>
          </Group>
        }
      />
      <Tabs
        value={tab}
        onChange={(v) =>
          setParams((p) => {
            p.set('tab', v ?? 'ventes');
            return p;
          })
        }
        keepMounted={false}
      >
        <Tabs.List aria-label={t('tabs.label')} mb="md" className="scroll-x" style={{ flexWrap: 'nowrap' }}>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key} style={{ whiteSpace: 'nowrap' }}>
              {t(`tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Stack gap="md">
          <FilterBar view={view} today={today} filters={filters} onChange={change} />
          <Tabs.Panel value={tab}>
            {tab === 'ventes' ? (
              <SalesTab hub={hub} />
            ) : tab === 'marketing' ? (
              <MarketingTab hub={hub} />
            ) : tab === 'activite' ? (
              <ActivityTab hub={hub} />
            ) : (
              <PerformanceTab hub={hub} />
            )}
          </Tabs.Panel>
        </Stack>
      </Tabs>
    </>
  );
}

/**
 * Live update when a deal is won: the mandates won since the page opened are looked for every 15 s while the tab is
 * visible (the list applies the caller's scope); a new one refreshes every figure, and one a colleague won is
 * announced.
 */
function useLiveWins() {
  const { t } = useTranslation('sales-analytics');
  const me = useCurrentUser();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const queryClient = useQueryClient();
  const [since] = useState(() => new Date().toISOString());
  const wins = useQuery(recentWinsQuery(since, WINS_MS));
  const seen = useRef(new Set<string>());
  useEffect(() => {
    const fresh = (wins.data?.items ?? []).filter((m) => !seen.current.has(m.id));
    if (!fresh.length) return;
    for (const m of fresh) {
      seen.current.add(m.id);
      if (m.ownerId === me.id) continue;
      notifications.show({
        color: 'teal',
        title: t('live.title'),
        message: t('live.message', {
          owner: userName(m.ownerId),
          title: m.title,
          amount: fmt.money(m.amount, m.currency),
        }),
      });
    }
    void queryClient.invalidateQueries({
      queryKey: salesKeys.all,
      predicate: (q) => q.queryKey[1] !== 'recent-wins',
    });
  }, [wins.data, me.id, t, fmt, userName, queryClient]);
}
