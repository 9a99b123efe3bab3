import {
  ActionIcon,
  Anchor,
  Button,
  FileButton,
  Group,
  Paper,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconDownload,
  IconFile,
  IconFileSpreadsheet,
  IconFileText,
  IconFileTypePdf,
  IconPaperclip,
  IconPhoto,
  IconTrash,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiUrl, rawFetch, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { formatBytes } from '../../app/format.ts';
import { intlLocale } from '../../app/i18n.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { type ActivityEntity, SEGMENT } from '../activity-links.ts';
import { RelativeTime } from '../RelativeTime.tsx';
import { filesKey, filesQuery } from './queries.ts';
import { useCanEdit } from './useCanEdit.ts';

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

function fileIcon(mime: string) {
  if (mime === 'application/pdf') return IconFileTypePdf;
  if (mime.startsWith('image/')) return IconPhoto;
  if (mime.includes('spreadsheet') || mime === 'text/csv') return IconFileSpreadsheet;
  if (mime.startsWith('text/') || mime.includes('word')) return IconFileText;
  return IconFile;
}

/** A record's attached files: a drop zone and upload button (checked size and type), then the files. */
export function Files({ entity, id }: { entity: ActivityEntity; id: string }) {
  const { t, i18n } = useTranslation('records');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const writer = canWrite(user);
  const canEdit = useCanEdit();
  const { userName } = useDirectory();
  const queryClient = useQueryClient();
  const [dragging, setDragging] = useState(false);
  const files = useQuery(filesQuery(entity, id));

  const upload = useMutation({
    mutationFn: async (file: File) => {
      const body = new FormData();
      body.append('file', file, file.name);
      const res = await rawFetch(`/${SEGMENT[entity]}/${id}/attachments`, { method: 'POST', body });
      return (await res.json()) as Attachment;
    },
    onSuccess: (file) => {
      void queryClient.invalidateQueries({ queryKey: filesKey(entity, id) });
      notifications.show({ color: 'teal', message: t('files.uploaded', { name: file.fileName }) });
    },
  });
  const remove = useMutation({
    mutationFn: async (file: Attachment) => {
      await api.DELETE('/api/v1/attachments/{id}', { params: { path: { id: file.id } } });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: filesKey(entity, id) });
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
