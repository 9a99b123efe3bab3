import { ORGANISATION_CATEGORIES, ORGANISATION_TYPES, SOURCES } from '@crm/contracts';
import { Badge, Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { DataList } from '../../records/data-list/DataList.tsx';
import type { BulkHint, Column, Filter } from '../../records/data-list/types.ts';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { OrganisationFormModal } from './OrganisationFormModal.tsx';
import { useOrganisationOptions } from './options.ts';

type Organisation = Schemas['Organisation'];

export default function OrganisationsPage() {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [creating, createModal] = useDisclosure();
  const options = useOrganisationOptions();
  const typeOptions = ORGANISATION_TYPES.map((v) => ({ value: v, label: tc(`enums.organisationType.${v}`) }));
  const categoryOptions = ORGANISATION_CATEGORIES.map((v) => ({ value: v, label: v }));
  const sourceOptions = SOURCES.map((v) => ({ value: v, label: tc(`enums.source.${v}`) }));

  const columns: Column<Organisation>[] = [
    { key: 'name', label: t('fields.name'), sort: 'name', render: (o) => o.name },
    { key: 'type', label: t('fields.type'), sort: 'type', render: (o) => tc(`enums.organisationType.${o.type}`) },
    {
      key: 'category',
      label: t('fields.category'),
      sort: 'category',
      render: (o) => <Badge variant="light">{o.category}</Badge>,
    },
    { key: 'city', label: t('fields.city'), sort: 'city', render: (o) => o.city ?? '—' },
    { key: 'countryCode', label: t('fields.countryCode'), sort: 'countryCode', render: (o) => o.countryCode },
    { key: 'aum', label: t('fields.aum'), sort: 'aum', render: (o) => fmt.money(o.aum) },
    { key: 'owner', label: t('fields.owner'), sort: 'owner', render: (o) => userName(o.ownerId) },
    { key: 'tier', label: t('fields.tier'), sort: 'tier', hidden: true, render: (o) => o.tier ?? '—' },
    {
      key: 'source',
      label: t('fields.source'),
      sort: 'source',
      hidden: true,
      render: (o) => (o.source ? tc(`enums.source.${o.source}`) : '—'),
    },
    { key: 'email', label: t('fields.email'), sort: 'email', hidden: true, render: (o) => o.email ?? '—' },
    { key: 'tags', label: t('fields.tags'), sort: 'tags', hidden: true, render: (o) => o.tags.join(', ') || '—' },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      sort: 'updatedAt',
      hidden: true,
      render: (o) => fmt.date(o.updatedAt),
    },
  ];
  const filters: Filter[] = [
    { kind: 'select', key: 'type', label: t('fields.type'), options: typeOptions, multiple: true },
    { kind: 'select', key: 'category', label: t('fields.category'), options: categoryOptions, multiple: true },
    { kind: 'text', key: 'city', label: t('fields.city') },
    {
      kind: 'select',
      key: 'countryCode',
      label: t('fields.countryCode'),
      options: options.countries(),
      multiple: true,
    },
    { kind: 'select', key: 'tier', label: t('fields.tier'), options: options.tier, multiple: true },
    { kind: 'numberRange', key: 'aum', label: t('filters.aum'), from: 'aumMin', to: 'aumMax' },
    { kind: 'text', key: 'tags', label: t('fields.tags'), description: t('filters.tagsHint') },
    { kind: 'select', key: 'source', label: t('fields.source'), options: sourceOptions, multiple: true },
    { kind: 'user', key: 'ownerId', label: t('fields.owner') },
    { kind: 'boolean', key: 'isActive', label: t('fields.isActive') },
    { kind: 'dateRange', key: 'created', label: t('fields.createdAt'), from: 'createdFrom', to: 'createdTo' },
  ];
  // The fields the list shows; the server says which the caller may write (the owner: managers and admins).
  const bulkHints: Record<string, BulkHint> = {
    type: { label: t('fields.type'), options: typeOptions },
    category: { label: t('fields.category'), options: categoryOptions },
    city: { label: t('fields.city') },
    countryCode: { label: t('fields.countryCode'), options: options.countries() },
    ownerId: { label: t('fields.owner') },
    tier: { label: t('fields.tier'), options: ['1', '2', '3'].map((v) => ({ value: v, label: v })) },
    source: { label: t('fields.source'), options: sourceOptions },
    tags: { label: t('fields.tags') },
    isActive: { label: t('fields.isActive') },
  };

  return (
    <>
      <PageHeader
        title={t('title')}
        subtitle={t('subtitle')}
        actions={
          canWrite(user) && (
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
              {t('new')}
            </Button>
          )
        }
      />
      <DataList<Organisation>
        entity="organisations"
        columns={columns}
        filters={filters}
        bulkHints={bulkHints}
        defaultSort="name"
        fetchPage={async (query, signal) =>
          data(await api.GET('/api/v1/organisations', { params: { query: query as never }, signal }))
        }
        rowHref={(o) => `/organisations/${o.id}`}
        empty={{
          title: t('emptyTitle'),
          hint: t('emptyHint'),
          action: canWrite(user) && (
            <Button leftSection={<IconPlus size={16} />} onClick={createModal.open}>
              {t('new')}
            </Button>
          ),
        }}
      />
      <OrganisationFormModal
        opened={creating}
        onClose={createModal.close}
        onSaved={(o) => navigate(`/organisations/${o.id}`)}
      />
    </>
  );
}
