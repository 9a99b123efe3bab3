import { PRODUIT_STATUSES, PRODUIT_TYPES, SFDR_ARTICLES } from '@crm/contracts';
import { Alert, Anchor, Button, Group, Loader, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, data } from '../../api/client.ts';
import { CURRENCIES } from '../../app/currencies.ts';
import { produitKeys } from '../../app/query-keys.ts';
import { recordSaved } from '../../records/queries.ts';
import { RecordPicker } from '../../records/RecordPicker.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { ISIN_SHAPE, normaliseIsin, type Produit } from './model.ts';
import { produitByIsinQuery } from './queries.ts';

interface Values {
  name: string;
  isin: string;
  type: Produit['type'];
  currency: string;
  sfdrArticle: string | null;
  sriRisk: string | null;
  assetClass: string;
  category: string;
  managementCompanyId: string | null;
  status: Produit['status'];
}

/** The fund with this ISIN, or null (404) — to warn before creating a duplicate. */
export function useIsinLookup(isin: string) {
  const [debounced] = useDebouncedValue(normaliseIsin(isin), 300);
  const valid = ISIN_SHAPE.test(debounced);
  const query = useQuery({ ...produitByIsinQuery(debounced), enabled: valid });
  return { ...query, checked: valid && debounced === normaliseIsin(isin) };
}

/** Adds a fund to the catalogue; warns (with a link) when its ISIN is already there. */
export function CreateProduitModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation('produits');
  return (
    <Modal opened={opened} onClose={onClose} title={t('create.title')} size="lg">
      {opened && <CreateProduitForm onDone={onClose} />}
    </Modal>
  );
}

function CreateProduitForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation('produits');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: {
      name: '',
      isin: '',
      type: 'OPCVM',
      currency: 'EUR',
      sfdrArticle: null,
      sriRisk: null,
      assetClass: '',
      category: '',
      managementCompanyId: null,
      status: 'actif',
    },
    validate: {
      name: (v) => (v.trim() ? null : t('create.nameRequired')),
      isin: (v) =>
        !v.trim() ? t('create.isinRequired') : ISIN_SHAPE.test(normaliseIsin(v)) ? null : t('create.isinFormat'),
    },
  });
  const existing = useIsinLookup(form.values.isin);
  const duplicate = existing.checked ? existing.data : null;

  const save = useMutation({
    mutationFn: async (v: Values) =>
      data(
        await api.POST('/api/v1/produits', {
          body: {
            name: v.name.trim(),
            isin: normaliseIsin(v.isin),
            type: v.type,
            currency: v.currency,
            status: v.status,
            sfdrArticle: v.sfdrArticle ? (Number(v.sfdrArticle) as 6 | 8 | 9) : null,
            sriRisk: v.sriRisk ? Number(v.sriRisk) : null,
            assetClass: v.assetClass.trim() || null,
            category: v.category.trim() || null,
            managementCompanyId: v.managementCompanyId,
          },
        }),
      ),
    onSuccess: (p) => {
      recordSaved(queryClient, produitKeys, p);
      notifications.show({ color: 'teal', message: t('create.created', { name: p.name }) });
      onDone();
      navigate(`/produits/${p.id}`);
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <ProblemAlert error={save.error} />
        <TextInput label={t('fields.name')} required data-autofocus {...form.getInputProps('name')} />
        <TextInput
          label={t('fields.isin')}
          required
          maxLength={20}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', textTransform: 'uppercase' } }}
          rightSection={
            existing.isFetching ? (
              <Loader size={14} aria-label={t('create.checking')} />
            ) : existing.checked && existing.data === null ? (
              <IconCheck size={16} color="var(--mantine-color-teal-9)" aria-label={t('create.isinFree')} />
            ) : undefined
          }
          {...form.getInputProps('isin')}
        />
        {duplicate && (
          <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
            <Text size="sm">{t('create.isinTaken', { name: duplicate.name })}</Text>
            <Anchor component={Link} to={`/produits/${duplicate.id}`} size="sm" onClick={onDone}>
              {t('create.openExisting')}
            </Anchor>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('fields.type')}
            data={PRODUIT_TYPES.map((v) => ({ value: v, label: v }))}
            allowDeselect={false}
            {...form.getInputProps('type')}
          />
          <Select
            label={t('fields.status')}
            data={PRODUIT_STATUSES.map((v) => ({ value: v, label: tc(`enums.produitStatus.${v}`) }))}
            allowDeselect={false}
            {...form.getInputProps('status')}
          />
          <Select
            label={t('fields.sfdrArticle')}
            data={SFDR_ARTICLES.map((n) => ({ value: String(n), label: t('sfdr', { n }) }))}
            clearable
            {...form.getInputProps('sfdrArticle')}
          />
          <Select
            label={t('fields.sriRisk')}
            data={[1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: t('sri', { n }) }))}
            clearable
            {...form.getInputProps('sriRisk')}
          />
          <Select
            label={t('fields.currency')}
            data={[...CURRENCIES]}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          <RecordPicker
            entity="organisation"
            label={t('fields.managementCompany')}
            placeholder={tc('picker.organisation')}
            clearable
            value={form.values.managementCompanyId}
            onChange={(id) => form.setFieldValue('managementCompanyId', id)}
          />
          <TextInput label={t('fields.assetClass')} {...form.getInputProps('assetClass')} />
          <TextInput label={t('fields.category')} {...form.getInputProps('category')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!!duplicate}>
            {tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
