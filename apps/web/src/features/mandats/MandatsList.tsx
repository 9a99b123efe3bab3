import { CONTRACT_STATUSES, LOST_REASON_CODES, MANDAT_KINDS, SOURCES } from '@crm/contracts';
import { Badge, CloseButton, Group } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { CURRENCIES } from '../../app/currencies.ts';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { STAGE_COLOR } from '../../app/stage-colors.ts';
import { useTeams } from '../../app/teams.ts';
import { DataList } from '../../records/data-list/DataList.tsx';
import type { BulkHint, Column, Filter } from '../../records/data-list/types.ts';
import type { Mandat } from '../../records/mandat.ts';
import { useOrganisationNames } from '../../records/organisation-names.ts';
import { MANDAT_STAGES } from './stages.ts';

type Row = Mandat & { organisationName: string };

/** Names of the organisations of one page of mandates, in one request. */
async function withOrganisationNames(items: Mandat[], signal: AbortSignal): Promise<Row[]> {
  const ids = [...new Set(items.map((m) => m.organisationId))];
  const names = new Map<string, string>();
  if (ids.length) {
    const orgs = data(await api.GET('/api/v1/organisations', { params: { query: { ids, limit: 200 } }, signal }));
    for (const o of orgs.items) names.set(o.id, o.name);
  }
  return items.map((m) => ({ ...m, organisationName: names.get(m.organisationId) ?? '—' }));
}

export function StageBadge({ stage }: { stage: Mandat['stage'] }) {
  const { t } = useTranslation();
  return (
    <Badge color={STAGE_COLOR[stage]} variant="dot" style={{ flexShrink: 0, overflow: 'visible' }} miw="max-content">
      {t(`enums.stage.${stage}`)}
    </Badge>
  );
}

/**
 * Every mandate as a list (filters, bulk edit, export). `organisationId` in the URL (from an organisation's page)
 * restricts it to that organisation, shown as a removable chip.
 */
export function MandatsList({
  actions,
  empty,
}: {
  actions?: ReactNode;
  empty: { title: string; hint?: string; action?: ReactNode };
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const { teamOptions, teamName } = useTeams();
  const [params, setParams] = useUrlParams();
  const organisationId = params.get('organisationId');
  const orgName = useOrganisationNames([organisationId]);

  const stageOptions = MANDAT_STAGES.map((v) => ({ value: v, label: tc(`enums.stage.${v}`) }));
  const kindOptions = MANDAT_KINDS.map((v) => ({ value: v, label: tc(`enums.mandatKind.${v}`) }));
  const contractOptions = CONTRACT_STATUSES.map((v) => ({ value: v, label: tc(`enums.contractStatus.${v}`) }));
  const sourceOptions = SOURCES.map((v) => ({ value: v, label: tc(`enums.source.${v}`) }));
  const lostReasonOptions = LOST_REASON_CODES.map((v) => ({ value: v, label: tc(`enums.lostReason.${v}`) }));
  const currencyOptions = CURRENCIES.map((v) => ({ value: v, label: v }));

  const columns: Column<Row>[] = [
    { key: 'title', label: t('fields.title'), sort: 'title', render: (m) => m.title },
    { key: 'organisation', label: t('fields.organisation'), sort: 'organisation', render: (m) => m.organisationName },
    {
      key: 'stage',
      label: t('fields.stage'),
      sort: 'stage',
      width: 150,
      render: (m) => <StageBadge stage={m.stage} />,
    },
    { key: 'kind', label: t('fields.kind'), sort: 'kind', render: (m) => tc(`enums.mandatKind.${m.kind}`) },
    { key: 'amount', label: t('fields.amount'), sort: 'amount', render: (m) => fmt.money(m.amount, m.currency) },
    {
      key: 'probability',
      label: t('fields.probability'),
      sort: 'probability',
      render: (m) => fmt.percent(m.probability),
    },
    {
      key: 'expectedCloseDate',
      label: t('fields.expectedCloseDate'),
      sort: 'expectedCloseDate',
      render: (m) => fmt.date(m.expectedCloseDate),
    },
    { key: 'owner', label: t('fields.owner'), sort: 'owner', render: (m) => userName(m.ownerId) },
    {
      key: 'contractStatus',
      label: t('fields.contractStatus'),
      sort: 'contractStatus',
      render: (m) => (m.contractStatus ? tc(`enums.contractStatus.${m.contractStatus}`) : '—'),
    },
    { key: 'team', label: t('fields.team'), sort: 'team', hidden: true, render: (m) => teamName(m.teamId) },
    { key: 'currency', label: t('fields.currency'), sort: 'currency', hidden: true, render: (m) => m.currency },
    {
      key: 'source',
      label: t('fields.source'),
      sort: 'source',
      hidden: true,
      render: (m) => (m.source ? tc(`enums.source.${m.source}`) : '—'),
    },
    {
      key: 'mandateNumber',
      label: t('fields.mandateNumber'),
      sort: 'mandateNumber',
      hidden: true,
      render: (m) => m.mandateNumber ?? '—',
    },
    {
      key: 'closedAt',
      label: t('fields.closedAt'),
      sort: 'closedAt',
      hidden: true,
      render: (m) => fmt.date(m.closedAt),
    },
    {
      key: 'lostReasonCode',
      label: t('fields.lostReasonCode'),
      sort: 'lostReasonCode',
      hidden: true,
      render: (m) => (m.lostReasonCode ? tc(`enums.lostReason.${m.lostReasonCode}`) : '—'),
    },
    {
      key: 'lostReason',
      label: t('fields.lostReason'),
      sort: 'lostReason',
      hidden: true,
      render: (m) => m.lostReason ?? '—',
    },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      sort: 'createdAt',
      hidden: true,
      render: (m) => fmt.date(m.createdAt),
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      sort: 'updatedAt',
      hidden: true,
      render: (m) => fmt.date(m.updatedAt),
    },
  ];
  // Not offered: organisations (too many for a select; `?organisationId=` in the URL works, see the chip).
  const filters: Filter[] = [
    { kind: 'select', key: 'stage', label: t('fields.stage'), options: stageOptions, multiple: true },
    { kind: 'select', key: 'kind', label: t('fields.kind'), options: kindOptions, multiple: true },
    {
      kind: 'select',
      key: 'contractStatus',
      label: t('fields.contractStatus'),
      options: contractOptions,
      multiple: true,
    },
    { kind: 'user', key: 'ownerId', label: t('fields.owner') },
    { kind: 'select', key: 'teamId', label: t('fields.team'), options: teamOptions, multiple: true },
    { kind: 'select', key: 'source', label: t('fields.source'), options: sourceOptions, multiple: true },
    {
      kind: 'select',
      key: 'lostReasonCode',
      label: t('fields.lostReasonCode'),
      options: lostReasonOptions,
      multiple: true,
    },
    { kind: 'select', key: 'currency', label: t('fields.currency'), options: currencyOptions, multiple: true },
    { kind: 'numberRange', key: 'amount', label: t('fields.amount'), from: 'amountMin', to: 'amountMax' },
    {
      kind: 'dayRange',
      key: 'expectedClose',
      label: t('fields.expectedCloseDate'),
      from: 'expectedCloseFrom',
      to: 'expectedCloseTo',
    },
    { kind: 'dateRange', key: 'closed', label: t('fields.closedAt'), from: 'closedFrom', to: 'closedTo' },
    { kind: 'dateRange', key: 'created', label: t('fields.createdAt'), from: 'createdFrom', to: 'createdTo' },
  ];
  // A bulk move to "lost" needs a reason per mandate: not offered here (use the board or the mandate's page).
  // The fields the list shows; the server says which the caller may write (the owner: managers and admins).
  const bulkHints: Record<string, BulkHint> = {
    stage: { label: t('fields.stage'), options: stageOptions.filter((o) => o.value !== 'perdu') },
    kind: { label: t('fields.kind'), options: kindOptions },
    amount: { label: t('fields.amount') },
    probability: { label: t('fields.probability') },
    expectedCloseDate: { label: t('fields.expectedCloseDate') },
    ownerId: { label: t('fields.owner') },
    contractStatus: { label: t('fields.contractStatus'), options: contractOptions },
    currency: { label: t('fields.currency'), options: currencyOptions },
    source: { label: t('fields.source'), options: sourceOptions },
  };

  return (
    <>
      {organisationId && (
        <Group mb="xs">
          <Badge
            variant="light"
            size="lg"
            rightSection={
              <CloseButton
                size="xs"
                aria-label={t('list.removeOrganisationFilter')}
                onClick={() =>
                  setParams(
                    (prev) => {
                      const next = new URLSearchParams(prev);
                      next.delete('organisationId');
                      return next;
                    },
                    { replace: true },
                  )
                }
              />
            }
          >
            {t('list.organisationFilter', { name: orgName(organisationId) })}
          </Badge>
        </Group>
      )}
      <DataList<Row>
        entity="mandats"
        columns={columns}
        filters={filters}
        bulkHints={bulkHints}
        defaultSort="-updatedAt"
        fixed={organisationId ? { organisationId } : {}}
        fetchPage={async (query, signal) => {
          const page = data(await api.GET('/api/v1/mandats', { params: { query: query as never }, signal }));
          return { ...page, items: await withOrganisationNames(page.items, signal) };
        }}
        rowHref={(m) => `/mandats/${m.id}`}
        actions={actions}
        empty={empty}
      />
    </>
  );
}
