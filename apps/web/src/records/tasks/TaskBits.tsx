import { ActionIcon, Badge, Button, Checkbox, Group, Menu, Modal, Stack, Text, VisuallyHidden } from '@mantine/core';
import { DatePicker } from '@mantine/dates';
import { modals } from '@mantine/modals';
import {
  IconAlarmSnooze,
  IconArrowBackUp,
  IconCalendarEvent,
  IconDots,
  IconEdit,
  IconTrash,
} from '@tabler/icons-react';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dateTimeFormat, useFormat } from '../../app/format.ts';
import i18n, { intlLocale } from '../../app/i18n.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { fromParisWall } from '../../app/paris-time.ts';
import { snoozeChoices } from '../../app/working-days.ts';
import { isOpen, isOverdue, PRIORITY_COLOR, STATUS_COLOR, type Task, taskActions, useTaskActions } from './task-api.ts';

export function PriorityBadge({ priority }: { priority: Task['priority'] }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="light"
      color={PRIORITY_COLOR[priority]}
      size="sm"
      style={{ flexShrink: 0, minWidth: 'max-content' }}
    >
      {t(`enums.taskPriority.${priority}`)}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: Task['status'] }) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={STATUS_COLOR[status]} size="sm" style={{ flexShrink: 0, minWidth: 'max-content' }}>
      {t(`enums.taskStatus.${status}`)}
    </Badge>
  );
}

/** The shapes of a task's date. */
const SHAPES: Record<'time' | 'day' | 'dayYear', Intl.DateTimeFormatOptions> = {
  time: { timeStyle: 'short' },
  day: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' },
  dayYear: { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', year: 'numeric' },
};
const dateFormat = (lang: string, shape: keyof typeof SHAPES) => dateTimeFormat(intlLocale(lang), SHAPES[shape]);

/** "Aujourd'hui 09:00", "Demain 14:30" or the date; red when the task is overdue. */
export function DueDate({ task, size = 'sm' }: { task: Pick<Task, 'dueAt' | 'status'>; size?: 'xs' | 'sm' }) {
  const { t, i18n } = useTranslation('tasks');
  if (!task.dueAt) {
    return (
      <Text size={size} c="dimmed">
        {t('due.none')}
      </Text>
    );
  }
  const due = dayjs(task.dueAt);
  const today = dayjs().startOf('day');
  const day = due.startOf('day');
  const time = () => dateFormat(i18n.language, 'time').format(due.toDate());
  const label = day.isSame(today)
    ? t('due.today', { time: time() })
    : day.isSame(today.add(1, 'day'))
      ? t('due.tomorrow', { time: time() })
      : day.isSame(today.subtract(1, 'day'))
        ? t('due.yesterday', { time: time() })
        : dateFormat(i18n.language, due.year() === today.year() ? 'day' : 'dayYear').format(due.toDate());
  const late = isOverdue(task);
  return (
    <Text size={size} c={late ? 'red' : undefined} fw={late ? 600 : undefined} data-overdue={late || undefined}>
      {label}
      {late && <VisuallyHidden> · {t('due.overdue')}</VisuallyHidden>}
    </Text>
  );
}

/** One click completes an open task (ticked at once, untick on failure); on a done task it reopens it. */
export function CompleteCheckbox({ task, disabled }: { task: Task; disabled?: boolean }) {
  const { t } = useTranslation('tasks');
  const { complete, reopen, pending } = useTaskActions();
  const [optimistic, setOptimistic] = useState<boolean | null>(null);
  const done = task.status === 'done';
  const checked = optimistic ?? done;
  const label = done ? t('actions.reopen') : t('actions.complete');
  return (
    <Checkbox
      radius="xl"
      color="teal"
      checked={checked}
      disabled={disabled || pending || task.status === 'cancelled'}
      aria-label={t('on', { action: label, target: task.title })}
      title={label}
      onChange={async () => {
        setOptimistic(!done);
        await (done ? reopen(task.id) : complete(task));
        setOptimistic(null);
      }}
    />
  );
}

/**
 * The snooze choices, as menu items. Menu contents are their own components so that a closed menu costs
 * nothing (no translations, no hooks) on each row.
 */
export function SnoozeItems({ task, onPick }: { task: Task; onPick: () => void }) {
  const { t } = useTranslation('tasks');
  const { snooze } = taskActions(useQueryClient());
  const fmt = useFormat();
  // Every choice is later than the current due date (a task due next week is not pulled back to tomorrow).
  const choices = snoozeChoices(task.dueAt);
  const when = (d: Date) => fmt.dateTime(d);
  return (
    <>
      <Menu.Label>{t('actions.snooze')}</Menu.Label>
      <Menu.Item onClick={() => void snooze(task.id, { until: choices.nextDay })}>
        {t('actions.snoozeNextDay', { date: when(choices.nextDay) })}
      </Menu.Item>
      <Menu.Item onClick={() => void snooze(task.id, { until: choices.monday })}>
        {t('actions.snoozeMonday', { date: when(choices.monday) })}
      </Menu.Item>
      <Menu.Item onClick={() => void snooze(task.id, { days: 7 })}>
        {t('actions.snoozeWeek', { date: when(choices.week) })}
      </Menu.Item>
      <Menu.Item leftSection={<IconCalendarEvent size={16} />} onClick={onPick}>
        {t('actions.snoozePick')}
      </Menu.Item>
    </>
  );
}

/** A date (9:00 that day) picked in a small dialog. */
export function SnoozeDateModal({ task, onClose }: { task: Task; onClose: () => void }) {
  const { t } = useTranslation('tasks');
  const { t: tc } = useTranslation();
  const { snooze, pending } = useTaskActions();
  const [date, setDate] = useState<string | null>(null);
  return (
    <Modal opened onClose={onClose} title={t('actions.snoozeDate')} size="auto" centered>
      <Stack gap="sm" align="center">
        <DatePicker value={date} onChange={setDate} minDate={dayjs().format('YYYY-MM-DD')} />
        <Group justify="flex-end" w="100%">
          <Button variant="default" onClick={onClose}>
            {tc('actions.cancel')}
          </Button>
          <Button
            disabled={!date}
            loading={pending}
            onClick={async () => {
              // 9:00 Paris that day, as the presets.
              if (date) await snooze(task.id, { until: new Date(fromParisWall(`${date} 09:00:00`) as string) });
              onClose();
            }}
          >
            {t('actions.snooze')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** Snooze presets and a date picker, behind one button. */
export function SnoozeMenu({ task, compact = true }: { task: Task; compact?: boolean }) {
  const { t } = useTranslation('tasks');
  const [picking, setPicking] = useState(false);
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          {compact ? (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('on', { action: t('actions.snooze'), target: task.title })}
            >
              <IconAlarmSnooze size={18} />
            </ActionIcon>
          ) : (
            <Button variant="default" leftSection={<IconAlarmSnooze size={16} />}>
              {t('actions.snooze')}
            </Button>
          )}
        </Menu.Target>
        <Menu.Dropdown>
          <SnoozeItems task={task} onPick={() => setPicking(true)} />
        </Menu.Dropdown>
      </Menu>
      {picking && <SnoozeDateModal task={task} onClose={() => setPicking(false)} />}
    </>
  );
}

/** Asks before sending a task to the recycle bin. */
export function confirmDeleteTask(task: Task, queryClient: QueryClient, onDeleted?: () => void) {
  const tr = (key: string, o?: Record<string, unknown>) => i18n.t(dynamicKey(key), o) as string;
  modals.openConfirmModal({
    title: tr('tasks:actions.delete'),
    children: <Text size="sm">{tr('tasks:confirmDelete', { title: task.title })}</Text>,
    labels: { confirm: tr('actions.delete'), cancel: tr('actions.cancel') },
    confirmProps: { color: 'red' },
    onConfirm: async () => {
      if (await taskActions(queryClient).remove(task.id)) onDeleted?.();
    },
  });
}

function TaskMenuItems({ task, onEdit, onDeleted }: { task: Task; onEdit?: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation('tasks');
  const queryClient = useQueryClient();
  return (
    <>
      {onEdit && (
        <Menu.Item leftSection={<IconEdit size={16} />} onClick={onEdit}>
          {t('actions.edit')}
        </Menu.Item>
      )}
      {!isOpen(task) && (
        <Menu.Item
          leftSection={<IconArrowBackUp size={16} />}
          onClick={() => void taskActions(queryClient).reopen(task.id)}
        >
          {t('actions.reopen')}
        </Menu.Item>
      )}
      {(onEdit || !isOpen(task)) && <Menu.Divider />}
      <Menu.Item
        color="red"
        leftSection={<IconTrash size={16} />}
        onClick={() => confirmDeleteTask(task, queryClient, onDeleted)}
      >
        {t('actions.delete')}
      </Menu.Item>
    </>
  );
}

/** Edit, reopen and delete (to the recycle bin, after a confirmation). */
export function TaskMenu({ task, onEdit, onDeleted }: { task: Task; onEdit?: () => void; onDeleted?: () => void }) {
  const { t } = useTranslation('tasks');
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon
          variant="subtle"
          color="gray"
          aria-label={t('on', { action: t('actions.rowActions'), target: task.title })}
        >
          <IconDots size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <TaskMenuItems task={task} onEdit={onEdit} onDeleted={onDeleted} />
      </Menu.Dropdown>
    </Menu>
  );
}

/** The write actions of a row: snooze (open tasks) and the menu. */
export function TaskRowActions({ task, onEdit }: { task: Task; onEdit?: () => void }) {
  return (
    <Group gap={2} wrap="nowrap" justify="flex-end">
      {isOpen(task) && <SnoozeMenu task={task} />}
      <TaskMenu task={task} onEdit={onEdit} />
    </Group>
  );
}
