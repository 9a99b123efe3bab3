import { Button, Group, Skeleton, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import type { ActivityEntity } from '../activity-links.ts';
import { textToHtml } from '../note-text.ts';
import { NoteCard } from './NoteCard.tsx';
import { notesPath, notesQuery, refreshNotes } from './queries.ts';

/** A record's notes: a box to add one (Ctrl+Enter), then the notes, newest first. */
export function Notes({ entity, id }: { entity: ActivityEntity; id: string }) {
  const { t } = useTranslation('records');
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const notes = useQuery(notesQuery(entity, id));
  const add = useMutation({
    mutationFn: async (text: string) =>
      data(await api.POST(notesPath(entity), { params: { path: { id } }, body: { body: textToHtml(text) } })),
    onSuccess: () => {
      setDraft('');
      refreshNotes(queryClient, entity, id);
      notifications.show({ color: 'teal', message: t('notes.added') });
    },
  });
  const submit = () => {
    if (draft.trim()) add.mutate(draft);
  };

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('notes.title')}
      </Title>
      {canWrite(user) && (
        <Stack gap="xs">
          <Textarea
            label={t('notes.label')}
            placeholder={t('notes.placeholder')}
            autosize
            minRows={2}
            maxRows={10}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                submit();
              }
            }}
          />
          <ProblemAlert error={add.error} />
          <Group justify="flex-end">
            <Button size="sm" onClick={submit} loading={add.isPending} disabled={!draft.trim()}>
              {t('notes.add')}
            </Button>
          </Group>
        </Stack>
      )}
      <ProblemAlert error={notes.error} />
      {notes.isPending ? (
        <Stack gap="xs" aria-busy="true">
          <Skeleton height={64} />
          <Skeleton height={64} />
        </Stack>
      ) : notes.data?.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('notes.empty')}
        </Text>
      ) : (
        notes.data?.map((note) => <NoteCard key={note.id} note={note} entity={entity} parentId={id} />)
      )}
    </Stack>
  );
}
