import type { TaskStatus } from '@crm/contracts';
import { notifications } from '@mantine/notifications';
import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data, type paths, type Schemas } from '../../api/client.ts';
import { formatters } from '../../app/format.ts';
import i18n, { intlLocale } from '../../app/i18n.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { homeKeys, recycleBinKeys, taskKeys } from '../../app/query-keys.ts';
import { uncompletePatch } from '../../app/undo.ts';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import { showUndoToast } from '../../ui/UndoToast.tsx';

export type Task = Schemas['Task'];
export type TaskQuery = NonNullable<paths['/api/v1/tasks']['get']['parameters']['query']>;

/** The views of the tasks page (`?tab=`), and the API query of each. */
export const TABS = ['overdue', 'today', 'next7', 'open', 'done'] as const;
export type Tab = (typeof TABS)[number];
const OPEN: TaskStatus[] = ['todo', 'doing'];

export function tabQuery(tab: Tab): Record<string, string> {
  switch (tab) {
    case 'overdue':
      return { view: 'overdue' };
    case 'today':
      return { view: 'today', status: OPEN.join(',') };
    case 'next7':
      return { view: 'next7', status: OPEN.join(',') };
    case 'open':
      return { status: OPEN.join(',') };
    case 'done':
      return { status: 'done' };
  }
}

export const isOpen = (t: Pick<Task, 'status'>) => t.status === 'todo' || t.status === 'doing';
export const isOverdue = (t: Pick<Task, 'status' | 'dueAt'>, now = Date.now()) =>
  isOpen(t) && t.dueAt !== null && new Date(t.dueAt).getTime() < now;

export const PRIORITY_COLOR: Record<Task['priority'], string> = {
  basse: 'gray',
  moyenne: 'blue',
  haute: 'orange',
  critique: 'red',
};
export const STATUS_COLOR: Record<Task['status'], string> = {
  todo: 'gray',
  doing: 'blue',
  done: 'teal',
  cancelled: 'dark',
};

// Task actions are plain functions of the query client rather than one useMutation per action and row: a
// board of many cards stays cheap to render, and an action started from a menu item finishes (notification,
// refresh) even when the menu that started it is gone. Strings come from the i18n instance when shown.
const tr = (key: string, options?: Record<string, unknown>) => i18n.t(dynamicKey(key), options) as string;

/** The toast of a finished action: a plain message, or one with an "Annuler" button. */
type Outcome = string | { message: string; onUndo: () => Promise<unknown> };

async function act<T>(
  queryClient: QueryClient,
  run: () => Promise<T>,
  outcome: (result: T) => Outcome,
  color?: string,
) {
  try {
    const result = await run();
    const o = outcome(result);
    if (typeof o === 'string') notifications.show({ color, message: o });
    else showUndoToast({ message: o.message, onUndo: async () => void (await o.onUndo()), color });
    // Awaited: whoever started the action (a checkbox ticked at once) waits until the lists show its effect.
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: taskKeys.all }),
      queryClient.invalidateQueries({ queryKey: homeKeys.all }),
    ]);
    return result;
  } catch (e) {
    notifications.show({ color: 'red', title: tr('errors.title'), message: problemMessage(e) });
    return null;
  }
}

/** Puts a completed task back in the status it had before (a PATCH: the server clears its completion). */
function uncomplete(queryClient: QueryClient, before: Pick<Task, 'id' | 'title' | 'status'>) {
  const patch = uncompletePatch(before);
  if (!patch) return null;
  return () =>
    act(
      queryClient,
      async () => data(await api.PATCH('/api/v1/tasks/{id}', { params: { path: { id: before.id } }, body: patch })),
      () => tr('tasks:notify.uncompleted', { title: before.title }),
    );
}

/** "Tâche « X » terminée", with an "Annuler" that reopens it as it was. */
function completedOutcome(queryClient: QueryClient, before: Pick<Task, 'id' | 'title' | 'status'>): Outcome {
  const message = tr('tasks:notify.completedTitle', { title: before.title });
  const undo = uncomplete(queryClient, before);
  return undo ? { message, onUndo: undo } : message;
}

export function taskActions(queryClient: QueryClient) {
  return {
    complete: (task: Pick<Task, 'id' | 'title' | 'status'>) =>
      act(
        queryClient,
        async () =>
          data(await api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id: task.id } }, body: {} })),
        () => completedOutcome(queryClient, task),
        'teal',
      ),
    reopen: (id: string) =>
      act(
        queryClient,
        async () => data(await api.POST('/api/v1/tasks/{id}/reopen', { params: { path: { id } } })),
        () => tr('tasks:notify.reopened'),
      ),
    snooze: (id: string, to: { until: Date } | { days: number }) =>
      act(
        queryClient,
        async () =>
          data(
            await api.POST('/api/v1/tasks/{id}/snooze', {
              params: { path: { id } },
              body: 'until' in to ? { until: to.until.toISOString() } : { days: to.days },
            }),
          ),
        (task) => tr('tasks:notify.snoozed', { date: formatters(intlLocale()).dateTime(task.dueAt) }),
      ),
    /** Board moves: done goes through complete, leaving done through reopen, the rest is a status change. */
    move: (task: Task, to: TaskStatus) =>
      act(
        queryClient,
        async () => {
          const id = task.id;
          if (to === 'done')
            return data(await api.POST('/api/v1/tasks/{id}/complete', { params: { path: { id } }, body: {} }));
          let current = task;
          if (!isOpen(task)) current = data(await api.POST('/api/v1/tasks/{id}/reopen', { params: { path: { id } } }));
          if (current.status === to) return current;
          return data(await api.PATCH('/api/v1/tasks/{id}', { params: { path: { id } }, body: { status: to } }));
        },
        (moved) =>
          moved.status === 'done'
            ? completedOutcome(queryClient, task)
            : tr('tasks:notify.moved', { status: tr(`enums.taskStatus.${moved.status}`) }),
      ),
    remove: async (id: string) => {
      const done = await act(
        queryClient,
        async () => {
          await api.DELETE('/api/v1/tasks/{id}', { params: { path: { id } } });
          return true;
        },
        () => tr('tasks:notify.deleted'),
      );
      if (done) void queryClient.invalidateQueries({ queryKey: recycleBinKeys.all });
      return done;
    },
  };
}

/** The task actions, plus a `pending` flag while one started here runs (to disable its buttons). */
export function useTaskActions() {
  const queryClient = useQueryClient();
  const [pending, setPending] = useState(false);
  const actions = taskActions(queryClient);
  const track =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A) => {
      setPending(true);
      try {
        return await fn(...args);
      } finally {
        setPending(false);
      }
    };
  return {
    pending,
    complete: track(actions.complete),
    reopen: track(actions.reopen),
    snooze: track(actions.snooze),
    move: track(actions.move),
    remove: track(actions.remove),
  };
}
