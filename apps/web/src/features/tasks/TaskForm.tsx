import { TASK_CATEGORIES, TASK_PRIORITIES, TASK_STATUSES } from '@crm/contracts';
import { Button, Chip, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { fromParisWall, inParis, toParisWall } from '../../app/paris-time.ts';
import { nextMonday, nextWorkingDay } from '../../app/working-days.ts';
import { invalidateActivity, RecordPicker } from '../../records/index.ts';
import type { Task } from '../../records/tasks/task-api.ts';
import { DateTimeField } from '../../ui/DateTimeField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

interface Values {
  title: string;
  description: string;
  status: Task['status'];
  priority: Task['priority'];
  category: Task['category'];
  dueAt: string | null;
  assigneeId: string | null;
  organisationId: string | null;
  personId: string | null;
  mandatId: string | null;
}

/** Quick due dates under the date field, as Paris wall-clock strings (the field's value). "Today" is 18:00, or the
 *  last minute of the day once 18:00 has passed: a task planned for today must never be born late. */
const QUICK_DUE = {
  today: () => {
    const now = inParis(new Date());
    return now.format(`YYYY-MM-DD ${now.hour() < 18 ? '18:00' : '23:59'}:00`);
  },
  tomorrow: () => toParisWall(nextWorkingDay(new Date())),
  monday: () => toParisWall(nextMonday(new Date())),
} as const;

/** Edits a task (creation goes through the shared CreateTaskModal); `onDone` gets the saved task. */
export function TaskForm({
  task,
  onDone,
  onCancel,
  readOnly,
}: {
  task: Task;
  onDone: (task: Task) => void;
  onCancel?: () => void;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const { userOptions } = useDirectory();
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      title: task.title,
      description: task.description ?? '',
      status: task.status,
      priority: task.priority,
      category: task.category,
      dueAt: toParisWall(task.dueAt),
      assigneeId: task.assigneeId,
      organisationId: task.organisationId,
      personId: task.personId,
      mandatId: task.mandatId,
    },
    validate: { title: (v) => (v.trim() ? null : t('drawer.titleRequired')) },
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      const body = {
        title: v.title.trim(),
        description: v.description.trim() || null,
        priority: v.priority,
        category: v.category,
        dueAt: fromParisWall(v.dueAt),
        assigneeId: v.assigneeId,
        organisationId: v.organisationId,
        personId: v.personId,
        mandatId: v.mandatId,
      };
      return data(
        await api.PATCH('/api/v1/tasks/{id}', {
          params: { path: { id: task.id } },
          body: { ...body, ...(v.status !== task.status ? { status: v.status } : {}) },
        }),
      );
    },
    onSuccess: (saved) => {
      // The task's lists and the home page, and the records it was and is linked to (their tasks, timelines).
      invalidateActivity(queryClient, task);
      invalidateActivity(queryClient, saved);
      notifications.show({ color: 'teal', message: tc('states.saved') });
      onDone(saved);
    },
  });

  const options = <T extends string>(values: readonly T[], ns: string) =>
    values.map((v) => ({ value: v, label: tc(dynamicKey(`enums.${ns}.${v}`)) }));

  return (
    <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={save.error} />
        <TextInput
          label={t('fields.title')}
          required
          data-autofocus
          readOnly={readOnly}
          {...form.getInputProps('title')}
        />
        <div>
          <DateTimeField label={t('fields.dueAt')} clearable readOnly={readOnly} {...form.getInputProps('dueAt')} />
          {!readOnly && (
            <Group gap={6} mt={6}>
              {(Object.keys(QUICK_DUE) as (keyof typeof QUICK_DUE)[]).map((k) => (
                <Chip
                  key={k}
                  size="xs"
                  variant="light"
                  checked={form.values.dueAt === QUICK_DUE[k]()}
                  onChange={() => form.setFieldValue('dueAt', QUICK_DUE[k]())}
                >
                  {t(`quickDue.${k}`)}
                </Chip>
              ))}
            </Group>
          )}
        </div>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select
            label={t('fields.priority')}
            data={options(TASK_PRIORITIES, 'taskPriority')}
            allowDeselect={false}
            readOnly={readOnly}
            {...form.getInputProps('priority')}
          />
          <Select
            label={t('fields.category')}
            data={options(TASK_CATEGORIES, 'taskCategory')}
            allowDeselect={false}
            readOnly={readOnly}
            {...form.getInputProps('category')}
          />
          <Select
            label={t('fields.status')}
            data={options(TASK_STATUSES, 'taskStatus')}
            allowDeselect={false}
            readOnly={readOnly}
            {...form.getInputProps('status')}
          />
          <Select
            label={t('fields.assignee')}
            data={userOptions}
            searchable
            clearable
            readOnly={readOnly}
            {...form.getInputProps('assigneeId')}
          />
        </SimpleGrid>
        <RecordPicker
          entity="organisation"
          label={t('fields.organisation')}
          value={form.values.organisationId}
          onChange={(v) => form.setFieldValue('organisationId', v)}
          readOnly={readOnly}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <RecordPicker
            entity="person"
            label={t('fields.person')}
            value={form.values.personId}
            onChange={(v) => form.setFieldValue('personId', v)}
            readOnly={readOnly}
          />
          <RecordPicker
            entity="mandat"
            label={t('fields.mandat')}
            value={form.values.mandatId}
            onChange={(v) => form.setFieldValue('mandatId', v)}
            readOnly={readOnly}
          />
        </SimpleGrid>
        <Textarea
          label={t('fields.description')}
          autosize
          minRows={3}
          maxRows={10}
          readOnly={readOnly}
          {...form.getInputProps('description')}
        />
        {!readOnly && (
          <Group justify="flex-end" gap="xs">
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {tc('actions.cancel')}
              </Button>
            )}
            <Button type="submit" loading={save.isPending}>
              {tc('actions.save')}
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
