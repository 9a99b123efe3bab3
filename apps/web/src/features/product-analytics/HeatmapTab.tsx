import { Grid, Group, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import { barChart } from '../../ui/charts/builders.ts';
import { Chart } from '../../ui/charts/Chart.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { ClickOverlay } from './ClickOverlay.tsx';
import type { Period } from './period.ts';
import { heatmapQuery, pagesQuery } from './queries.ts';

/** A page of the CRM with its clicks drawn over it, its scroll depth and its most clicked elements. */
export function HeatmapTab({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const fmt = useFormat();
  const pages = useQuery(pagesQuery(period));
  const routes = (pages.data?.items ?? []).map((p) => p.route);
  const [chosen, setChosen] = useState<string | null>(null);
  const route = chosen && routes.includes(chosen) ? chosen : (routes[0] ?? '');
  const [paths, setPaths] = useState<Record<string, string>>({});
  const path = paths[route] ?? (route.includes(':') ? '' : route);
  const [overlay, setOverlay] = useState(true);
  const heatmap = useQuery(heatmapQuery(period, route));
  const h = heatmap.data;

  const scroll = useMemo(
    () =>
      barChart({
        categoryLabel: t('heatmap.scrollFrom'),
        categories: (h?.scroll.distribution ?? []).map((d) =>
          t('heatmap.scrollBucket', { from: d.fromPercent, to: d.toPercent }),
        ),
        series: [{ name: t('heatmap.scrollViews'), data: (h?.scroll.distribution ?? []).map((d) => d.views) }],
        format: (v) => fmt.number(v),
        integers: true,
      }),
    [h, t, fmt],
  );

  if (pages.data && routes.length === 0) return <EmptyState title={t('heatmap.noRoute')} />;
  return (
    <Stack gap="md">
      {(pages.error || heatmap.error) && <ProblemAlert error={pages.error ?? heatmap.error} />}
      <Group gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t('heatmap.route')}
          description={t('heatmap.routeHint')}
          data={routes}
          value={route || null}
          onChange={setChosen}
          searchable
          allowDeselect={false}
          w={280}
        />
        {route.includes(':') && (
          <TextInput
            label={t('heatmap.path')}
            description={t('heatmap.pathHint')}
            value={path}
            placeholder={route}
            onChange={(e) => setPaths((p) => ({ ...p, [route]: e.currentTarget.value }))}
            w={300}
          />
        )}
        <Switch
          label={t('heatmap.showOverlay')}
          checked={overlay}
          onChange={(e) => setOverlay(e.currentTarget.checked)}
        />
      </Group>
      {h && (
        <Group gap="lg">
          <Text size="sm" data-testid="heatmap-clicks">
            {t('heatmap.clicks')} : <b>{fmt.number(h.clicks)}</b>
          </Text>
          <Text size="sm">
            {t('heatmap.rageClicks')} : <b>{fmt.number(h.rageClicks)}</b>
          </Text>
        </Group>
      )}
      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 8 }}>
          {route && (
            <ClickOverlay
              route={route}
              path={path.startsWith('/') ? path : null}
              grid={h?.grid}
              showOverlay={overlay}
              emptyText={h && h.clicks === 0 ? t('heatmap.noClicks') : null}
            />
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 4 }}>
          <SimpleGrid cols={1} spacing="md">
            <Chart
              spec={scroll}
              label={t('heatmap.scroll')}
              loading={heatmap.isPending && route !== ''}
              height={220}
              extra={
                h?.scroll.avgPercent != null && (
                  <Text size="xs" c="dimmed">
                    {t('heatmap.scrollAvg', { value: fmt.percent(h.scroll.avgPercent) })}
                  </Text>
                )
              }
            />
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t('heatmap.selectors')}
              </Text>
              <SimpleTable
                minWidth={300}
                rows={h?.selectors}
                pending={heatmap.isPending && route !== ''}
                rowKey={(s) => s.selector}
                empty={<EmptyState title={t('heatmap.noClicks')} />}
                columns={[
                  {
                    key: 'selector',
                    header: t('heatmap.selector'),
                    render: (s) => (
                      <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                        {s.selector}
                      </Text>
                    ),
                  },
                  { key: 'count', header: t('heatmap.count'), align: 'right', render: (s) => fmt.number(s.count) },
                ]}
              />
            </Stack>
          </SimpleGrid>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
