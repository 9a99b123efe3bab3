import { Button, Card, Group, Menu, Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconEdit, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { ExportItems } from './exportLinks.tsx';
import { refreshList } from './queries.ts';
import type { ListEntity } from './types.ts';

/** Over a list with a selection: how many, bulk edit, export of the selection, delete (after a confirmation). */
export function BulkBar({
  entity,
  ids,
  writer,
  canEdit,
  onEdit,
  onDeleted,
}: {
  entity: ListEntity;
  ids: string[];
  writer: boolean;
  /** Some field may be set in bulk. */
  canEdit: boolean;
  onEdit: () => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const bulkDelete = useMutation({
    mutationFn: async (toDelete: string[]) =>
      data(
        await api.POST(`/api/v1/${entity}/bulk-delete` as '/api/v1/organisations/bulk-delete', {
          body: { ids: toDelete },
        }),
      ),
    onSuccess: (r) => {
      onDeleted();
      refreshList(queryClient, entity);
      notifications.show({
        color: r.failed.length ? 'orange' : 'teal',
        message: t('list.bulkDeleted', { succeeded: r.succeeded.length, failed: r.failed.length }),
      });
    },
  });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('list.bulkDelete'),
      children: <Text size="sm">{t('list.bulkDeleteConfirm', { count: ids.length })}</Text>,
      labels: { confirm: t('actions.delete'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red', 'data-testid': 'confirm-bulk-delete' },
      onConfirm: () => bulkDelete.mutate(ids),
    });

  return (
    <Card withBorder padding="xs" bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {t('list.selected', { count: ids.length })}
        </Text>
        <Group gap="xs">
          {writer && canEdit && (
            <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={onEdit}>
              {t('list.bulkEdit')}
            </Button>
          )}
          <Menu position="bottom-end">
            <Menu.Target>
              <Button size="xs" variant="default" leftSection={<IconDownload size={14} />}>
                {t('list.exportSelection')}
              </Button>
            </Menu.Target>
            <Menu.Dropdown>
              <ExportItems entity={entity} scope={{ ids }} />
            </Menu.Dropdown>
          </Menu>
          {writer && (
            <Button
              size="xs"
              color="red"
              variant="light"
              leftSection={<IconTrash size={14} />}
              onClick={confirmDelete}
              loading={bulkDelete.isPending}
            >
              {t('list.bulkDelete')}
            </Button>
          )}
        </Group>
      </Group>
    </Card>
  );
}
