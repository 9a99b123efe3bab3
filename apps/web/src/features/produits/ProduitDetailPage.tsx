import { SFDR_ARTICLES } from '@crm/contracts';
import { Alert, Badge, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { useCurrentUser } from '../../app/auth.tsx';
import { CURRENCIES } from '../../app/currencies.ts';
import { useFormat } from '../../app/format.ts';
import { produitKeys } from '../../app/query-keys.ts';
import { RecordFields } from '../../records/fields/RecordFields.tsx';
import type { RecordField } from '../../records/fields/types.ts';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { ProduitStatusBadge, SfdrBadge, SriScale } from '../../records/ProduitBadges.tsx';
import { RecordLoad, RecordPage } from '../../records/RecordPage.tsx';
import { RecordPicker, useRecordLabel } from '../../records/RecordPicker.tsx';
import { canEditCatalogue, normaliseIsin, type Produit } from './model.ts';
import { useProduit } from './queries.ts';

/** `/produits/:id`: one fund, edited in place by managers and administrators. */
export default function ProduitDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('produits');
  return (
    <RecordLoad query={useProduit(id)} back={{ to: '/produits', label: t('detail.back') }}>
      {(produit) => <ProduitDetail produit={produit} />}
    </RecordLoad>
  );
}

type Section = 'identity' | 'classification';

/** The fund's fields by section, in order (records/fields: the server's descriptions decide the rest). */
function useProduitFields(produit: Produit): RecordField<Produit, Section>[] {
  const { t } = useTranslation('produits');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const company = useRecordLabel('organisation', produit.managementCompanyId);
  const number = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return [
    { section: 'identity', name: 'name', label: t('fields.name') },
    {
      section: 'identity',
      name: 'isin',
      label: t('fields.isin'),
      display: (p) => (
        <Text ff="monospace" size="sm" component="span">
          {p.isin}
        </Text>
      ),
      toValue: (v) => normaliseIsin(typeof v === 'string' ? v : ''),
    },
    {
      section: 'identity',
      name: 'managementCompanyId',
      label: t('fields.managementCompany'),
      display: (p) => (p.managementCompanyId ? (company.data ?? '…') : null),
      editor: {
        kind: 'custom',
        render: ({ value, onChange, inputProps }) => (
          <RecordPicker
            entity="organisation"
            placeholder={tc('picker.organisation')}
            value={value}
            onChange={(id) => onChange(id)}
            clearable
            {...inputProps}
          />
        ),
      },
    },
    {
      section: 'identity',
      name: 'status',
      label: t('fields.status'),
      labels: (v) => tc(`enums.produitStatus.${v as Produit['status']}`),
    },
    { section: 'identity', name: 'createdAt', label: t('fields.createdAt'), display: (p) => fmt.dateTime(p.createdAt) },
    { section: 'identity', name: 'updatedAt', label: t('fields.updatedAt'), display: (p) => fmt.dateTime(p.updatedAt) },
    { section: 'classification', name: 'type', label: t('fields.type') },
    {
      section: 'classification',
      name: 'currency',
      label: t('fields.currency'),
      editor: (p) => ({
        kind: 'select',
        options: [...new Set([...CURRENCIES, p.currency])].map((c) => ({ value: c, label: c })),
      }),
    },
    {
      section: 'classification',
      name: 'sfdrArticle',
      label: t('fields.sfdrArticle'),
      display: (p) => (p.sfdrArticle ? <SfdrBadge article={p.sfdrArticle} /> : null),
      editor: { kind: 'select', options: SFDR_ARTICLES.map((n) => ({ value: String(n), label: t('sfdr', { n }) })) },
      toValue: number,
    },
    {
      section: 'classification',
      name: 'sriRisk',
      label: t('fields.sriRisk'),
      display: (p) => (p.sriRisk ? <SriScale risk={p.sriRisk} /> : null),
      editor: {
        kind: 'select',
        options: [1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: t('sri', { n }) })),
      },
    },
    { section: 'classification', name: 'assetClass', label: t('fields.assetClass') },
    { section: 'classification', name: 'category', label: t('fields.category') },
  ];
}

function ProduitDetail({ produit }: { produit: Produit }) {
  const { t } = useTranslation('produits');
  const editor = canEditCatalogue(useCurrentUser());
  const fields = useProduitFields(produit);
  const lifecycle = useRecordLifecycle('produits', produit.id, {
    confirmTitle: t('detail.deleteTitle'),
    confirmBody: t('detail.deleteConfirm', { name: produit.name }),
    deleted: t('detail.deleted'),
    restored: t('detail.restored'),
  });

  return (
    <RecordPage
      back={{ to: '/produits', label: t('detail.back') }}
      title={produit.name}
      badges={
        <>
          <ProduitStatusBadge status={produit.status} />
          <Badge variant="default">{produit.type}</Badge>
        </>
      }
      subtitle={
        <Text ff="monospace" size="sm">
          {produit.isin}
        </Text>
      }
      menu={editor ? { label: t('detail.actions'), lifecycle } : undefined}
      summary={
        !editor && (
          <Alert variant="light" color="gray" icon={<IconLock size={16} />}>
            {t('detail.readOnly')}
          </Alert>
        )
      }
      tabs={[
        {
          value: 'info',
          label: t('detail.identity'),
          render: () => (
            <RecordFields
              entity="produits"
              record={produit}
              recordKey={produitKeys.record(produit.id)}
              fields={fields}
              sections={[
                { key: 'identity', title: t('detail.identity') },
                { key: 'classification', title: t('detail.classification') },
              ]}
              mayModify={editor}
            />
          ),
        },
      ]}
    />
  );
}
