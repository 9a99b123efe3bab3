import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDatabaseOff, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { api, data, type paths, type Schemas } from '../../api/client.ts';
import { type Formatters, useFormat } from '../../app/format.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { cacheStatsQuery, systemKeys } from './queries.ts';

type Namespace = NonNullable<NonNullable<paths['/api/v1/cache']['delete']['parameters']['query']>['namespace']>;

/** A namespace and its figures (none yet for one that cached nothing). */
type NamespaceRow = [string, Schemas['CacheNamespaceStats'] | undefined];

/** The namespaces the API caches (and clears one by one), in the order of the sidebar. */
const NAMESPACES = [
  'organisations',
  'people',
  'mandats',
  'produits',
  'search',
  'analytics',
] as const satisfies readonly Namespace[];

/** Bytes in the largest unit that keeps the number above 1 (`12,4 Mo`). */
function bytes(n: number | null | undefined, fmt: Formatters, t: TFunction<'admin'>): string {
  if (n === null || n === undefined) return t('system.cache.unknown');
  const units = ['bytes', 'kib', 'mib', 'gib'] as const;
  let value = n;
  let i = 0;
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024;
    i++;
  }
  return t(dynamicKey(`system.cache.${units[i]}`), { value: fmt.number(value, i === 0 ? 0 : 1) });
}

/** The read cache: what it is, how often it answers, what it holds, per namespace, and the clear buttons. */
export function CacheSection() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const stats = useQuery(cacheStatsQuery);
  const s = stats.data;
  const rate = (r: number) => fmt.percent(r * 100);
  const nsLabel = (ns: string) => t(`system.cache.ns.${ns}`, { defaultValue: ns });

  const clear = useMutation({
    mutationFn: async (namespace: Namespace | null) =>
      data(await api.DELETE('/api/v1/cache', { params: { query: namespace ? { namespace } : {} } })),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: systemKeys.cacheStats });
      notifications.show({ color: 'teal', message: t('system.cache.cleared', { count: res.removed }) });
    },
  });
  const confirmClear = (namespace: Namespace | null) =>
    modals.openConfirmModal({
      title: namespace
        ? t('system.cache.clearNamespaceTitle', { name: nsLabel(namespace) })
        : t('system.cache.clearTitle'),
      children: <Text size="sm">{t('system.cache.clearBody')}</Text>,
      labels: {
        confirm: namespace ? t('system.cache.clearNamespace') : t('system.cache.clear'),
        cancel: tc('actions.cancel'),
      },
      confirmProps: { color: 'red' },
      onConfirm: () => clear.mutate(namespace),
    });

  const rows: NamespaceRow[] = [
    ...NAMESPACES.map((ns): NamespaceRow => [ns, s?.namespaces[ns]]),
    ...Object.entries(s?.namespaces ?? {}).filter(([ns]) => !(NAMESPACES as readonly string[]).includes(ns)),
  ];

  return (
    <Card withBorder component="section" aria-labelledby="cache-title" data-testid="cache-section">
      <Group justify="space-between" mb="sm" wrap="wrap" gap="xs">
        <Group gap="xs">
          <Title order={2} size="h3" id="cache-title">
            {t('system.cache.title')}
          </Title>
          {s && (
            <>
              <Badge variant="light" color="indigo" tt="none">
                {t(`system.cache.kind.${s.kind}`)}
              </Badge>
              <Badge variant="light" color={s.status === 'ok' ? 'teal' : 'red'} tt="none" data-testid="cache-status">
                <VisuallyHidden>{t('system.cache.statusLabel')} </VisuallyHidden>
                {t(`system.cache.status.${s.status}`)}
              </Badge>
            </>
          )}
        </Group>
        <Button
          variant="light"
          color="red"
          leftSection={<IconTrash size={18} />}
          onClick={() => confirmClear(null)}
          loading={clear.isPending && clear.variables === null}
          disabled={!s}
        >
          {t('system.cache.clear')}
        </Button>
      </Group>

      <Stack gap="md">
        {stats.error && <ProblemAlert error={stats.error} />}
        {clear.error && <ProblemAlert error={clear.error} />}
        {s && !s.enabled && (
          <Alert color="gray" icon={<IconDatabaseOff size={18} />}>
            {t('system.cache.disabled')}
          </Alert>
        )}
        {s?.status === 'down' && (
          <Alert color="orange" icon={<IconDatabaseOff size={18} />}>
            {t('system.cache.down')}
          </Alert>
        )}

        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
          <Figure
            label={t('system.cache.hitRate')}
            value={s && rate(s.hitRate)}
            hint={
              s &&
              `${t('system.cache.sinceStart', { date: fmt.dateTime(s.since) })} · ${t('system.cache.hitsMisses', { hits: fmt.number(s.hits), misses: fmt.number(s.misses) })}`
            }
            testId="cache-hit-rate"
          />
          <Figure
            label={t('system.cache.lastHour')}
            value={s && rate(s.lastHour.hitRate)}
            hint={
              s &&
              t('system.cache.hitsMisses', { hits: fmt.number(s.lastHour.hits), misses: fmt.number(s.lastHour.misses) })
            }
          />
          <Figure
            label={t('system.cache.keys')}
            value={s && (s.keys === null ? t('system.cache.unknown') : fmt.number(s.keys))}
            hint={
              s &&
              t('system.cache.ttl', { lists: fmt.number(s.ttlSeconds.lists), funds: fmt.number(s.ttlSeconds.funds) })
            }
            testId="cache-keys"
          />
          <Figure
            label={t('system.cache.memory')}
            value={s && bytes(s.memoryBytes, fmt, t)}
            hint={s && (s.kind === 'redis' ? t('system.cache.memoryRedis') : t('system.cache.memoryLocal'))}
          />
        </SimpleGrid>

        <Title order={3} size="h4" id="cache-namespaces-title">
          {t('system.cache.namespaces')}
        </Title>
        <SimpleTable
          bare
          minWidth={560}
          rows={rows}
          rowKey={([ns]) => ns}
          striped={false}
          highlightOnHover={false}
          testId="cache-namespaces"
          labelledBy="cache-namespaces-title"
          columns={[
            { key: 'namespace', header: t('system.cache.namespace'), render: ([ns]) => nsLabel(ns) },
            ...(['hits', 'misses', 'sets'] as const).map((k) => ({
              key: k,
              header: t(`system.cache.${k}`),
              align: 'right' as const,
              render: ([, n]: NamespaceRow) => (s ? fmt.number(n?.[k] ?? 0) : <Skeleton height={16} />),
            })),
            {
              key: 'hitRate',
              header: t('system.cache.hitRate'),
              align: 'right',
              render: ([, n]) => (s ? n ? rate(n.hitRate) : '—' : <Skeleton height={16} />),
            },
            {
              key: 'clear',
              header: t('users.actions'),
              hidden: true,
              align: 'right',
              render: ([ns]) =>
                (NAMESPACES as readonly string[]).includes(ns) && (
                  <Button
                    variant="subtle"
                    color="red"
                    size="compact-sm"
                    aria-label={t('system.cache.clearNamespaceFor', { name: nsLabel(ns) })}
                    onClick={() => confirmClear(ns as Namespace)}
                    loading={clear.isPending && clear.variables === ns}
                    disabled={!s}
                  >
                    {t('system.cache.clearNamespace')}
                  </Button>
                ),
            },
          ]}
        />
      </Stack>
    </Card>
  );
}

/** One figure: a label, a big value (a skeleton while loading) and a line of context. */
function Figure({ label, value, hint, testId }: { label: string; value?: string; hint?: string; testId?: string }) {
  return (
    <Card withBorder padding="sm" data-testid={testId}>
      <Text size="xs" c="dimmed" fw={600} tt="uppercase">
        {label}
      </Text>
      {value === undefined ? (
        <Skeleton height={28} my={4} width="60%" />
      ) : (
        <Text fz={26} fw={700} lh={1.3} data-testid={testId && `${testId}-value`}>
          {value}
        </Text>
      )}
      {hint === undefined ? (
        <Skeleton height={12} width="80%" />
      ) : (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}
