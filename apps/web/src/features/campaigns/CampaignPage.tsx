import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowBackUp,
  IconArrowLeft,
  IconBan,
  IconMailOff,
  IconPencil,
  IconPlayerPause,
  IconPlayerPlay,
  IconRefresh,
  IconTrash,
  IconTrophy,
} from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import { useMayModify } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { campaignKeys } from '../../app/query-keys.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import { type SimpleColumn, SimpleTable } from '../../ui/SimpleTable.tsx';
import { StatCard } from '../../ui/StatCard.tsx';
import { CampaignStatusBadge, campaignEditPath } from './CampaignStatusBadge.tsx';
import { actionsFor, type Campaign, type CampaignAction, isLive } from './campaign-form.ts';
import {
  type CampaignReport,
  campaignQuery,
  campaignSaved,
  type Recipient,
  type RecipientFilter,
  recipientsQuery,
  reportQuery,
} from './queries.ts';

const LIST = '/campaigns';
const FILTERS = ['opened', 'clicked', 'not_opened', 'unsubscribed'] as const;

/**
 * `/campaigns/:id`: a campaign's status and the moves its status allows (for who may drive it), then its report: the
 * key figures, per step and variant (the A/B winner marked), the links clicked and the recipients. While it is
 * scheduled or sending, the page refreshes itself.
 */
export default function CampaignPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const campaign = useQuery(campaignQuery(id));
  if (campaign.isPending) return <PageSkeleton />;
  if (campaign.error) {
    const missing = campaign.error instanceof ApiError && [400, 404].includes(campaign.error.status);
    return (
      <EmptyState
        icon={<IconMailOff size={26} />}
        title={missing ? tc('problems.campaign.not_found') : problemMessage(campaign.error)}
        action={
          <Button component={Link} to={LIST} variant="light" leftSection={<IconArrowLeft size={16} />}>
            {t('page.back')}
          </Button>
        }
      />
    );
  }
  return <CampaignView campaign={campaign.data} />;
}

function CampaignView({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const { userName } = useDirectory();
  const live = isLive(campaign.status);
  const started = campaign.startedAt !== null;
  return (
    <Stack gap="md">
      <Anchor component={Link} to={LIST} size="sm" c="dimmed" w="fit-content">
        <Group gap={4} component="span" wrap="nowrap">
          <IconArrowLeft size={14} aria-hidden />
          {t('page.back')}
        </Group>
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} miw={0} style={{ flex: '1 1 320px' }}>
          <Group gap="sm" wrap="wrap" align="center">
            <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
              {campaign.name}
            </Title>
            <CampaignStatusBadge status={campaign.status} size="lg" />
            {campaign.status === 'running' && (
              <Tooltip label={t('page.live')}>
                <Badge variant="dot" color="teal" tt="none" leftSection={<IconRefresh size={12} />}>
                  {t('page.live')}
                </Badge>
              </Tooltip>
            )}
          </Group>
          <Text size="sm" c="dimmed">
            {t('page.byline', { owner: userName(campaign.ownerId), topic: t(`topics.${campaign.topic}`) })}
          </Text>
          <Text size="sm" c="dimmed" data-testid="campaign-when">
            {whenText(campaign, t, fmt)}
          </Text>
        </Stack>
        <CampaignActions campaign={campaign} />
      </Group>
      {campaign.status === 'draft' && <Alert color="blue">{t('page.draftHint')}</Alert>}
      {started ? (
        <Report campaign={campaign} live={live} />
      ) : (
        campaign.status !== 'draft' && (
          <Card withBorder>
            <Text size="sm" c="dimmed">
              {t('page.notStarted')}
            </Text>
          </Card>
        )
      )}
      {started && <Recipients campaign={campaign} live={live} />}
    </Stack>
  );
}

type T = ReturnType<typeof useTranslation<'campaigns'>>['t'];
function whenText(c: Campaign, t: T, fmt: ReturnType<typeof useFormat>) {
  if (c.completedAt) return t('page.completedAt', { date: fmt.dateTime(c.completedAt) });
  if (c.startedAt) return t('page.startedAt', { date: fmt.dateTime(c.startedAt) });
  if (c.status === 'scheduled' && c.scheduleKind === 'recipient_local' && c.localTime)
    return t('page.localTime', { date: `${fmt.date(c.localTime.slice(0, 10))} ${c.localTime.slice(11, 16)}` });
  if (c.status === 'scheduled' && c.scheduledAt) return t('page.scheduledFor', { date: fmt.dateTime(c.scheduledAt) });
  return '';
}

const ICONS: Record<CampaignAction, React.ReactNode> = {
  edit: <IconPencil size={16} />,
  pause: <IconPlayerPause size={16} />,
  resume: <IconPlayerPlay size={16} />,
  unschedule: <IconArrowBackUp size={16} />,
  cancel: <IconBan size={16} />,
  delete: <IconTrash size={16} />,
};

/** The moves the campaign's status allows, for its author, their manager and administrators. */
function CampaignActions({ campaign }: { campaign: Campaign }) {
  const { t } = useTranslation('campaigns');
  const { t: tc } = useTranslation();
  const mayModify = useMayModify();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const move = useMutation({
    mutationFn: async (action: 'pause' | 'resume' | 'cancel' | 'unschedule') =>
      data(
        await api.POST(`/api/v1/campaigns/{id}/${action}`, {
          params: { path: { id: campaign.id } },
        }),
      ),
    onSuccess: (result, action) => {
      campaignSaved(queryClient, result);
      notifications.show({ color: 'teal', message: t(`page.done.${action}`) });
    },
  });
  const remove = useMutation({
    mutationFn: async () => data(await api.DELETE('/api/v1/campaigns/{id}', { params: { path: { id: campaign.id } } })),
    onSuccess: () => {
      notifications.show({ color: 'teal', message: t('page.deleted', { name: campaign.name }) });
      navigate(LIST);
      queryClient.removeQueries({ queryKey: campaignKeys.record(campaign.id) });
      void queryClient.invalidateQueries({ queryKey: campaignKeys.lists() });
    },
  });
  if (!mayModify(campaign)) return null;

  const run = (action: CampaignAction) => {
    if (action === 'edit') return navigate(campaignEditPath(campaign.id));
    if (action === 'cancel')
      return modals.openConfirmModal({
        title: t('page.cancelTitle'),
        children: <Text size="sm">{t('page.cancelBody', { name: campaign.name })}</Text>,
        labels: { confirm: t('page.actions.cancel'), cancel: t('page.keep') },
        confirmProps: { color: 'red' },
        onConfirm: () => move.mutate('cancel'),
      });
    if (action === 'delete')
      return modals.openConfirmModal({
        title: t('page.deleteTitle'),
        children: <Text size="sm">{t('page.deleteBody', { name: campaign.name })}</Text>,
        labels: { confirm: tc('actions.delete'), cancel: tc('actions.cancel') },
        confirmProps: { color: 'red' },
        onConfirm: () => remove.mutate(),
      });
    move.mutate(action);
  };
  const actions = actionsFor(campaign.status);
  return (
    <Group gap="xs" wrap="wrap">
      {actions.map((a) => (
        <Button
          key={a}
          variant={a === 'edit' || a === 'resume' ? 'filled' : a === 'cancel' || a === 'delete' ? 'light' : 'default'}
          color={a === 'cancel' || a === 'delete' ? 'red' : undefined}
          leftSection={ICONS[a]}
          loading={(move.isPending && move.variables === a) || (a === 'delete' && remove.isPending)}
          disabled={move.isPending || remove.isPending}
          onClick={() => run(a)}
        >
          {t(`page.actions.${a}`)}
        </Button>
      ))}
    </Group>
  );
}

const pct = (fmt: ReturnType<typeof useFormat>, rate: number) => fmt.percent(rate * 100);

/** The key figures, the table per step and variant, the links. */
function Report({ campaign, live }: { campaign: Campaign; live: boolean }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const report = useQuery(reportQuery(campaign.id, live));
  const r = report.data?.totals;
  const loading = !r;
  const n = (x: number | undefined) => fmt.number(x ?? 0);
  return (
    <Stack gap="md" component="section" aria-labelledby="report-title">
      <Title order={2} size="h3" id="report-title">
        {t('report.title')}
      </Title>
      {report.error && <Alert color="red">{problemMessage(report.error)}</Alert>}
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm" data-testid="report-kpis">
        <StatCard
          label={t('report.sent')}
          value={n(r?.sent)}
          hint={r && t('report.sentHint', { planned: n(r.planned + r.queued), failed: n(r.failed) })}
          loading={loading}
        />
        <StatCard
          label={t('report.delivered')}
          value={n(Math.max(0, (r?.sent ?? 0) - (r?.bounced ?? 0)))}
          hint={t('report.deliveredHint')}
          loading={loading}
        />
        <StatCard
          label={t('report.opened')}
          value={n(r?.openedHuman)}
          hint={r && t('report.openedHint', { rate: pct(fmt, r.openRate), machine: n(r.openedMachineOnly) })}
          loading={loading}
        />
        <StatCard
          label={t('report.clicked')}
          value={n(r?.clickedHuman)}
          hint={r && t('report.clickedHint', { rate: pct(fmt, r.clickRate), cto: pct(fmt, r.clickToOpenRate) })}
          loading={loading}
        />
        <StatCard
          label={t('report.unsubscribed')}
          value={n(r?.unsubscribed)}
          hint={r && t('report.ofSent', { rate: pct(fmt, r.sent ? r.unsubscribed / r.sent : 0) })}
          loading={loading}
        />
        <StatCard
          label={t('report.bounced')}
          value={n(r?.bounced)}
          hint={r && t('report.ofSent', { rate: pct(fmt, r.sent ? r.bounced / r.sent : 0) })}
          loading={loading}
        />
        <StatCard
          label={t('report.complained')}
          value={n(r?.complained)}
          hint={r && t('report.ofSent', { rate: pct(fmt, r.sent ? r.complained / r.sent : 0) })}
          loading={loading}
        />
      </SimpleGrid>
      <Text size="xs" c="dimmed">
        {t('report.machineNote')}
      </Text>
      {report.data && <StepsTable campaign={campaign} report={report.data} />}
      {report.data && <LinksTable report={report.data} />}
    </Stack>
  );
}

type VariantRow = CampaignReport['steps'][number]['variants'][number] & { position: number; abTest: boolean };

function StepsTable({ campaign, report }: { campaign: Campaign; report: CampaignReport }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const rows: VariantRow[] = report.steps
    .toSorted((a, b) => a.position - b.position)
    .flatMap((s) =>
      s.variants
        .toSorted((a, b) => a.key.localeCompare(b.key))
        .map((v) => ({ ...v, position: s.position, abTest: s.variants.length > 1 })),
    );
  const subject = (row: VariantRow) =>
    campaign.steps.find((s) => s.position === row.position)?.variants.find((v) => v.key === row.key)?.subject ?? '';
  const num = (key: keyof VariantRow, header: string): SimpleColumn<VariantRow> => ({
    key,
    header,
    align: 'right',
    nowrap: true,
    render: (x) => fmt.number(x[key] as number),
  });
  const rate = (key: 'openRate' | 'clickRate' | 'clickToOpenRate', header: string): SimpleColumn<VariantRow> => ({
    key,
    header,
    align: 'right',
    nowrap: true,
    render: (x) => pct(fmt, x[key]),
  });
  const columns: SimpleColumn<VariantRow>[] = [
    {
      key: 'step',
      header: t('report.columns.step'),
      render: (x) => (
        <Stack gap={0} miw={0}>
          <Text size="sm" fw={500}>
            {t('report.stepN', { n: x.position + 1 })}
          </Text>
          <Text size="xs" c="dimmed" lineClamp={1} maw={280}>
            {subject(x)}
          </Text>
        </Stack>
      ),
    },
    {
      key: 'variant',
      header: t('report.columns.variant'),
      nowrap: true,
      render: (x) =>
        x.abTest ? (
          <Group gap={6} wrap="nowrap">
            <Text size="sm">{x.key}</Text>
            {x.isWinner && (
              <Badge
                color="yellow"
                variant="light"
                tt="none"
                leftSection={<IconTrophy size={12} />}
                data-testid="ab-winner"
              >
                {t('report.winner')}
              </Badge>
            )}
          </Group>
        ) : (
          '—'
        ),
    },
    num('sent', t('report.columns.sent')),
    num('openedHuman', t('report.columns.opened')),
    num('openedMachineOnly', t('report.columns.machineOpened')),
    num('clickedHuman', t('report.columns.clicked')),
    rate('openRate', t('report.columns.openRate')),
    rate('clickRate', t('report.columns.clickRate')),
    rate('clickToOpenRate', t('report.columns.clickToOpen')),
    num('unsubscribed', t('report.columns.unsubscribed')),
    num('bounced', t('report.columns.bounced')),
  ];
  return (
    <Stack gap="xs">
      <Title order={3} size="h4" id="steps-title">
        {t('report.steps')}
      </Title>
      <SimpleTable
        columns={columns}
        rows={rows}
        rowKey={(x) => x.variantId}
        minWidth={1000}
        rowTestId="report-variant"
        labelledBy="steps-title"
        empty={null}
      />
    </Stack>
  );
}

type LinkRow = CampaignReport['links'][number];

function LinksTable({ report }: { report: CampaignReport }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const columns: SimpleColumn<LinkRow>[] = [
    {
      key: 'url',
      header: t('report.linkColumns.url'),
      render: (x) => (
        <Anchor href={x.url} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
          {x.url}
        </Anchor>
      ),
    },
    {
      key: 'clicks',
      header: t('report.linkColumns.clicks'),
      align: 'right',
      nowrap: true,
      render: (x) => fmt.number(x.clicks),
    },
    {
      key: 'clickers',
      header: t('report.linkColumns.clickers'),
      align: 'right',
      nowrap: true,
      render: (x) => fmt.number(x.clickers),
    },
    {
      key: 'machine',
      header: t('report.linkColumns.machine'),
      align: 'right',
      nowrap: true,
      render: (x) => fmt.number(x.machineClicks),
    },
  ];
  return (
    <Stack gap="xs">
      <Title order={3} size="h4" id="links-title">
        {t('report.links')}
      </Title>
      <SimpleTable
        columns={columns}
        rows={report.links}
        rowKey={(x) => x.url}
        minWidth={560}
        labelledBy="links-title"
        empty={
          <Text size="sm" c="dimmed" ta="center" py="sm">
            {t('report.noLinks')}
          </Text>
        }
      />
    </Stack>
  );
}

/** Who received it and what each did, filtered, page by page. */
function Recipients({ campaign, live }: { campaign: Campaign; live: boolean }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  const [filter, setFilter] = useState<RecipientFilter | null>(null);
  const list = useInfiniteQuery(recipientsQuery(campaign.id, filter, live));
  const rows = list.data?.pages.flatMap((p) => p.items);
  const yes = (b: boolean) =>
    b ? (
      <Badge variant="light" color="teal" tt="none">
        {t('recipients.yes')}
      </Badge>
    ) : (
      <Text span c="dimmed" size="sm">
        —
      </Text>
    );
  const filterOptions = [
    { value: 'all', label: t('recipients.filters.all') },
    ...FILTERS.map((f) => ({ value: f, label: t(`recipients.filters.${f}`) })),
  ];
  const columns: SimpleColumn<Recipient>[] = [
    {
      key: 'address',
      header: t('recipients.columns.address'),
      render: (x) => (
        <Anchor component={Link} to={`/people/${x.personId}`} size="sm" style={{ overflowWrap: 'anywhere' }}>
          {x.address}
        </Anchor>
      ),
    },
    {
      key: 'sent',
      header: t('recipients.columns.sent'),
      align: 'right',
      nowrap: true,
      render: (x) => fmt.number(x.sent),
    },
    { key: 'opened', header: t('recipients.columns.opened'), nowrap: true, render: (x) => yes(x.opened) },
    { key: 'clicked', header: t('recipients.columns.clicked'), nowrap: true, render: (x) => yes(x.clicked) },
    {
      key: 'unsubscribed',
      header: t('recipients.columns.unsubscribed'),
      nowrap: true,
      render: (x) => yes(x.unsubscribed),
    },
    {
      key: 'lastEventAt',
      header: t('recipients.columns.lastEventAt'),
      nowrap: true,
      render: (x) => fmt.dateTime(x.lastEventAt),
    },
  ];
  return (
    <Stack gap="xs" component="section" aria-labelledby="recipients-title">
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Title order={2} size="h3" id="recipients-title">
          {t('recipients.title')}
        </Title>
        <SegmentedControl
          visibleFrom="sm"
          aria-label={t('recipients.filter')}
          size="xs"
          value={filter ?? 'all'}
          onChange={(v) => setFilter(v === 'all' ? null : (v as RecipientFilter))}
          data={filterOptions}
        />
        {/* On a phone: the same choice as a list. */}
        <Select
          hiddenFrom="sm"
          aria-label={t('recipients.filter')}
          value={filter ?? 'all'}
          onChange={(v) => setFilter(!v || v === 'all' ? null : (v as RecipientFilter))}
          data={filterOptions}
          allowDeselect={false}
          w="100%"
        />
      </Group>
      {list.error && <Alert color="red">{problemMessage(list.error)}</Alert>}
      <SimpleTable
        columns={columns}
        rows={rows}
        rowKey={(x) => x.recipientId}
        pending={list.isPending}
        minWidth={760}
        rowTestId="recipient-row"
        labelledBy="recipients-title"
        empty={
          <Text size="sm" c="dimmed" ta="center" py="sm">
            {t('recipients.empty')}
          </Text>
        }
        pager={{
          hasMore: list.hasNextPage,
          loading: list.isFetchingNextPage,
          onMore: () => void list.fetchNextPage(),
          label: t('recipients.more'),
          status: rows?.length ? (
            <Text size="sm" c="dimmed">
              {t('recipients.loaded', { count: rows.length })}
            </Text>
          ) : undefined,
          end: rows?.length ? (
            <Text size="sm" c="dimmed">
              {t('recipients.end')}
            </Text>
          ) : undefined,
        }}
      />
    </Stack>
  );
}
