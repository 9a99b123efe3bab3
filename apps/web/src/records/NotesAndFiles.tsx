import {
  ActionIcon,
  Anchor,
  Button,
  FileButton,
  Group,
  Menu,
  Paper,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconDots,
  IconDownload,
  IconFile,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypePdf,
  IconPaperclip,
  IconPencil,
  IconPhoto,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl, data, rawFetch, type Schemas } from '../api/client.ts';
import { canWrite, hasRole, useCurrentUser } from '../app/auth.tsx';
import { useDirectory } from '../app/directory.ts';
import { intlLocale } from '../app/i18n.ts';
import { ProblemAlert } from '../ui/ProblemAlert.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import {
  type ActivityEntity,
  formatBytes,
  htmlToText,
  invalidateActivity,
  linksOf,
  SEGMENT,
  textToHtml,
} from './shared.ts';

type Note = Schemas['Note'];
type Attachment = Schemas['Attachment'];

/** The server's limit (attachments.service ATTACHMENT_MAX_BYTES) and accepted types (attachment-types.ts). */
const MAX_BYTES = 20 * 1024 * 1024;
const ACCEPT = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/webp',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'text/csv',
  'text/plain',
];

// The three parents share one contract: the typed client is given one of the identical paths.
const notesPath = (entity: ActivityEntity) =>
  `/api/v1/${SEGMENT[entity]}/{id}/notes` as '/api/v1/organisations/{id}/notes';
const filesPath = (entity: ActivityEntity) =>
  `/api/v1/${SEGMENT[entity]}/{id}/attachments` as '/api/v1/organisations/{id}/attachments';

/** Notes and attached files of one record, side by side on wide screens. */
export function NotesAndFiles({ entity, id }: { entity: ActivityEntity; id: string }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      <Notes entity={entity} id={id} />
      <Files entity={entity} id={id} />
    </SimpleGrid>
  );
}

function useCanEdit() {
  const user = useCurrentUser();
  return (createdBy: string | null) => canWrite(user) && (createdBy === user.id || hasRole(user, 'manager'));
}

export function Notes({ entity, id }: { entity: ActivityEntity; id: string }) {
  const { t } = useTranslation('records');
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState('');
  const key = [SEGMENT[entity], id, 'notes'];
  const notes = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => data(await api.GET(notesPath(entity), { params: { path: { id } }, signal })).items,
  });
  const add = useMutation({
    mutationFn: async (text: string) =>
      data(await api.POST(notesPath(entity), { params: { path: { id } }, body: { body: textToHtml(text) } })),
    onSuccess: () => {
      setDraft('');
      invalidateActivity(queryClient, linksOf(entity, id));
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

function NoteCard({ note, entity, parentId }: { note: Note; entity: ActivityEntity; parentId: string }) {
  const { t } = useTranslation('records');
  const { t: tc } = useTranslation();
  const { userName } = useDirectory();
  const canEdit = useCanEdit()(note.createdBy);
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const text = htmlToText(note.body);
  const edited = new Date(note.updatedAt).getTime() - new Date(note.createdAt).getTime() > 1000;
  const refresh = () => invalidateActivity(queryClient, linksOf(entity, parentId));

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

function fileIcon(mime: string) {
  if (mime === 'application/pdf') return IconFileTypePdf;
  if (mime.startsWith('image/')) return IconPhoto;
  if (mime.includes('spreadsheet') || mime === 'text/csv') return IconFileSpreadsheet;
  if (mime.startsWith('text/') || mime.includes('word')) return IconFileText;
  return IconFile;
}

export function Files({ entity, id }: { entity: ActivityEntity; id: string }) {
  const { t, i18n } = useTranslation('records');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const writer = canWrite(user);
  const canEdit = useCanEdit();
  const { userName } = useDirectory();
  const queryClient = useQueryClient();
  const [dragging, setDragging] = useState(false);
  const key = [SEGMENT[entity], id, 'attachments'];
  const files = useQuery({
    queryKey: key,
    queryFn: async ({ signal }) => data(await api.GET(filesPath(entity), { params: { path: { id } }, signal })).items,
  });

  const upload = useMutation({
    mutationFn: async (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      const res = await rawFetch(`/${SEGMENT[entity]}/${id}/attachments`, { method: 'POST', body });
      return (await res.json()) as Attachment;
    },
    onSuccess: (file) => {
      void queryClient.invalidateQueries({ queryKey: key });
      notifications.show({ color: 'teal', message: t('files.uploaded', { name: file.fileName }) });
    },
  });
  const remove = useMutation({
    mutationFn: async (file: Attachment) => {
      await api.DELETE('/api/v1/attachments/{id}', { params: { path: { id: file.id } } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      notifications.show({ color: 'teal', message: t('files.deleted') });
    },
  });

  const send = (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_BYTES) {
      notifications.show({ color: 'red', message: t('files.tooLarge', { name: file.name }) });
      return;
    }
    if (file.type && !ACCEPT.includes(file.type)) {
      notifications.show({ color: 'red', message: t('files.badType', { name: file.name }) });
      return;
    }
    upload.mutate(file);
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (writer) send(e.dataTransfer.files[0] ?? null);
  };
  const confirmDelete = (file: Attachment) =>
    modals.openConfirmModal({
      title: t('files.deleteTitle'),
      children: <Text size="sm">{t('files.deleteBody', { name: file.fileName })}</Text>,
      labels: { confirm: tc('actions.delete'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(file),
    });

  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('files.title')}
      </Title>
      {writer && (
        <Paper
          withBorder
          p="md"
          radius="md"
          style={{
            borderStyle: 'dashed',
            borderColor: dragging ? 'var(--mantine-primary-color-filled)' : undefined,
            background: dragging ? 'var(--mantine-primary-color-light)' : undefined,
          }}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <Stack gap={6} align="center" ta="center">
            <FileButton onChange={send} accept={ACCEPT.join(',')}>
              {(props) => (
                <Button
                  {...props}
                  size="sm"
                  variant="light"
                  leftSection={<IconUpload size={16} />}
                  loading={upload.isPending}
                >
                  {t('files.upload')}
                </Button>
              )}
            </FileButton>
            <Text size="xs" c="dimmed">
              {t('files.drop')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('files.hint')}
            </Text>
          </Stack>
        </Paper>
      )}
      <ProblemAlert error={upload.error ?? files.error} />
      {files.isPending ? (
        <Stack gap="xs" aria-busy="true">
          <Skeleton height={44} />
          <Skeleton height={44} />
        </Stack>
      ) : files.data?.length === 0 ? (
        <Group gap="xs">
          <IconPaperclip size={16} aria-hidden />
          <Text size="sm" c="dimmed">
            {t('files.empty')}
          </Text>
        </Group>
      ) : (
        <Stack gap="xs">
          {files.data?.map((file) => {
            const Icon = fileIcon(file.mimeType);
            const href = apiUrl(`/attachments/${file.id}/download`);
            return (
              <Paper key={file.id} withBorder p="xs" radius="md" data-testid="attachment">
                <Group wrap="nowrap" gap="sm">
                  <ThemeIcon variant="light" color="gray" size="lg" aria-hidden>
                    <Icon size={18} />
                  </ThemeIcon>
                  <Stack gap={0} style={{ flex: 1, minWidth: 0 }}>
                    <Anchor href={href} download={file.fileName} size="sm" fw={500} truncate="end">
                      {file.fileName}
                    </Anchor>
                    <Group gap={6} wrap="wrap">
                      <Text size="xs" c="dimmed">
                        {formatBytes(file.sizeBytes, intlLocale(i18n.language))} · {userName(file.uploadedBy)} ·
                      </Text>
                      <RelativeTime value={file.createdAt} />
                    </Group>
                  </Stack>
                  <ActionIcon
                    component="a"
                    href={href}
                    download={file.fileName}
                    variant="subtle"
                    color="gray"
                    aria-label={t('files.download', { name: file.fileName })}
                  >
                    <IconDownload size={16} />
                  </ActionIcon>
                  {canEdit(file.uploadedBy) && (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      onClick={() => confirmDelete(file)}
                      loading={remove.isPending && remove.variables?.id === file.id}
                      aria-label={t('files.delete', { name: file.fileName })}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  )}
                </Group>
              </Paper>
            );
          })}
        </Stack>
      )}
    </Stack>
  );
}
