import { ActionIcon, Button, Group, Menu, Paper, Stack, Text, Textarea } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import type { ActivityEntity } from '../activity-links.ts';
import { htmlToText, textToHtml } from '../note-text.ts';
import { RelativeTime } from '../RelativeTime.tsx';
import { refreshNotes } from './queries.ts';
import { useCanEdit } from './useCanEdit.ts';

type Note = Schemas['Note'];

/** One note: who and when (edited or not), its text; its author or a manager may edit it in place or delete it. */
export function NoteCard({ note, entity, parentId }: { note: Note; entity: ActivityEntity; parentId: string }) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const { userName } = useDirectory();
  const canEdit = useCanEdit()(note.createdBy);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const text = htmlToText(note.body);
  const edited = new Date(note.updatedAt).getTime() - new Date(note.createdAt).getTime() > 1000;
  const refresh = () => refreshNotes(queryClient, entity, parentId);

  const update = useMutation({
    mutationFn: async (body: string) =>
      data(
        await api.PATCH('/api/v1/notes/{id}', { params: { path: { id: note.id } }, body: { body: textToHtml(body) } }),
      ),
    onSuccess: () => {
      setEditing(null);
      refresh();
      notifications.show({ color: 'teal', message: t('notes.updated') });
    },
  });
  const remove = useMutation({
    mutationFn: async () => {
      await api.DELETE('/api/v1/notes/{id}', { params: { path: { id: note.id } } });
    },
    onSuccess: () => {
      refresh();
      notifications.show({ color: 'teal', message: t('notes.deleted') });
    },
  });
  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('notes.deleteTitle'),
      children: <Text size="sm">{t('notes.deleteBody')}</Text>,
      labels: { confirm: tc('actions.delete'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(),
    });

  return (
    <Paper withBorder p="sm" radius="md" data-testid="note">
      <Group justify="space-between" wrap="nowrap" gap="xs" mb={4}>
        <Group gap={6} wrap="wrap">
          <Text size="xs" fw={600}>
            {userName(note.createdBy)}
          </Text>
          <RelativeTime value={note.createdAt} />
          {edited && (
            <Text size="xs" c="dimmed" fs="italic">
              · {t('notes.edited')}
            </Text>
          )}
        </Group>
        {canEdit && editing === null && (
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" color="gray" aria-label={t('notes.actions')}>
                <IconDots size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconPencil size={14} />} onClick={() => setEditing(text)}>
                {tc('actions.edit')}
              </Menu.Item>
              <Menu.Item color="red" leftSection={<IconTrash size={14} />} onClick={confirmDelete}>
                {tc('actions.delete')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        )}
      </Group>
      {editing !== null ? (
        <Stack gap="xs">
          <Textarea
            label={t('notes.editLabel')}
            autosize
            minRows={2}
            maxRows={12}
            value={editing}
            onChange={(e) => setEditing(e.currentTarget.value)}
            data-autofocus
            onKeyDown={(e) => {
              if (e.key === 'Escape') setEditing(null);
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && editing.trim()) update.mutate(editing);
            }}
          />
          <ProblemAlert error={update.error} />
          <Group justify="flex-end" gap="xs">
            <Button size="xs" variant="default" onClick={() => setEditing(null)}>
              {tc('actions.cancel')}
            </Button>
            <Button
              size="xs"
              onClick={() => update.mutate(editing)}
              loading={update.isPending}
              disabled={!editing.trim()}
            >
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {text}
        </Text>
      )}
    </Paper>
  );
}
