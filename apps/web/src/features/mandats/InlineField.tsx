import { ActionIcon, Box, Group, Stack, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconCheck, IconPencil, IconX } from '@tabler/icons-react';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import classes from './InlineField.module.css';

export interface EditorProps<V> {
  value: V;
  onChange: (v: V) => void;
  /** Put on the input: its accessible name and the error to show. */
  inputProps: { 'aria-label': string; error?: string; 'data-autofocus': true; autoFocus: true };
}

/**
 * One field of a record, shown as text and edited in place (Attio-style): click or Enter opens the editor,
 * Enter or ✓ saves (`onSave` may throw: the API's message shows under the input), Escape or ✕ cancels.
 */
export function InlineField<V>({
  label,
  display,
  value,
  canEdit,
  editor,
  onSave,
  hint,
}: {
  label: string;
  display: ReactNode;
  value: V;
  canEdit: boolean;
  /** Not needed when `canEdit` is false. */
  editor?: (p: EditorProps<V>) => ReactNode;
  onSave?: (v: V) => Promise<unknown>;
  hint?: string;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const [draft, setDraft] = useState<V | undefined>(undefined);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const editing = draft !== undefined;
  const empty = display === null || display === undefined || display === '' || display === '—';

  const cancel = () => {
    setDraft(undefined);
    setError(undefined);
  };
  const save = async () => {
    if (draft === undefined || !onSave) return;
    setSaving(true);
    try {
      await onSave(draft);
      cancel();
    } catch (e) {
      setError(problemMessage(e, tc));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      {editing ? (
        <Box
          component="form"
          onSubmit={(e: React.FormEvent) => {
            e.preventDefault();
            void save();
          }}
          onKeyDown={(e: React.KeyboardEvent) => {
            if (e.key === 'Escape') {
              e.stopPropagation();
              cancel();
            }
          }}
        >
          <Group gap={4} align="flex-start" wrap="nowrap">
            <Box style={{ flex: 1, minWidth: 0 }}>
              {editor?.({
                value: draft as V,
                onChange: (v) => setDraft(() => v),
                inputProps: { 'aria-label': label, error, 'data-autofocus': true, autoFocus: true },
              })}
            </Box>
            <ActionIcon type="submit" variant="filled" size="lg" loading={saving} aria-label={t('info.saveField')}>
              <IconCheck size={16} />
            </ActionIcon>
            <ActionIcon variant="default" size="lg" onClick={cancel} aria-label={t('info.cancelField')}>
              <IconX size={16} />
            </ActionIcon>
          </Group>
        </Box>
      ) : canEdit && editor ? (
        <UnstyledButton onClick={() => setDraft(() => value)} className={classes.field}>
          <VisuallyHidden>{t('info.editField', { field: label })}</VisuallyHidden>
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text size="sm" c={empty ? 'dimmed' : undefined} fs={empty ? 'italic' : undefined} component="div">
              {empty ? t('info.empty') : display}
            </Text>
            <IconPencil size={14} opacity={0.5} aria-hidden />
          </Group>
        </UnstyledButton>
      ) : (
        <Text size="sm" component="div">
          {empty ? '—' : display}
        </Text>
      )}
      {hint && !editing && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Stack>
  );
}
