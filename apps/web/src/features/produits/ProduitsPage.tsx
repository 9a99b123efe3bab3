import { PRODUIT_STATUSES, PRODUIT_TYPES, SFDR_ARTICLES } from '@crm/contracts';
import { Button, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { CURRENCIES } from '../../app/currencies.ts';
import { useFormat } from '../../app/format.ts';
import { DataList } from '../../records/data-list/DataList.tsx';
import type { BulkHint, Column, Filter } from '../../records/data-list/types.ts';
import { ProduitStatusBadge, SfdrBadge, SriScale } from '../../records/ProduitBadges.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CreateProduitModal } from './CreateProduitModal.tsx';
import { canEditCatalogue, type Produit } from './model.ts';

/** `/produits`: the fund catalogue. */
export default function ProduitsPage() {
  const { t } = useTranslation('produits');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const editor = canEditCatalogue(user);
  const [createOpen, create] = useDisclosure();

  const typeOptions = PRODUIT_TYPES.map((v) => ({ value: v, label: v }));
  const statusOptions = PRODUIT_STATUSES.map((v) => ({ value: v, label: tc(`enums.produitStatus.${v}`) }));
  const columns: Column<Produit>[] = [
    { key: 'name', label: t('fields.name'), sort: 'name', render: (p) => p.name },
    {
      key: 'isin',
      label: t('fields.isin'),
      sort: 'isin',
      render: (p) => (
        <Text size="sm" ff="monospace">
          {p.isin}
        </Text>
      ),
    },
    { key: 'type', label: t('fields.type'), sort: 'type', render: (p) => p.type },
    {
      key: 'sfdrArticle',
      label: t('fields.sfdrArticle'),
      sort: 'sfdrArticle',
      render: (p) => <SfdrBadge article={p.sfdrArticle} />,
    },
    { key: 'sriRisk', label: t('fields.sriRisk'), sort: 'sriRisk', render: (p) => <SriScale risk={p.sriRisk} /> },
    { key: 'currency', label: t('fields.currency'), sort: 'currency', render: (p) => p.currency },
    {
      key: 'status',
      label: t('fields.status'),
      sort: 'status',
      render: (p) => <ProduitStatusBadge status={p.status} />,
    },
    {
      key: 'assetClass',
      label: t('fields.assetClass'),
      sort: 'assetClass',
      hidden: true,
      render: (p) => p.assetClass ?? '—',
    },
    { key: 'category', label: t('fields.category'), sort: 'category', hidden: true, render: (p) => p.category ?? '—' },
    {
      key: 'createdAt',
      label: t('fields.createdAt'),
      sort: 'createdAt',
      hidden: true,
      render: (p) => fmt.date(p.createdAt),
    },
    {
      key: 'updatedAt',
      label: t('fields.updatedAt'),
      sort: 'updatedAt',
      hidden: true,
      render: (p) => fmt.date(p.updatedAt),
    },
  ];
  const filters: Filter[] = [
    { kind: 'select', key: 'type', label: t('fields.type'), options: typeOptions, multiple: true },
    { kind: 'select', key: 'status', label: t('fields.status'), options: statusOptions, multiple: true },
    {
      kind: 'select',
      key: 'sfdrArticle',
      label: t('fields.sfdrArticle'),
      options: SFDR_ARTICLES.map((n) => ({ value: String(n), label: t('sfdr', { n }) })),
      multiple: true,
    },
    {
      kind: 'select',
      key: 'sriRisk',
      label: t('fields.sriRisk'),
      options: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: t('sri', { n }) })),
      multiple: true,
    },
    {
      kind: 'select',
      key: 'currency',
      label: t('fields.currency'),
      options: CURRENCIES.map((c) => ({ value: c, label: c })),
      multiple: true,
    },
    { kind: 'text', key: 'assetClass', label: t('fields.assetClass') },
    { kind: 'text', key: 'category', label: t('fields.category') },
  ];
  // The fields the list shows; the server says which the caller may write (catalogue editors only).
  const bulkHints: Record<string, BulkHint> = {
    type: { label: t('fields.type'), options: typeOptions },
    status: { label: t('fields.status'), options: statusOptions },
    sfdrArticle: {
      label: t('fields.sfdrArticle'),
      options: SFDR_ARTICLES.map((n) => ({ value: String(n), label: t('sfdr', { n }) })),
    },
    sriRisk: {
      label: t('fields.sriRisk'),
      options: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: t('sri', { n }) })),
    },
    currency: { label: t('fields.currency'), options: CURRENCIES.map((c) => ({ value: c, label: c })) },
    assetClass: { label: t('fields.assetClass') },
    category: { label: t('fields.category') },
  };

  const newButton = editor && (
    <Button leftSection={<IconPlus size={16} />} onClick={create.open}>
      {t('new')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <DataList<Produit>
        entity="produits"
        columns={columns}
        filters={filters}
        bulkHints={bulkHints}
        defaultSort="name"
        fetchPage={async (query, signal) =>
          data(await api.GET('/api/v1/produits', { params: { query: query as never }, signal }))
        }
        rowHref={(p) => `/produits/${p.id}`}
        actions={newButton || undefined}
        empty={{
          title: t('emptyTitle'),
          hint: editor ? t('emptyHint') : t('emptyHintReader'),
          action: newButton || undefined,
        }}
      />
      <CreateProduitModal opened={createOpen} onClose={create.close} />
    </>
  );
}
