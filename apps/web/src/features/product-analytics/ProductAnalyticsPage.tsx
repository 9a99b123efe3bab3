import { Stack, Tabs } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { AdminOnly } from '../../app/AdminOnly.tsx';
import { useUrlParams } from '../../app/search-params.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { AlertsTab } from './alerts/AlertsTab.tsx';
import { ErrorsTab } from './ErrorsTab.tsx';
import { FeaturesTab } from './FeaturesTab.tsx';
import { FlagsTab } from './flags/FlagsTab.tsx';
import { FunnelsTab } from './funnels/FunnelsTab.tsx';
import { HeatmapTab } from './HeatmapTab.tsx';
import { OverviewTab } from './OverviewTab.tsx';
import { PagesTab } from './PagesTab.tsx';
import { PeriodBar } from './PeriodBar.tsx';
import { usePeriod } from './period.ts';
import { RetentionTab } from './RetentionTab.tsx';
import { RecordingsTab } from './recordings/RecordingsTab.tsx';

const TABS = [
  'overview',
  'pages',
  'features',
  'funnels',
  'retention',
  'heatmap',
  'errors',
  'recordings',
  'flags',
  'alerts',
] as const;
type Tab = (typeof TABS)[number];
/** Tabs whose figures do not depend on the period (definitions, not measures). */
const TIMELESS: readonly Tab[] = ['flags', 'alerts'];

/** /analytics/product: the administrators' analysis of the CRM's own use (docs/ANALYTICS.md, "Web app"). */
export default function ProductAnalyticsPage() {
  return (
    <AdminOnly>
      <ProductAnalytics />
    </AdminOnly>
  );
}

function ProductAnalytics() {
  const { t } = useTranslation('product-analytics');
  const [params, setParams] = useUrlParams();
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'overview';
  const { period, today, setPeriod, preset } = usePeriod();
  // On a phone the strip of tabs scrolls: the chosen tab is brought into it (a link may open on the last one).
  const strip = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const active = strip.current?.querySelector<HTMLElement>(`[data-tab="${tab}"]`);
    const box = strip.current;
    if (active && box) box.scrollLeft = active.offsetLeft - (box.clientWidth - active.offsetWidth) / 2;
  }, [tab]);

  const panel = (() => {
    switch (tab) {
      case 'overview':
        return <OverviewTab period={period} />;
      case 'pages':
        return <PagesTab period={period} />;
      case 'features':
        return <FeaturesTab period={period} />;
      case 'funnels':
        return <FunnelsTab period={period} />;
      case 'retention':
        return <RetentionTab period={period} />;
      case 'heatmap':
        return <HeatmapTab period={period} />;
      case 'errors':
        return <ErrorsTab period={period} />;
      case 'recordings':
        return <RecordingsTab period={period} />;
      case 'flags':
        return <FlagsTab />;
      case 'alerts':
        return <AlertsTab />;
    }
  })();

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Tabs
        value={tab}
        onChange={(v) =>
          setParams((p) => {
            p.set('tab', v ?? 'overview');
            return p;
          })
        }
        keepMounted={false}
      >
        <Tabs.List ref={strip} aria-label={t('tabs.label')} mb="md" className="scroll-x" style={{ flexWrap: 'nowrap' }}>
          {TABS.map((key) => (
            <Tabs.Tab key={key} value={key} data-tab={key} style={{ whiteSpace: 'nowrap' }}>
              {t(`tabs.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Stack gap="md">
          {!TIMELESS.includes(tab) && (
            <PeriodBar
              period={period}
              preset={preset}
              today={today}
              onChange={setPeriod}
              showGranularity={tab === 'overview'}
            />
          )}
          <Tabs.Panel value={tab}>{panel}</Tabs.Panel>
        </Stack>
      </Tabs>
    </>
  );
}
