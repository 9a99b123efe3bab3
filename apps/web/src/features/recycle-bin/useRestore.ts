import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Schemas } from '../../api/client.ts';
import { homeKeys, RECORD_KEYS, recycleBinKeys } from '../../app/query-keys.ts';
import { RECORDS } from '../../app/records.ts';
import { problemMessage } from '../../ui/ProblemAlert.tsx';

type Item = Schemas['RecycleBinItem'];

/** Restores one binned item through its feature's restore route (`POST /api/v1/<segment>/{id}/restore`). */
async function restoreItem(item: Pick<Item, 'type' | 'id'>) {
  const path = `/api/v1/${RECORDS[item.type].segment}/{id}/restore` as '/api/v1/organisations/{id}/restore';
  await api.POST(path, { params: { path: { id: item.id } } });
}

/**
 * Restores items one after the other (the embedded database has a single connection), then says how many came back
 * and why the others did not; the bin, the home page and the restored kinds' lists refresh.
 */
export function useRestore(onDone: () => void) {
  const { t } = useTranslation('recycle-bin');
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (toRestore: Item[]) => {
      const restored: Item[] = [];
      const failed: Item[] = [];
      let error: unknown = null;
      for (const item of toRestore) {
        try {
          await restoreItem(item);
          restored.push(item);
        } catch (e) {
          failed.push(item);
          error ??= e;
        }
      }
      return { restored, failed, error };
    },
    onSuccess: ({ restored, failed, error }) => {
      onDone();
      void queryClient.invalidateQueries({ queryKey: recycleBinKeys.all });
      void queryClient.invalidateQueries({ queryKey: homeKeys.all });
      for (const type of new Set(restored.map((i) => i.type)))
        void queryClient.invalidateQueries({ queryKey: RECORD_KEYS[RECORDS[type].segment].all });
      if (restored.length) notifications.show({ color: 'teal', message: t('restored', { count: restored.length }) });
      if (failed.length) {
        notifications.show({
          color: 'red',
          title: t('restoreFailed', { count: failed.length }),
          message: problemMessage(error),
        });
      }
    },
  });
}
