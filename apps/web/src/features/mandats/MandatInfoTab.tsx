import { Anchor, Badge } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CURRENCIES } from '../../app/currencies.ts';
import { useFormat } from '../../app/format.ts';
import { mandatKeys } from '../../app/query-keys.ts';
import { useTeams } from '../../app/teams.ts';
import { RecordFields } from '../../records/fields/RecordFields.tsx';
import type { RecordField } from '../../records/fields/types.ts';
import type { Mandat } from '../../records/mandat.ts';
import { useOrganisationNames } from '../../records/organisation-names.ts';
import { organisationContactOptionsQuery } from '../../records/queries.ts';

type Section = 'deal' | 'contract' | 'tracking';

/** The mandate's fields by section, in order (records/fields: the server's descriptions decide the rest). */
function useMandatFields(mandat: Mandat): RecordField<Mandat, Section>[] {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { teamName } = useTeams();
  const orgName = useOrganisationNames([mandat.organisationId]);
  const contacts = useQuery(organisationContactOptionsQuery(mandat.organisationId));
  const contactOptions = contacts.data ?? [];
  const contactLabel = (id: string) => contactOptions.find((o) => o.value === id)?.label ?? '…';
  const date = (name: 'expectedCloseDate' | 'signedAt' | 'startDate' | 'endDate' | 'closedAt') => (m: Mandat) =>
    m[name] ? fmt.date(m[name]) : null;

  return [
    { section: 'deal', name: 'title', label: t('fields.title') },
    {
      section: 'deal',
      name: 'organisationId',
      label: t('fields.organisation'),
      display: (m) => (
        <Anchor component={Link} to={`/organisations/${m.organisationId}`} size="sm">
          {orgName(m.organisationId)}
        </Anchor>
      ),
      editor: { kind: 'none' },
    },
    {
      section: 'deal',
      name: 'kind',
      label: t('fields.kind'),
      labels: (v) => tc(`enums.mandatKind.${v as Mandat['kind']}`),
    },
    { section: 'deal', name: 'ownerId', label: t('fields.owner') },
    {
      section: 'deal',
      name: 'amount',
      label: t('fields.amount'),
      display: (m) => (m.amount ? fmt.money(m.amount, m.currency) : null),
      editor: { kind: 'number', min: 0 },
    },
    {
      section: 'deal',
      name: 'currency',
      label: t('fields.currency'),
      editor: (m) => ({
        kind: 'select',
        options: [...new Set([...CURRENCIES, m.currency])].map((c) => ({ value: c, label: c })),
      }),
    },
    {
      section: 'deal',
      name: 'probability',
      label: t('fields.probability'),
      display: (m) => fmt.percent(m.probability),
      editor: { kind: 'number', min: 0, max: 100, suffix: ' %' },
      toValue: (v) => (v === null ? 0 : Number(v)), // emptied: no chance
    },
    {
      section: 'deal',
      name: 'expectedCloseDate',
      label: t('fields.expectedCloseDate'),
      display: date('expectedCloseDate'),
    },
    {
      section: 'deal',
      name: 'primaryContactId',
      label: t('fields.primaryContact'),
      display: (m) => (m.primaryContactId ? contactLabel(m.primaryContactId) : null),
      editor: { kind: 'select', options: contactOptions },
      hint: () => (contacts.isSuccess && contactOptions.length === 0 ? t('info.noContacts') : undefined),
    },
    { section: 'deal', name: 'source', label: t('fields.source') },
    {
      section: 'deal',
      name: 'lostReasonCode',
      label: t('fields.lostReasonCode'),
      labels: (v) => tc(`enums.lostReason.${v as NonNullable<Mandat['lostReasonCode']>}`),
      // A lost mandate always has one (the API refuses to empty it): a choice, never cleared.
      editor: { kind: 'select', clearable: false },
      hidden: (m) => m.stage !== 'perdu',
    },
    {
      section: 'deal',
      name: 'lostReason',
      label: t('fields.lostReason'),
      editor: { kind: 'textarea' },
      hint: (m) => (m.lostReasonCode === 'autre' ? t('lost.detailRequired') : undefined),
      hidden: (m) => m.stage !== 'perdu',
    },
    { section: 'contract', name: 'mandateNumber', label: t('fields.mandateNumber') },
    {
      section: 'contract',
      name: 'commissionRate',
      label: t('fields.commissionRate'),
      display: (m) => (m.commissionRate ? `${fmt.number(m.commissionRate, 3)} %` : null),
      editor: { kind: 'number', min: 0, max: 100, decimals: 3, suffix: ' %' },
    },
    { section: 'contract', name: 'signedAt', label: t('fields.signedAt'), display: date('signedAt') },
    {
      section: 'contract',
      name: 'contractStatus',
      label: t('fields.contractStatus'),
      display: (m) =>
        m.contractStatus ? <Badge variant="light">{tc(`enums.contractStatus.${m.contractStatus}`)}</Badge> : null,
      hint: (m) => (m.kind === 'distribution' ? t('info.contractHint') : undefined),
    },
    { section: 'contract', name: 'startDate', label: t('fields.startDate'), display: date('startDate') },
    { section: 'contract', name: 'endDate', label: t('fields.endDate'), display: date('endDate') },
    {
      section: 'tracking',
      name: 'teamId',
      label: t('fields.team'),
      display: (m) => (m.teamId ? teamName(m.teamId) : null),
    },
    { section: 'tracking', name: 'closedAt', label: t('fields.closedAt'), display: date('closedAt') },
    { section: 'tracking', name: 'createdAt', label: t('fields.createdAt'), display: (m) => fmt.dateTime(m.createdAt) },
    { section: 'tracking', name: 'updatedAt', label: t('fields.updatedAt'), display: (m) => fmt.dateTime(m.updatedAt) },
  ];
}

/** The mandate's fields, each edited in place. */
export function MandatInfoTab({ mandat, writer }: { mandat: Mandat; writer: boolean }) {
  const { t } = useTranslation('mandats');
  const fields = useMandatFields(mandat);
  return (
    <RecordFields
      entity="mandats"
      record={mandat}
      recordKey={mandatKeys.record(mandat.id)}
      fields={fields}
      sections={[
        { key: 'deal', title: t('info.deal') },
        { key: 'contract', title: t('info.contract') },
        { key: 'tracking', title: t('info.tracking') },
      ]}
      mayModify={writer}
    />
  );
}
