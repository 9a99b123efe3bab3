import {
  ActionIcon,
  Anchor,
  Box,
  Group,
  Loader,
  NumberInput,
  Select,
  Switch,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type ReactNode, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import classes from './InlineField.module.css';

type Option = { value: string; label: string };

/** How a field is edited; `value` is the stored value, compared before saving. */
export type Editor =
  | { kind: 'text'; value: string | null; inputType?: 'text' | 'email' | 'url' | 'tel'; maxLength?: number }
  | { kind: 'textarea'; value: string | null }
  | { kind: 'number'; value: string | null; suffix?: string; integer?: boolean }
  | { kind: 'select'; value: string | null; options: Option[]; clearable?: boolean }
  | { kind: 'date'; value: string | null }
  | { kind: 'tags'; value: string[] }
  | { kind: 'boolean'; value: boolean };

export interface InlineFieldProps {
  label: string;
  /** The value as shown (formatted); empty values show "—" (or "Add" when editable). */
  display: ReactNode;
  editor: Editor;
  canEdit: boolean;
  /** Saves one field; rejects with the API error, shown under the input. */
  onSave: (value: unknown) => Promise<unknown>;
  /** Spans both columns of the grid. */
  wide?: boolean;
  /** The value is a link (e-mail, phone, website): shown as a link with a separate edit button. */
  href?: string | null;
}

function isEmpty(editor: Editor) {
  if (editor.kind === 'tags') return editor.value.length === 0;
  if (editor.kind === 'boolean') return false;
  return editor.value === null || editor.value === '';
}

/**
 * One field of a record shown as a value: click it (or Enter on it) to edit in place; Enter or leaving the field
 * saves, Escape cancels. Select fields save on choice, switches on toggle.
 */
export function InlineField({ label, display, editor, canEdit, onSave, wide, href }: InlineFieldProps) {
  const { t } = useTranslation('organisations');
  const { t: tc } = useTranslation();
  const labelId = useId();
  const valueId = useId();
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);

  const commit = async (value: unknown) => {
    if (done.current) return;
    const same = JSON.stringify(value ?? null) === JSON.stringify(editor.value ?? null);
    if (same) {
      done.current = true;
      setEditing(false);
      return;
    }
    done.current = true;
    setSaving(true);
    try {
      await onSave(value);
      setEditing(false);
      setError(null);
    } catch (e) {
      done.current = false;
      // A validation error names the field: show its message, not the whole request's.
      setError(
        e instanceof ApiError && e.fields.length ? e.fields.map((f) => f.message).join(' · ') : problemMessage(e, tc),
      );
    } finally {
      setSaving(false);
    }
  };
  const cancel = () => {
    done.current = true;
    setEditing(false);
    setError(null);
  };
  const start = () => {
    done.current = false;
    setError(null);
    setEditing(true);
  };

  const rest = {
    'aria-label': label,
    error,
    size: 'sm' as const,
    disabled: saving,
    rightSection: saving ? <Loader size={14} /> : undefined,
  };
  const keys = (getValue: () => unknown, enterSaves = true) => ({
    onKeyDown: (e: React.KeyboardEvent<HTMLElement>) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        cancel();
      } else if (e.key === 'Enter' && (enterSaves || e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        void commit(getValue());
      }
    },
  });

  let field: ReactNode;
  if (editor.kind === 'boolean') {
    field = (
      <Switch
        aria-labelledby={labelId}
        checked={editor.value}
        disabled={!canEdit || saving}
        onChange={(e) => {
          done.current = false;
          void commit(e.currentTarget.checked);
        }}
        label={editor.value ? t('info.yes') : t('info.no')}
        error={error}
      />
    );
  } else if (!editing) {
    const empty = isEmpty(editor);
    const shown = empty ? (canEdit ? t('info.empty') : '—') : display;
    field =
      href && !empty ? (
        // A link cannot sit inside a button: the link, then its own edit button.
        <Group gap={4} wrap="nowrap" className={classes.linkRow}>
          <Anchor
            id={valueId}
            href={href}
            target={href.startsWith('http') ? '_blank' : undefined}
            rel="noreferrer"
            size="sm"
            className={classes.text}
          >
            {shown}
          </Anchor>
          {canEdit && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              onClick={start}
              aria-label={t('info.editField', { field: label })}
            >
              <IconPencil size={14} />
            </ActionIcon>
          )}
        </Group>
      ) : canEdit ? (
        <UnstyledButton
          className={classes.value}
          onClick={start}
          aria-labelledby={`${labelId} ${valueId}`}
          data-empty={empty || undefined}
        >
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Box id={valueId} component="span" className={classes.text}>
              {shown}
            </Box>
            <IconPencil size={14} className={classes.pencil} aria-hidden />
          </Group>
        </UnstyledButton>
      ) : (
        <Box id={valueId} className={classes.readonly}>
          {shown}
        </Box>
      );
  } else if (editor.kind === 'text') {
    let current = editor.value ?? '';
    field = (
      <TextInput
        {...rest}
        type={editor.inputType ?? 'text'}
        defaultValue={current}
        maxLength={editor.maxLength}
        autoFocus
        onChange={(e) => {
          current = e.currentTarget.value;
        }}
        onBlur={(e) => void commit(e.currentTarget.value.trim() || null)}
        {...keys(() => current.trim() || null)}
      />
    );
  } else if (editor.kind === 'textarea') {
    let current = editor.value ?? '';
    field = (
      <Textarea
        {...rest}
        defaultValue={current}
        autosize
        minRows={2}
        maxRows={12}
        autoFocus
        onChange={(e) => {
          current = e.currentTarget.value;
        }}
        onBlur={(e) => void commit(e.currentTarget.value.trim() || null)}
        {...keys(() => current.trim() || null, false)}
      />
    );
  } else if (editor.kind === 'number') {
    let current: string | number = editor.value === null ? '' : Number(editor.value);
    const out = () => (current === '' ? null : editor.integer ? Number(current) : String(current));
    field = (
      <NumberInput
        {...rest}
        defaultValue={current}
        thousandSeparator=" "
        decimalScale={editor.integer ? 0 : 2}
        suffix={editor.suffix}
        autoFocus
        onChange={(v) => {
          current = v;
        }}
        onBlur={() => void commit(out())}
        {...keys(out)}
      />
    );
  } else if (editor.kind === 'date') {
    let current = editor.value ?? '';
    field = (
      <TextInput
        {...rest}
        type="date"
        defaultValue={current}
        autoFocus
        onChange={(e) => {
          current = e.currentTarget.value;
        }}
        onBlur={(e) => void commit(e.currentTarget.value || null)}
        {...keys(() => current || null)}
      />
    );
  } else if (editor.kind === 'select') {
    field = (
      <Select
        {...rest}
        data={editor.options}
        defaultValue={editor.value}
        clearable={editor.clearable}
        allowDeselect={false}
        searchable={editor.options.length > 8}
        defaultDropdownOpened
        autoFocus
        onChange={(v) => void commit(v)}
        onBlur={() => {
          if (!saving) cancel();
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') cancel();
        }}
      />
    );
  } else {
    let current = editor.value;
    field = (
      <TagsInput
        {...rest}
        defaultValue={current}
        autoFocus
        onChange={(v) => {
          current = v;
        }}
        onBlur={(e) => {
          // The text still being typed counts as a tag (it is accepted on blur, after this handler runs).
          const pending = e.currentTarget.value.trim();
          void commit(pending && !current.includes(pending) ? [...current, pending] : current);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            cancel();
          }
        }}
      />
    );
  }

  return (
    <Box className={wide ? classes.wide : undefined} data-field={label}>
      <Text component="dt" id={labelId} size="xs" c="dimmed" fw={500} mb={2}>
        {label}
      </Text>
      <Box component="dd" m={0}>
        {field}
      </Box>
    </Box>
  );
}
