import { ActionIcon, Anchor, Box, Group, Stack, Switch, Text, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import classes from './InlineField.module.css';
import { BuiltInEditor, CustomEditor, flat } from './InlineFieldEditors.tsx';
import { fieldProblem, problemMessage } from './ProblemAlert.tsx';

export type Option = { value: string; label: string };
export type OptionGroup = { group: string; items: Option[] };

/** What a custom editor gets: the draft value, its setter, and the props of its input (name, error, focus). */
export interface EditorProps<V> {
  value: V;
  onChange: (v: V) => void;
  inputProps: { 'aria-label': string; error?: string; 'data-autofocus': true; autoFocus: true };
}

/**
 * How a field is edited; `value` is the stored value, compared before saving (an unchanged value saves nothing).
 * The built-in kinds save as they go: Enter or leaving the input (Ctrl+Enter in a textarea), a choice in a select,
 * a toggle. `custom` draws its own input in a small form saved with Enter or ✓: an input with a pop-over (date
 * picker, remote search) loses the focus while in use, so leaving it cannot mean "save".
 */
export type Editor<V = unknown> =
  | {
      kind: 'text';
      value: string | null;
      inputType?: 'text' | 'email' | 'url' | 'tel';
      maxLength?: number;
      /** Checked before saving (trimmed value, null when empty): a message keeps the field open. */
      validate?: (value: string | null) => string | null;
    }
  | { kind: 'textarea'; value: string | null }
  | {
      kind: 'number';
      value: string | null;
      suffix?: string;
      integer?: boolean;
      min?: number;
      max?: number;
      /** Decimal places offered (2 unless `integer`). */
      decimals?: number;
    }
  | { kind: 'select'; value: string | null; options: (Option | OptionGroup)[]; clearable?: boolean }
  | { kind: 'date'; value: string | null }
  | { kind: 'tags'; value: string[] }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'custom'; value: V; render: (p: EditorProps<V>) => ReactNode };

export interface InlineFieldProps<V> {
  label: string;
  /** The value as shown (formatted); defaults to the value, or the chosen option's label. */
  display?: ReactNode;
  /** Not needed when `canEdit` is false. */
  editor?: Editor<V>;
  canEdit: boolean;
  /** Saves the field; rejects with the API's error, shown under the input (the field stays open). */
  onSave?: (value: V) => Promise<unknown>;
  /** A line of help under the value (under the switch of a yes/no field). */
  hint?: ReactNode;
  /** The value is a link (e-mail, phone, website): shown as a link with its own edit button. */
  href?: string | null;
  /**
   * In a `<dl>`: the label is a `<dt>`, the value a `<dd>`, and the value's button is named by both ("City Lyon").
   * Otherwise the button says what it does ("Edit: City", then the value).
   */
  term?: boolean;
  /** A class for the field's box (its place in the caller's grid). */
  className?: string;
  testId?: string;
}

const isBlank = (v: unknown) =>
  v === null || v === undefined || v === '' || v === '—' || (Array.isArray(v) && v.length === 0);

/** The value shown when the caller gives no `display`. */
function defaultDisplay(editor: Editor<unknown> | undefined): ReactNode {
  if (!editor) return null;
  if (editor.kind === 'select') return flat(editor.options).find((o) => o.value === editor.value)?.label ?? null;
  if (editor.kind === 'text' || editor.kind === 'textarea' || editor.kind === 'number' || editor.kind === 'date') {
    return editor.value;
  }
  return null;
}

/** Whether a draft is the stored value (numbers compared as numbers: "40" and 40, "12.50" and "12.5" are one). */
function unchanged(editor: Editor<unknown>, value: unknown): boolean {
  if (editor.kind === 'number' && value !== null && editor.value !== null)
    return Number(value) === Number(editor.value);
  return JSON.stringify(value ?? null) === JSON.stringify(editor.value ?? null);
}

/** The editor's first draft: what its input starts with. */
function initialDraft(editor: Editor<unknown>): unknown {
  if (editor.kind === 'number') return editor.value === null ? '' : Number(editor.value);
  if (editor.kind === 'text' || editor.kind === 'textarea' || editor.kind === 'date') return editor.value ?? '';
  return editor.value;
}

/**
 * One field of a record shown as a value: click it (or Enter on it) to edit in place; Escape cancels and gives the
 * focus back to the value. Saving: see `Editor`.
 */
export function InlineField<V>({
  label,
  display,
  editor,
  canEdit,
  onSave,
  hint,
  href,
  term,
  className,
  testId,
}: InlineFieldProps<V>) {
  const { t } = useTranslation();
  const labelId = useId();
  const valueId = useId();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | undefined>();
  /** Set once the edit is over (saved, cancelled, saving): a later blur or Enter does nothing. */
  const done = useRef(false);
  const root = useRef<HTMLDivElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  // Back from editing with Enter or Escape, the focus returns to the value (not when it went elsewhere).
  useEffect(() => {
    if (wasEditing.current && !editing) {
      const active = document.activeElement;
      if (!active || active === document.body || root.current?.contains(active)) trigger.current?.focus();
    }
    wasEditing.current = editing;
  }, [editing]);

  const editable = canEdit && !!editor && !!onSave;
  const start = () => {
    if (!editable) return;
    done.current = false;
    const first = initialDraft(editor as Editor<unknown>);
    setDraft(() => first);
    setError(undefined);
    setEditing(true);
  };
  const close = () => {
    done.current = true;
    setError(undefined);
    setEditing(false);
  };
  const commit = async (value: unknown) => {
    if (done.current || !editor || !onSave) return;
    if (unchanged(editor as Editor<unknown>, value)) return close();
    const invalid = editor.kind === 'text' ? editor.validate?.(value as string | null) : null;
    if (invalid) {
      setError(invalid);
      return;
    }
    done.current = true;
    setSaving(true);
    try {
      await onSave(value as V);
      close();
    } catch (e) {
      done.current = false;
      // A validation error names the field: show its message, not the whole request's.
      setError(e instanceof ApiError && e.fields.length ? e.fields.map(fieldProblem).join(' · ') : problemMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const change = (value: unknown) => {
    setDraft(() => value);
    setError(undefined);
  };

  const shown = display === undefined ? defaultDisplay(editor as Editor<unknown> | undefined) : display;
  const empty = isBlank(shown) || (!!editor && isBlank(editor.value));
  const text = empty ? (editable ? t('inline.empty') : '—') : shown;

  let field: ReactNode;
  if (editor?.kind === 'boolean') {
    field = (
      <Switch
        aria-labelledby={labelId}
        checked={editor.value}
        disabled={!editable || saving}
        onChange={(e) => {
          done.current = false;
          void commit(e.currentTarget.checked);
        }}
        label={editor.value ? t('states.yes') : t('states.no')}
        description={hint}
        error={error}
      />
    );
  } else if (editing && editor) {
    field =
      editor.kind === 'custom' ? (
        <CustomEditor
          editor={editor}
          label={label}
          draft={draft as V}
          onChange={change}
          error={error}
          saving={saving}
          onSave={() => void commit(draft)}
          onCancel={close}
        />
      ) : (
        <BuiltInEditor
          editor={editor}
          label={label}
          draft={draft}
          onChange={change}
          error={error}
          saving={saving}
          onCommit={(value) => void commit(value)}
          onCancel={close}
        />
      );
  } else if (href && !empty) {
    // A link cannot sit inside a button: the link, then its own edit button.
    field = (
      <Group gap={4} wrap="nowrap" className={classes.linkRow}>
        <Anchor
          id={valueId}
          href={href}
          target={href.startsWith('http') ? '_blank' : undefined}
          rel="noreferrer"
          size="sm"
          className={classes.text}
        >
          {text}
        </Anchor>
        {editable && (
          <ActionIcon
            ref={trigger}
            variant="subtle"
            color="gray"
            size="sm"
            onClick={start}
            aria-label={t('inline.editField', { field: label })}
          >
            <IconPencil size={14} />
          </ActionIcon>
        )}
      </Group>
    );
  } else if (editable) {
    field = (
      <UnstyledButton
        ref={trigger}
        className={classes.value}
        onClick={start}
        aria-labelledby={term ? `${labelId} ${valueId}` : undefined}
        data-empty={empty || undefined}
      >
        {!term && <VisuallyHidden>{t('inline.editField', { field: label })}</VisuallyHidden>}
        <Group gap={6} wrap="nowrap" justify="space-between">
          <Box id={valueId} component="span" className={classes.text}>
            {text}
          </Box>
          <IconPencil size={14} className={classes.pencil} aria-hidden />
        </Group>
      </UnstyledButton>
    );
  } else {
    field = (
      <Box id={valueId} className={classes.readonly}>
        {text}
      </Box>
    );
  }

  return (
    <Stack ref={root} gap={2} className={className} data-field={label} data-testid={testId}>
      <Text component={term ? 'dt' : 'p'} id={labelId} size="xs" c="dimmed" fw={500}>
        {label}
      </Text>
      <Box component={term ? 'dd' : 'div'} m={0}>
        {field}
        {hint && !editing && editor?.kind !== 'boolean' && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Box>
    </Stack>
  );
}
