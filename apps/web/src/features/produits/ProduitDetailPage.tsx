import { PRODUIT_STATUSES, PRODUIT_TYPES, SFDR_ARTICLES } from '@crm/contracts';
import { ActionIcon, Alert, Anchor, Badge, Card, Group, Menu, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowLeft, IconDots, IconLock, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { api, data } from '../../api/client.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { useRecordLifecycle } from '../../records/lifecycle.tsx';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { InlineField } from '../../ui/InlineField.tsx';
import { inlineSelect, inlineText } from '../../ui/InlineFieldEditors.tsx';
import { PageSkeleton } from '../../ui/PageSkeleton.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { CURRENCIES, useOrganisationNames } from '../mandats/model.ts';
import { canEditCatalogue, normaliseIsin, type Produit, produitKey, useProduit } from './model.ts';
import { ProduitStatusBadge, SfdrBadge, SriScale } from './ProduitBadges.tsx';

/** `/produits/:id`: one fund, edited in place by managers and administrators. */
export default function ProduitDetailPage() {
  const { id = '' } = useParams();
  const produit = useProduit(id);
  if (produit.isPending) return <PageSkeleton />;
  if (produit.isError) {
    return (
      <Stack>
        <BackLink />
        <ProblemAlert error={produit.error} />
      </Stack>
    );
  }
  return <ProduitDetail produit={produit.data} />;
}

function BackLink() {
  const { t } = useTranslation('produits');
  return (
    <Anchor component={Link} to="/produits" size="sm">
      <Group gap={4} component="span">
        <IconArrowLeft size={14} aria-hidden />
        {t('detail.back')}
      </Group>
    </Anchor>
  );
}

type Patch = Partial<Record<keyof Produit, unknown>>;

function ProduitDetail({ produit }: { produit: Produit }) {
  const { t } = useTranslation('produits');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const editor = canEditCatalogue(user);
  const queryClient = useQueryClient();
  const _navigate = useNavigate();
  const companyName = useOrganisationNames([produit.managementCompanyId]);

  const save = async (patch: Patch) => {
    const p = data(
      await api.PATCH('/api/v1/produits/{id}', { params: { path: { id: produit.id } }, body: patch as never }),
    );
    queryClient.setQueryData(produitKey(p.id), p);
    void queryClient.invalidateQueries({ queryKey: ['produits'] });
    notifications.show({ color: 'teal', message: tc('states.saved') });
    return p;
  };

  const { restore, confirmDelete } = useRecordLifecycle('produits', produit.id, {
    confirmTitle: t('detail.deleteTitle'),
    confirmBody: t('detail.deleteConfirm', { name: produit.name }),
    deleted: t('detail.deleted'),
    restored: t('detail.restored'),
  });

  const blank = (v: string | null) => (v === null || v.trim() === '' ? null : v.trim());

  const section = (title: string, children: ReactNode) => (
    <Card withBorder>
      <Title order={2} size="h5" mb="sm">
        {title}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="md">
        {children}
      </SimpleGrid>
    </Card>
  );

  return (
    <Stack gap="md">
      <BackLink />
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={6} style={{ minWidth: 0, flex: '1 1 320px' }}>
          <Group gap="xs">
            <ProduitStatusBadge status={produit.status} />
            <Badge variant="default">{produit.type}</Badge>
          </Group>
          <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
            {produit.name}
          </Title>
          <Text ff="monospace" size="sm">
            {produit.isin}
          </Text>
        </Stack>
        {editor && (
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label={t('detail.actions')}>
                <IconDots size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={confirmDelete}>
                {tc('actions.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {!editor && (
        <Alert variant="light" color="gray" icon={<IconLock size={16} />}>
          {t('detail.readOnly')}
        </Alert>
      )}

      {section(
        t('detail.identity'),
        <>
          <InlineField
            label={t('fields.name')}
            display={produit.name}
            canEdit={editor}
            editor={{ kind: 'custom', value: produit.name as string | null, render: inlineText() }}
            onSave={(v) => save({ name: v ?? '' })}
          />
          <InlineField
            label={t('fields.isin')}
            display={
              <Text ff="monospace" size="sm" component="span">
                {produit.isin}
              </Text>
            }
            canEdit={editor}
            editor={{ kind: 'custom', value: produit.isin as string | null, render: inlineText() }}
            onSave={(v) => save({ isin: normaliseIsin(v ?? '') })}
          />
          <InlineField
            label={t('fields.managementCompany')}
            display={produit.managementCompanyId ? companyName(produit.managementCompanyId) : null}
            canEdit={editor}
            editor={{
              kind: 'custom',
              value: produit.managementCompanyId,
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
            }}
            onSave={(v) => save({ managementCompanyId: v })}
          />
          <InlineField
            label={t('fields.status')}
            display={tc(`enums.produitStatus.${produit.status}`)}
            canEdit={editor}
            editor={{
              kind: 'custom',
              value: produit.status as string | null,
              render: inlineSelect(
                PRODUIT_STATUSES.map((v) => ({ value: v, label: tc(`enums.produitStatus.${v}`) })),
                false,
              ),
            }}
            onSave={(v) => save({ status: v })}
          />
          <InlineField label={t('fields.createdAt')} display={fmt.dateTime(produit.createdAt)} canEdit={false} />
          <InlineField label={t('fields.updatedAt')} display={fmt.dateTime(produit.updatedAt)} canEdit={false} />
        </>,
      )}
      {section(
        t('detail.classification'),
        <>
          <InlineField
            label={t('fields.type')}
            display={produit.type}
            canEdit={editor}
            editor={{
              kind: 'custom',
              value: produit.type as string | null,
              render: inlineSelect(
                PRODUIT_TYPES.map((v) => ({ value: v, label: v })),
                false,
              ),
            }}
            onSave={(v) => save({ type: v })}
          />
          <InlineField
            label={t('fields.currency')}
            display={produit.currency}
            canEdit={editor}
            editor={{
              kind: 'custom',
              value: produit.currency as string | null,
              render: inlineSelect(
                [...new Set([...CURRENCIES, produit.currency])].map((c) => ({ value: c, label: c })),
                false,
              ),
            }}
            onSave={(v) => save({ currency: v })}
          />
          <InlineField
            label={t('fields.sfdrArticle')}
            display={produit.sfdrArticle ? <SfdrBadge article={produit.sfdrArticle} /> : null}
            canEdit={editor}
            editor={{
              kind: 'custom',
              value: produit.sfdrArticle ? String(produit.sfdrArticle) : null,
              render: inlineSelect(SFDR_ARTICLES.map((n) => ({ value: String(n), label: t('sfdr', { n }) }))),
            }}
            onSave={(v) => save({ sfdrArticle: v ? Number(v) : null })}
          />
          <InlineField
            label={t('fields.sriRisk')}
            display={produit.sriRisk ? <SriScale risk={produit.sriRisk} /> : null}
            canEdit={editor}
            editor={{
              kind: 'custom',
              value: produit.sriRisk ? String(produit.sriRisk) : null,
              render: inlineSelect([1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: t('sri', { n }) }))),
            }}
            onSave={(v) => save({ sriRisk: v ? Number(v) : null })}
          />
          <InlineField
            label={t('fields.assetClass')}
            display={produit.assetClass}
            canEdit={editor}
            editor={{ kind: 'custom', value: produit.assetClass, render: inlineText() }}
            onSave={(v) => save({ assetClass: blank(v) })}
          />
          <InlineField
            label={t('fields.category')}
            display={produit.category}
            canEdit={editor}
            editor={{ kind: 'custom', value: produit.category, render: inlineText() }}
            onSave={(v) => save({ category: blank(v) })}
          />
        </>,
      )}
    </Stack>
  );
}
