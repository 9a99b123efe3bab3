import { Button, Group, Modal, NumberInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../../api/client.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { analyticsKeys, type Funnel } from '../queries.ts';
import { blankSteps, type StepDraft, StepsEditor, stepsBody } from './StepsEditor.tsx';

/** Create or edit a saved funnel: a name, its steps in order and the conversion window. */
export function FunnelFormModal({
  funnel,
  onClose,
  onSaved,
}: {
  funnel: Funnel | null;
  onClose: () => void;
  onSaved: (funnel: Funnel) => void;
}) {
  const { t } = useTranslation('product-analytics');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: {
      name: funnel?.name ?? '',
      windowDays: funnel?.windowDays ?? 14,
      steps: (funnel?.steps.map((s) => ({ event: s.event, route: s.route ?? '' })) ?? blankSteps()) as StepDraft[],
    },
    validate: {
      name: (v) => (v.trim() ? null : tc('errors.validation')),
      windowDays: (v) => (Number.isInteger(v) && v >= 1 && v <= 90 ? null : tc('errors.validation')),
    },
  });
  const save = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: typeof form.values) => {
      const body = { name: v.name.trim(), windowDays: v.windowDays, steps: stepsBody(v.steps) };
      return funnel
        ? data(await api.PATCH('/api/v1/analytics/product/funnels/{id}', { params: { path: { id: funnel.id } }, body }))
        : data(await api.POST('/api/v1/analytics/product/funnels', { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: analyticsKeys.funnels });
      notifications.show({
        color: 'teal',
        message: funnel ? t('funnels.updatedToast') : t('funnels.createdToast', { name: saved.name }),
      });
      onSaved(saved);
    },
  });
  return (
    <Modal opened onClose={onClose} size="lg" title={funnel ? t('funnels.editTitle') : t('funnels.createTitle')}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack gap="sm">
          <TextInput label={t('funnels.name')} required data-autofocus {...form.getInputProps('name')} />
          <StepsEditor steps={form.values.steps} onChange={(steps) => form.setFieldValue('steps', steps)} />
          <NumberInput
            label={t('funnels.windowDays')}
            description={t('funnels.windowHint')}
            min={1}
            max={90}
            w={260}
            {...form.getInputProps('windowDays')}
          />
          <ProblemAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('funnels.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
