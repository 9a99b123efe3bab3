import { Anchor, Box, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { IconFilter } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { type SimpleColumn, SimpleTable } from '../../ui/SimpleTable.tsx';
import { CampaignStatusBadge, campaignPath } from './CampaignStatusBadge.tsx';
import { CAMPAIGN_STATUSES, type CampaignStatus } from './campaign-form.ts';
import { type CampaignListItem, campaignsQuery, reportQuery } from './queries.ts';
import { SectionList } from './SectionList.tsx';

const NEW = '/campaigns/new';
const isStatus = (s: string | null): s is CampaignStatus => CAMPAIGN_STATUSES.includes(s as CampaignStatus);

/**
 * `/campaigns?status=`: the campaigns, last changed first, filtered by status: name, status, audience, what was sent
 * and the open and click rates (from each started campaign's report), when it starts or started, its author.
 */
export default function CampaignsPage() {
  const { t } = useTranslation('campaigns');
  const writer = canWrite(useCurrentUser());
  const [params, setParams] = useUrlParams();
  const raw = params.get('status');
  const status = isStatus(raw) ? raw : null;
  const campaigns = useQuery(campaignsQuery(status));
  const setStatus = (value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set('status', value);
        else next.delete('status');
        return next;
      },
      { replace: true },
    );

  const rows = campaigns.data ?? [];
  const none = campaigns.isSuccess && rows.length === 0 && !status;

  return (
    <SectionList
      titleId="campaigns-title"
      countTestId="campaigns-count"
      texts={{
        title: t('campaigns.title'),
        count: t('campaigns.count', { count: rows.length }),
        create: t('campaigns.create'),
        emptyTitle: t('campaigns.emptyTitle'),
        emptyHint: writer ? t('campaigns.emptyHint') : t('campaigns.emptyHintReader'),
        emptyAction: t('campaigns.emptyAction'),
      }}
      newPath={NEW}
      writer={writer}
      none={none}
      loaded={campaigns.isSuccess}
      error={campaigns.error}
    >
      <Select
        aria-label={t('campaigns.filter')}
        leftSection={<IconFilter size={16} />}
        data={[
          { value: '', label: t('campaigns.allStatuses') },
          ...CAMPAIGN_STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        ]}
        value={status ?? ''}
        onChange={(v) => setStatus(v || null)}
        allowDeselect={false}
        maw={{ base: '100%', sm: 240 }}
      />
      <CampaignsTable
        rows={campaigns.isPending ? undefined : rows}
        pending={campaigns.isPending}
        empty={
          <EmptyState
            icon={<IconFilter size={26} />}
            title={t('campaigns.noMatch', { status: status ? t(`status.${status}`) : '' })}
            action={
              <Button variant="default" onClick={() => setStatus(null)}>
                {t('campaigns.showAll')}
              </Button>
            }
          />
        }
      />
    </SectionList>
  );
}

function CampaignsTable({
  rows,
  pending,
  empty,
}: {
  rows: CampaignListItem[] | undefined;
  pending: boolean;
  empty: React.ReactNode;
}) {
  const { t } = useTranslation('campaigns');
  const { userName } = useDirectory();
  const columns: SimpleColumn<CampaignListItem>[] = [
    {
      key: 'name',
      header: t('campaigns.columns.name'),
      render: (x) => (
        <Anchor component={Link} to={campaignPath(x.id)} fw={500} size="sm">
          {x.name}
        </Anchor>
      ),
    },
    { key: 'status', header: t('campaigns.columns.status'), render: (x) => <CampaignStatusBadge status={x.status} /> },
    {
      key: 'audience',
      header: t('campaigns.columns.audience'),
      align: 'right',
      nowrap: true,
      render: (x) => <Audience campaign={x} />,
    },
    {
      key: 'figures',
      header: t('campaigns.columns.sent'),
      align: 'right',
      nowrap: true,
      render: (x) => <Figure campaign={x} of="sent" />,
    },
    {
      key: 'openRate',
      header: t('campaigns.columns.openRate'),
      align: 'right',
      nowrap: true,
      render: (x) => <Figure campaign={x} of="openRate" />,
    },
    {
      key: 'clickRate',
      header: t('campaigns.columns.clickRate'),
      align: 'right',
      nowrap: true,
      render: (x) => <Figure campaign={x} of="clickRate" />,
    },
    { key: 'date', header: t('campaigns.columns.date'), nowrap: true, render: (x) => <When campaign={x} /> },
    { key: 'owner', header: t('campaigns.columns.owner'), nowrap: true, render: (x) => userName(x.ownerId) },
  ];
  return (
    <>
      <Box visibleFrom="sm">
        <SimpleTable
          columns={columns}
          rows={rows}
          pending={pending}
          minWidth={880}
          rowTestId="campaign-row"
          labelledBy="campaigns-title"
          empty={empty}
        />
      </Box>
      {/* On a phone: one card a campaign, the name and status first. */}
      <Stack gap="xs" hiddenFrom="sm" data-testid="campaign-cards">
        {rows?.map((x) => (
          <Card key={x.id} withBorder padding="sm" component="article" aria-label={x.name}>
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="xs">
              <Anchor component={Link} to={campaignPath(x.id)} fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                {x.name}
              </Anchor>
              <CampaignStatusBadge status={x.status} />
            </Group>
            <Group gap="md" mt={6} wrap="wrap">
              <Labelled label={t('campaigns.columns.audience')}>
                <Audience campaign={x} />
              </Labelled>
              <Labelled label={t('campaigns.columns.sent')}>
                <Figure campaign={x} of="sent" />
              </Labelled>
              <Labelled label={t('campaigns.columns.openRate')}>
                <Figure campaign={x} of="openRate" />
              </Labelled>
              <Labelled label={t('campaigns.columns.clickRate')}>
                <Figure campaign={x} of="clickRate" />
              </Labelled>
            </Group>
            <Group gap="xs" mt={6} wrap="wrap">
              <Text size="xs" c="dimmed">
                {userName(x.ownerId)}
              </Text>
              <Text size="xs" c="dimmed">
                <When campaign={x} />
              </Text>
            </Group>
          </Card>
        ))}
        {rows?.length === 0 && <Card withBorder>{empty}</Card>}
      </Stack>
    </>
  );
}

function Labelled({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500} component="div">
        {children}
      </Text>
    </Stack>
  );
}

/** The audience kept when the campaign started (a draft has none yet). */
function Audience({ campaign }: { campaign: CampaignListItem }) {
  const fmt = useFormat();
  return <>{campaign.audienceCounts ? fmt.number(campaign.audienceCounts.sendable) : '—'}</>;
}

const started = (c: CampaignListItem) => c.startedAt !== null;

/**
 * A figure of a started campaign's report. The list does not carry them: each started row reads its report (a few
 * rows; cached, refreshed with the list while it sends).
 */
function Figure({ campaign, of }: { campaign: CampaignListItem; of: 'sent' | 'openRate' | 'clickRate' }) {
  const fmt = useFormat();
  const report = useQuery({
    ...reportQuery(campaign.id, campaign.status === 'running'),
    enabled: started(campaign),
    staleTime: 30_000,
  });
  const totals = report.data?.totals;
  if (!started(campaign) || !totals) return <>—</>;
  return <>{of === 'sent' ? fmt.number(totals.sent) : fmt.percent(totals[of] * 100)}</>;
}

/** When it starts (scheduled) or started. */
function When({ campaign }: { campaign: CampaignListItem }) {
  const { t } = useTranslation('campaigns');
  const fmt = useFormat();
  if (campaign.startedAt) return <>{t('campaigns.startedAt', { when: fmt.dateTime(campaign.startedAt) })}</>;
  if (campaign.status === 'scheduled' && campaign.scheduledAt)
    return <>{t('campaigns.scheduledFor', { when: fmt.dateTime(campaign.scheduledAt) })}</>;
  return (
    <Text span inherit c="dimmed">
      {campaign.status === 'draft' ? t('campaigns.notScheduled') : '—'}
    </Text>
  );
}
