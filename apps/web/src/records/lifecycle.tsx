import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client.ts';
import { RECORD_KEYS } from '../app/query-keys.ts';
import { showUndoToast } from '../ui/UndoToast.tsx';

/** The records a page can send to the recycle bin and bring back (`DELETE /{path}/{id}`, `POST /{path}/{id}/restore`). */
export type BinnablePath = 'organisations' | 'people' | 'mandats' | 'produits';

export interface LifecycleTexts {
  /** The confirmation's title and body, and the toast once the record is in the bin. */
  confirmTitle: string;
  confirmBody: string;
  deleted: string;
  restored: string;
}

/**
 * A record page's delete, undo and restore, the same on every page: a confirmation, then the record goes to the bin,
 * the page goes back to the list and the toast offers "Annuler" (a restore that reopens the record). Only the lists are
 * refreshed after a delete: the record's own queries would answer 404 while the page leaves.
 */
export function useRecordLifecycle(path: BinnablePath, id: string, texts: LifecycleTexts) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const keys = RECORD_KEYS[path];
  const listsOnly = {
    queryKey: keys.all,
    predicate: (q: { queryKey: readonly unknown[] }) => !q.queryKey.includes(id),
  };

  const restore = useMutation({
    mutationFn: async () => {
      await api.POST(`/api/v1/${path}/{id}/restore` as '/api/v1/organisations/{id}/restore', {
        params: { path: { id } },
      });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: keys.all });
      notifications.show({ color: 'teal', message: texts.restored });
      navigate(`/${path}/${id}`);
    },
  });

  const remove = useMutation({
    mutationFn: async () => {
      await api.DELETE(`/api/v1/${path}/{id}` as '/api/v1/organisations/{id}', { params: { path: { id } } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries(listsOnly);
      showUndoToast({ message: texts.deleted, onUndo: () => restore.mutateAsync() });
      navigate(`/${path}`);
    },
  });

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: texts.confirmTitle,
      children: <Text size="sm">{texts.confirmBody}</Text>,
      labels: { confirm: t('actions.delete'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  return { confirmDelete, remove, restore };
}
