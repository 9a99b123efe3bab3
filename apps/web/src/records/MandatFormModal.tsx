import { MANDAT_KINDS } from '@crm/contracts';
import { Anchor, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data } from '../api/client.ts';
import { useCurrentUser } from '../app/auth.tsx';
import { CURRENCIES } from '../app/currencies.ts';
import { useDirectory } from '../app/directory.ts';
import { mandatKeys, organisationKeys } from '../app/query-keys.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import type { Mandat } from './mandat.ts';
import { invalidateRecord, recordSaved } from './queries.ts';
import { RecordPicker } from './RecordPicker.tsx';

interface Values {
  organisationId: string | null;
  kind: Mandat['kind'];
  title: string;
  amount: number | string;
  currency: string;
  expectedCloseDate: string | null;
  ownerId: string | null;
}

/**
 * Creates a mandate (no `mandat`) or edits its main fields. `organisationId` presets the organisation of a new
 * mandate (from an organisation's page). Reusable: `<MandatFormModal opened onClose organisationId />`.
 */
export function MandatFormModal({
  opened,
  onClose,
  mandat,
  organisationId,
  onCreated,
}: {
  opened: boolean;
  onClose: () => void;
  mandat?: Mandat;
  organisationId?: string;
  onCreated?: (m: Mandat) => void;
}) {
  const { t } = useTranslation('mandats');
  return (
    <Modal opened={opened} onClose={onClose} title={mandat ? t('edit.title') : t('create.title')} size="lg">
      {opened && (
        <MandatForm
          key={mandat?.id ?? 'new'}
          mandat={mandat}
          organisationId={organisationId}
          onDone={onClose}
          onCreated={onCreated}
        />
      )}
    </Modal>
  );
}

function MandatForm({
  mandat,
  organisationId,
  onDone,
  onCreated,
}: {
  mandat?: Mandat;
  organisationId?: string;
  onDone: () => void;
  onCreated?: (m: Mandat) => void;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const { userOptions } = useDirectory();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const form = useForm<Values>({
    initialValues: {
      organisationId: mandat?.organisationId ?? organisationId ?? null,
      kind: mandat?.kind ?? 'distribution',
      title: mandat?.title ?? '',
      amount: mandat?.amount ? Number(mandat.amount) : '',
      currency: mandat?.currency ?? 'EUR',
      expectedCloseDate: mandat?.expectedCloseDate ?? null,
      ownerId: mandat?.ownerId ?? user.id,
    },
    validate: {
      title: (v) => (v.trim() ? null : t('create.titleRequired')),
      organisationId: (v) => (v ? null : t('create.organisationRequired')),
    },
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = {
        organisationId: v.organisationId as string,
        kind: v.kind,
        title: v.title.trim(),
        amount: v.amount === '' ? null : String(v.amount),
        currency: v.currency,
        expectedCloseDate: v.expectedCloseDate || null,
        ...(v.ownerId ? { ownerId: v.ownerId } : {}),
      };
      if (mandat) {
        return data(await api.PATCH('/api/v1/mandats/{id}', { params: { path: { id: mandat.id } }, body }));
      }
      return data(await api.POST('/api/v1/mandats', { body }));
    },
    onSuccess: (m) => {
      recordSaved(queryClient, mandatKeys, m);
      // Its organisation's page: the mandates tab and totals (lists, above) and the timeline (stage changes).
      invalidateRecord(queryClient, organisationKeys, m.organisationId);
      if (mandat) {
        notifications.show({ color: 'teal', message: tc('states.saved') });
      } else {
        notifications.show({
          color: 'teal',
          title: t('create.created', { title: m.title }),
          message: (
            // Notifications render outside the router: a button that navigates, not a <Link>.
            <Anchor component="button" type="button" size="sm" onClick={() => navigate(`/mandats/${m.id}`)}>
              {t('create.open')}
            </Anchor>
          ),
        });
        onCreated?.(m);
      }
      onDone();
    },
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack>
        <ProblemAlert error={save.error} />
        <RecordPicker
          entity="organisation"
          label={t('fields.organisation')}
          placeholder={tc('picker.organisation')}
          required
          clearable={false}
          data-autofocus={!organisationId || undefined}
          {...form.getInputProps('organisationId')}
          value={form.values.organisationId}
          onChange={(id) => form.setFieldValue('organisationId', id)}
        />
        <TextInput label={t('fields.title')} required {...form.getInputProps('title')} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('fields.kind')}
            data={MANDAT_KINDS.map((k) => ({ value: k, label: tc(`enums.mandatKind.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          <Select
            label={t('fields.owner')}
            data={userOptions}
            searchable
            allowDeselect={false}
            {...form.getInputProps('ownerId')}
          />
          <NumberInput
            label={t('fields.amount')}
            min={0}
            thousandSeparator=" "
            decimalScale={2}
            {...form.getInputProps('amount')}
          />
          <Select
            label={t('fields.currency')}
            data={[...new Set([...CURRENCIES, form.values.currency])]}
            allowDeselect={false}
            {...form.getInputProps('currency')}
          />
          <DatePickerInput
            label={t('fields.expectedCloseDate')}
            valueFormat="DD/MM/YYYY"
            clearable
            {...form.getInputProps('expectedCloseDate')}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {mandat ? tc('actions.save') : tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
