import { Button, Group, Modal, NumberInput, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../../api/client.ts';
import { fieldErrors } from '../../../ui/field-errors.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { type Alert, analyticsKeys, funnelsQuery } from '../queries.ts';

const KINDS = ['api_errors', 'funnel_conversion'] as const;
type Kind = (typeof KINDS)[number];
/** The longest window: 90 days. */
const MAX_WINDOW = 129_600;

/** Create or edit an alert rule: API errors above a count, or a saved funnel's conversion below a percentage. */
export function AlertFormModal({ alert, onClose }: { alert: Alert | null; onClose: () => void }) {
  const { t } = useTranslation('product-analytics');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const funnels = useQuery(funnelsQuery);
  const form = useForm({
    initialValues: {
      name: alert?.name ?? '',
      kind: (alert?.kind ?? 'api_errors') as Kind,
      threshold: alert?.threshold ?? 10,
      windowMinutes: alert?.windowMinutes ?? 5,
      funnelId: alert?.funnelId ?? null,
      active: alert?.active ?? true,
    },
    validate: {
      name: (v) => (v.trim() ? null : t('form.required')),
      threshold: (v, all) =>
        typeof v === 'number' && v >= 0 && (all.kind === 'api_errors' || v <= 100) ? null : t('form.invalid'),
      windowMinutes: (v) => (Number.isInteger(v) && v >= 1 && v <= MAX_WINDOW ? null : t('form.invalid')),
      funnelId: (v, all) => (all.kind === 'funnel_conversion' && !v ? t('form.required') : null),
    },
  });
  const save = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: typeof form.values) => {
      const body = {
        name: v.name.trim(),
        kind: v.kind,
        threshold: v.threshold,
        windowMinutes: v.windowMinutes,
        funnelId: v.kind === 'funnel_conversion' ? v.funnelId : null,
        active: v.active,
      };
      return alert
        ? data(await api.PATCH('/api/v1/analytics/alerts/{id}', { params: { path: { id: alert.id } }, body }))
        : data(await api.POST('/api/v1/analytics/alerts', { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: analyticsKeys.alerts });
      notifications.show({
        color: 'teal',
        message: alert ? t('alerts.updatedToast') : t('alerts.createdToast', { name: saved.name }),
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrors(e, ['name', 'threshold', 'windowMinutes', 'funnelId'])),
  });
  const conversion = form.values.kind === 'funnel_conversion';
  return (
    <Modal opened onClose={onClose} title={alert ? t('alerts.editTitle') : t('alerts.createTitle')}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <TextInput label={t('alerts.name')} required data-autofocus {...form.getInputProps('name')} />
          <Select
            label={t('alerts.kind')}
            data={KINDS.map((k) => ({ value: k, label: t(`alerts.kinds.${k}`) }))}
            allowDeselect={false}
            {...form.getInputProps('kind')}
          />
          {conversion && (
            <Select
              label={t('alerts.funnel')}
              data={(funnels.data ?? []).map((f) => ({ value: f.id, label: f.name }))}
              required
              {...form.getInputProps('funnelId')}
            />
          )}
          <NumberInput
            label={conversion ? t('alerts.thresholdConversion') : t('alerts.thresholdErrors')}
            min={0}
            max={conversion ? 100 : 1_000_000}
            decimalScale={2}
            {...form.getInputProps('threshold')}
          />
          <NumberInput
            label={t('alerts.window')}
            description={t('alerts.windowHint')}
            min={1}
            max={MAX_WINDOW}
            {...form.getInputProps('windowMinutes')}
          />
          <Switch label={t('alerts.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          <ProblemAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('alerts.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
