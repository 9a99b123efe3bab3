import { TASK_CATEGORIES, TASK_PRIORITIES } from '@crm/contracts';
import {
  Button,
  type ButtonProps,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../api/client.ts';
import { canWrite, useCurrentUser } from '../app/auth.tsx';
import { useDirectory } from '../app/directory.ts';
import { fromParisWall, toParisWall } from '../app/paris-time.ts';
import { nextWorkingDay } from '../app/working-days.ts';
import { DateTimeField } from '../ui/DateTimeField.tsx';
import { fieldErrors } from '../ui/field-errors.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import type { ActivityLinks } from './activity-links.ts';
import { invalidateActivity } from './queries.ts';
import { RecordPicker } from './RecordPicker.tsx';

type Priority = (typeof TASK_PRIORITIES)[number];
type Category = (typeof TASK_CATEGORIES)[number];

export interface CreateTaskModalProps {
  opened: boolean;
  onClose: () => void;
  /** Records the task is linked to, pre-filled (editable). */
  links?: ActivityLinks;
  /** Pre-filled title (e.g. "Follow up: …"). */
  defaultTitle?: string;
  onCreated?: (task: Schemas['Task']) => void;
}

interface Values {
  title: string;
  description: string;
  dueAt: string | null;
  priority: Priority;
  category: Category;
  assigneeId: string | null;
  organisationId: string | null;
  personId: string | null;
  mandatId: string | null;
}
const FIELDS = [
  'title',
  'description',
  'dueAt',
  'priority',
  'category',
  'assigneeId',
  'organisationId',
  'personId',
  'mandatId',
];

/** The default due date: 9:00 (Paris) on the next working day (never a Saturday or a Sunday). */
function nextWorkingDayNine(): string | null {
  return toParisWall(nextWorkingDay(new Date()));
}

/** A small "new task" form: title, due date, priority, category, assignee and linked records. */
export function CreateTaskModal({ opened, onClose, links = {}, defaultTitle, onCreated }: CreateTaskModalProps) {
  const { t } = useTranslation('records');
  return (
    <Modal opened={opened} onClose={onClose} title={t('createTask.title')} size="lg">
      {opened && <CreateTaskForm links={links} defaultTitle={defaultTitle} onClose={onClose} onCreated={onCreated} />}
    </Modal>
  );
}

function CreateTaskForm({ links = {}, defaultTitle, onClose, onCreated }: Omit<CreateTaskModalProps, 'opened'>) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const { userOptions } = useDirectory();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: {
      title: defaultTitle ?? '',
      description: '',
      dueAt: nextWorkingDayNine(),
      priority: 'moyenne',
      category: 'relance',
      assigneeId: user.id,
      organisationId: links.organisationId ?? null,
      personId: links.personId ?? null,
      mandatId: links.mandatId ?? null,
    },
    validate: { title: (v) => (v.trim() ? null : t('createTask.nameRequired')) },
  });

  const save = useMutation({
    mutationFn: async (v: Values) =>
      data(
        await api.POST('/api/v1/tasks', {
          body: {
            title: v.title.trim(),
            description: v.description.trim() || null,
            dueAt: fromParisWall(v.dueAt),
            priority: v.priority,
            category: v.category,
            assigneeId: v.assigneeId,
            organisationId: v.organisationId,
            personId: v.personId,
            mandatId: v.mandatId,
          },
        }),
      ),
    onSuccess: (task, v) => {
      invalidateActivity(queryClient, v);
      notifications.show({ color: 'teal', message: t('createTask.created') });
      onCreated?.(task);
      onClose();
    },
    onError: (error) => form.setErrors(fieldErrors(error, FIELDS)),
  });

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('createTask.name')}
          placeholder={t('createTask.namePlaceholder')}
          required
          data-autofocus
          {...form.getInputProps('title')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimeField label={t('createTask.dueAt')} clearable {...form.getInputProps('dueAt')} />
          <Select
            label={t('createTask.assignee')}
            data={userOptions}
            searchable
            clearable
            {...form.getInputProps('assigneeId')}
          />
          <Select
            label={t('createTask.priority')}
            data={TASK_PRIORITIES.map((v) => ({ value: v, label: tc(`enums.taskPriority.${v}`) }))}
            allowDeselect={false}
            {...form.getInputProps('priority')}
          />
          <Select
            label={t('createTask.category')}
            data={TASK_CATEGORIES.map((v) => ({ value: v, label: tc(`enums.taskCategory.${v}`) }))}
            allowDeselect={false}
            {...form.getInputProps('category')}
          />
        </SimpleGrid>
        <Textarea
          label={t('createTask.description')}
          autosize
          minRows={2}
          maxRows={8}
          {...form.getInputProps('description')}
        />
        <Text size="sm" fw={500}>
          {t('createTask.links')}
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
        <ProblemAlert error={save.error} />
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {tc('actions.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** A "new task" button with its form, pre-linked to the given records. Hidden for viewers. */
export function CreateTaskButton({
  links,
  label,
  onCreated,
  ...buttonProps
}: { links?: ActivityLinks; label?: string; onCreated?: (task: Schemas['Task']) => void } & ButtonProps) {
  const { t } = useTranslation('records');
  const user = useCurrentUser();
  const [opened, { open, close }] = useDisclosure();
  if (!canWrite(user)) return null;
  return (
    <>
      <Button leftSection={<IconPlus size={16} />} onClick={open} {...buttonProps}>
        {label ?? t('tasks.new')}
      </Button>
      <CreateTaskModal opened={opened} onClose={close} links={links} onCreated={onCreated} />
    </>
  );
}
