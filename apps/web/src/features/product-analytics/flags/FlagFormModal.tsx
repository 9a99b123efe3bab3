import {
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Slider,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../../api/client.ts';
import { fromParisWall, toParisWall } from '../../../app/paris-time.ts';
import { useTeams } from '../../../app/teams.ts';
import { DateTimeField } from '../../../ui/DateTimeField.tsx';
import { fieldErrors } from '../../../ui/field-errors.ts';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { eventLabel, STEP_EVENTS } from '../labels.ts';
import { analyticsKeys, type Flag } from '../queries.ts';
import { VariantsEditor } from './VariantsEditor.tsx';
import { defaultVariants, FLAG_KEY, type VariantDraft, variantsProblem } from './variants.ts';

/** Create or edit a feature flag: rollout, teams, and for an experiment its variants, goal and dates. */
export function FlagFormModal({ flag, onClose }: { flag: Flag | null; onClose: () => void }) {
  const { t } = useTranslation('product-analytics');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const { teamOptions } = useTeams();
  const form = useForm({
    initialValues: {
      key: flag?.key ?? '',
      name: flag?.name ?? '',
      description: flag?.description ?? '',
      active: flag?.active ?? false,
      rolloutPercent: flag?.rolloutPercent ?? 100,
      teamIds: flag?.teamIds ?? [],
      variants: (flag?.variants ?? null) as VariantDraft[] | null,
      goalEvent: flag?.goalEvent ?? null,
      start: toParisWall(flag?.experimentStartedAt),
      end: toParisWall(flag?.experimentEndedAt),
    },
    validate: {
      key: (v) => (FLAG_KEY.test(v) ? null : t('flags.keyHint')),
      name: (v) => (v.trim() ? null : t('form.required')),
      variants: (v) => (v && variantsProblem(v) ? t('form.invalid') : null),
      end: (v, all) => (v && all.start && v <= all.start ? t('form.endBeforeStart') : null),
    },
  });
  const save = useMutation({
    meta: { errorToast: false },
    mutationFn: async (v: typeof form.values) => {
      const body = {
        key: v.key,
        name: v.name.trim(),
        description: v.description.trim() || null,
        active: v.active,
        rolloutPercent: v.rolloutPercent,
        teamIds: v.teamIds,
        variants: v.variants,
        goalEvent: v.variants ? v.goalEvent : null,
        experimentStartedAt: v.variants ? fromParisWall(v.start) : null,
        experimentEndedAt: v.variants ? fromParisWall(v.end) : null,
      };
      return flag
        ? data(await api.PATCH('/api/v1/analytics/flags/{id}', { params: { path: { id: flag.id } }, body }))
        : data(await api.POST('/api/v1/analytics/flags', { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: analyticsKeys.flags });
      notifications.show({
        color: 'teal',
        message: flag ? t('flags.updatedToast') : t('flags.createdToast', { key: saved.key }),
      });
      onClose();
    },
    onError: (e) => form.setErrors(fieldErrors(e, ['key', 'name', 'teamIds', 'variants', 'goalEvent'])),
  });
  const v = form.values;
  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={flag ? t('flags.editTitle', { key: flag.key }) : t('flags.createTitle')}
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('flags.key')}
              description={t('flags.keyHint')}
              required
              data-autofocus
              {...form.getInputProps('key')}
            />
            <TextInput label={t('flags.name')} required {...form.getInputProps('name')} />
          </SimpleGrid>
          <Textarea label={t('flags.description')} autosize minRows={2} {...form.getInputProps('description')} />
          <Switch label={t('flags.active')} {...form.getInputProps('active', { type: 'checkbox' })} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id="flag-rollout">
              {t('flags.rolloutLabel', { value: v.rolloutPercent })}
            </Text>
            <Slider
              aria-labelledby="flag-rollout"
              min={0}
              max={100}
              step={5}
              marks={[{ value: 0 }, { value: 50 }, { value: 100 }]}
              label={(n) => `${n} %`}
              {...form.getInputProps('rolloutPercent')}
            />
          </Stack>
          <MultiSelect
            label={t('flags.teams')}
            description={t('flags.teamsHint')}
            data={teamOptions}
            searchable
            clearable
            {...form.getInputProps('teamIds')}
          />
          <Switch
            label={t('flags.addVariants')}
            checked={v.variants !== null}
            onChange={(e) => form.setFieldValue('variants', e.currentTarget.checked ? defaultVariants() : null)}
          />
          {v.variants && (
            <Stack gap="sm" pl="md" style={{ borderLeft: '2px solid var(--mantine-color-indigo-light)' }}>
              <Text size="sm" fw={500}>
                {t('flags.variants')}
              </Text>
              <VariantsEditor variants={v.variants} onChange={(next) => form.setFieldValue('variants', next)} />
              <Select
                label={t('flags.goal')}
                description={t('flags.goalHint')}
                data={STEP_EVENTS.map((e) => ({ value: e, label: eventLabel(t, e) }))}
                searchable
                clearable
                {...form.getInputProps('goalEvent')}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <DateTimeField label={t('flags.start')} clearable {...form.getInputProps('start')} />
                <DateTimeField label={t('flags.end')} clearable {...form.getInputProps('end')} />
              </SimpleGrid>
            </Stack>
          )}
          <ProblemAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('flags.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
