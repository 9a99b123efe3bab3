import { DIRECTIONS, INTERACTION_TYPES } from '@crm/contracts';
import {
  Button,
  type ButtonProps,
  Checkbox,
  Collapse,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { DatePickerInput, DateTimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconMessagePlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client.ts';
import { canWrite, useCurrentUser } from '../app/auth.tsx';
import { pickerToIso, toPickerValue } from '../app/local-date.ts';
import { fieldErrors } from '../ui/field-errors.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import type { ActivityLinks } from './activity-links.ts';
import { INTERACTION_ICON, type InteractionType } from './icons.tsx';
import { invalidateActivity } from './queries.ts';
import { RecordPicker } from './RecordPicker.tsx';

export interface LogInteractionModalProps {
  opened: boolean;
  onClose: () => void;
  /** The records the interaction is linked to, pre-filled (still editable in the form). */
  links: ActivityLinks;
  /** Type selected when the form opens (default `appel`). */
  defaultType?: InteractionType;
  /** Called with the new interaction's id after it is saved. */
  onLogged?: (id: string) => void;
}

interface Values {
  type: InteractionType;
  occurredAt: string | null;
  title: string;
  body: string;
  direction: string | null;
  durationMinutes: number | string;
  organisationId: string | null;
  personId: string | null;
  mandatId: string | null;
  followUp: boolean;
  followUpDue: string | null;
}

const FIELDS = [
  'type',
  'occurredAt',
  'title',
  'body',
  'direction',
  'durationMinutes',
  'organisationId',
  'personId',
  'mandatId',
];

function inDays(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return toPickerValue(d).slice(0, 10);
}

/** One-step logging of a call, meeting, e-mail or note, with an optional follow-up task. */
export function LogInteractionModal({
  opened,
  onClose,
  links,
  defaultType = 'appel',
  onLogged,
}: LogInteractionModalProps) {
  const { t } = useTranslation('records');
  return (
    <Modal opened={opened} onClose={onClose} title={t('log.title')} size="lg">
      {/* Mounted only while open: each opening starts from a fresh form (date = now). */}
      {opened && <LogInteractionForm links={links} defaultType={defaultType} onClose={onClose} onLogged={onLogged} />}
    </Modal>
  );
}

function LogInteractionForm({
  links,
  defaultType,
  onClose,
  onLogged,
}: Omit<LogInteractionModalProps, 'opened'> & { defaultType: InteractionType }) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      type: defaultType,
      occurredAt: toPickerValue(new Date()),
      title: '',
      body: '',
      direction: null,
      durationMinutes: '',
      organisationId: links.organisationId ?? null,
      personId: links.personId ?? null,
      mandatId: links.mandatId ?? null,
      followUp: false,
      followUpDue: inDays(7),
    },
    validate: {
      title: (v) => (v.trim() ? null : t('log.subjectRequired')),
      occurredAt: (v) => (v ? null : t('log.dateRequired')),
      followUpDue: (v, values) => (values.followUp && !v ? t('log.dateRequired') : null),
    },
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const interaction = data(
        await api.POST('/api/v1/interactions', {
          body: {
            type: v.type,
            title: v.title.trim(),
            body: v.body.trim() || null,
            occurredAt: pickerToIso(v.occurredAt) as string,
            direction: (v.direction as (typeof DIRECTIONS)[number] | null) || null,
            durationMinutes: v.durationMinutes === '' ? null : Number(v.durationMinutes),
            organisationId: v.organisationId,
            personId: v.personId,
            mandatId: v.mandatId,
          },
        }),
      );
      if (v.followUp && v.followUpDue) {
        data(
          await api.POST('/api/v1/tasks', {
            body: {
              title: t('log.followUpTitle', { subject: v.title.trim() }),
              category: 'relance',
              dueAt: pickerToIso(`${v.followUpDue.slice(0, 10)} 09:00:00`),
              organisationId: v.organisationId,
              personId: v.personId,
              mandatId: v.mandatId,
            },
          }),
        );
      }
      return interaction;
    },
    onSuccess: (interaction, v) => {
      invalidateActivity(queryClient, v);
      notifications.show({ color: 'teal', message: v.followUp ? t('log.savedWithTask') : t('log.saved') });
      onLogged?.(interaction.id);
      onClose();
    },
    onError: (error) => form.setErrors(fieldErrors(error, FIELDS)),
  });

  const typeOptions = INTERACTION_TYPES.map((v) => ({ value: v, label: tc(`enums.interactionType.${v}`) }));
  const TypeIcon = INTERACTION_ICON[form.values.type] ?? IconMessagePlus;

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('log.type')}
            data={typeOptions}
            allowDeselect={false}
            leftSection={<TypeIcon size={16} />}
            {...form.getInputProps('type')}
          />
          <DateTimePicker
            label={t('log.occurredAt')}
            valueFormat="DD/MM/YYYY HH:mm"
            required
            {...form.getInputProps('occurredAt')}
          />
        </SimpleGrid>
        <TextInput
          label={t('log.subject')}
          placeholder={t('log.subjectPlaceholder')}
          required
          data-autofocus
          {...form.getInputProps('title')}
        />
        <Textarea
          label={t('log.notes')}
          placeholder={t('log.notesPlaceholder')}
          autosize
          minRows={3}
          maxRows={10}
          {...form.getInputProps('body')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('log.direction')}
            placeholder={t('log.directionNone')}
            data={DIRECTIONS.map((v) => ({ value: v, label: tc(`enums.direction.${v}`) }))}
            clearable
            {...form.getInputProps('direction')}
          />
          <NumberInput
            label={t('log.duration')}
            min={0}
            max={1440}
            allowDecimal={false}
            {...form.getInputProps('durationMinutes')}
          />
        </SimpleGrid>
        <Text size="sm" fw={500}>
          {t('log.links')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <RecordPicker
            entity="organisation"
            label={t('links.organisation')}
            value={form.values.organisationId}
            onChange={(id) => form.setFieldValue('organisationId', id)}
            error={form.errors.organisationId}
          />
          <RecordPicker
            entity="person"
            label={t('links.person')}
            value={form.values.personId}
            onChange={(id) => form.setFieldValue('personId', id)}
            error={form.errors.personId}
          />
          <RecordPicker
            entity="mandat"
            label={t('links.mandat')}
            value={form.values.mandatId}
            onChange={(id) => form.setFieldValue('mandatId', id)}
            error={form.errors.mandatId}
          />
        </SimpleGrid>
        <Checkbox label={t('log.followUp')} {...form.getInputProps('followUp', { type: 'checkbox' })} />
        <Collapse expanded={form.values.followUp}>
          <DatePickerInput
            label={t('log.followUpDue')}
            valueFormat="DD/MM/YYYY"
            minDate={new Date()}
            maw={260}
            {...form.getInputProps('followUpDue')}
          />
        </Collapse>
        <ProblemAlert error={save.error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('log.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A "log an interaction" button with its form, pre-linked to the record it is on. Hidden for viewers. */
export function LogInteractionButton({
  links,
  defaultType,
  label,
  onLogged,
  ...buttonProps
}: {
  links: ActivityLinks;
  defaultType?: InteractionType;
  /** Button text (default "Log an interaction"). */
  label?: string;
  onLogged?: (id: string) => void;
} & ButtonProps) {
  const { t } = useTranslation('records');
  const user = useCurrentUser();
  const [opened, { open, close }] = useDisclosure();
  if (!canWrite(user)) return null;
  return (
    <>
      <Button leftSection={<IconMessagePlus size={16} />} onClick={open} {...buttonProps}>
        {label ?? t('log.button')}
      </Button>
      <LogInteractionModal
        opened={opened}
        onClose={close}
        links={links}
        defaultType={defaultType}
        onLogged={onLogged}
      />
    </>
  );
}
