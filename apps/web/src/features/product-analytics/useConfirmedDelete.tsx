import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

/**
 * Deleting a saved funnel, a flag or an alert: a red confirmation naming the item, then the DELETE, the lists
 * refreshed and a toast (a failure is shown by the app's mutation error toast).
 */
export function useConfirmedDelete<T>(opts: {
  remove: (item: T) => Promise<unknown>;
  invalidate: QueryKey[];
  texts: (item: T) => { title: string; body: string; deleted: string };
  onDeleted?: () => void;
}) {
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: opts.remove,
    onSuccess: (_result, item) => {
      for (const queryKey of opts.invalidate) void queryClient.invalidateQueries({ queryKey });
      opts.onDeleted?.();
      notifications.show({ color: 'teal', message: opts.texts(item).deleted });
    },
  });
  return (item: T) => {
    const { title, body } = opts.texts(item);
    modals.openConfirmModal({
      title,
      children: <Text size="sm">{body}</Text>,
      labels: { confirm: tc('actions.delete'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => mutation.mutate(item),
    });
  };
}
