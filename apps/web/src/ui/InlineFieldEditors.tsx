import { ActionIcon, Box, Group, Loader, NumberInput, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCheck, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Editor, EditorProps, Option, OptionGroup } from './InlineField.tsx';

/** Every option of a select, groups flattened. */
export const flat = (options: (Option | OptionGroup)[]) => options.flatMap((o) => ('group' in o ? o.items : [o]));

/** The draft as saved: trimmed text, null when empty, numbers as the API takes them. */
function output(editor: Editor<unknown>, draft: unknown): unknown {
  switch (editor.kind) {
    case 'text':
    case 'textarea':
      return (draft as string).trim() || null;
    case 'date':
      return draft || null;
    case 'number':
      return draft === '' ? null : editor.integer ? Number(draft) : String(draft);
    default:
      return draft;
  }
}

export interface EditorShellProps<D> {
  label: string;
  draft: D;
  onChange: (value: D) => void;
  error: string | undefined;
  saving: boolean;
  onCancel: () => void;
}

/** The inputs of the built-in kinds: Enter (Ctrl+Enter in a textarea) or leaving saves, a choice saves. */
export function BuiltInEditor({
  editor,
  label,
  draft,
  onChange,
  error,
  saving,
  onCommit,
  onCancel,
}: EditorShellProps<unknown> & {
  editor: Exclude<Editor<unknown>, { kind: 'custom' | 'boolean' }>;
  onCommit: (value: unknown) => void;
}) {
  const { t } = useTranslation();
  const common = {
    'aria-label': label,
    error,
    size: 'sm' as const,
    disabled: saving,
    rightSection: saving ? <Loader size={14} /> : undefined,
    autoFocus: true,
  };
  const out = (value = draft) => output(editor, value);
  const keys = (enterSaves: boolean) => (e: React.KeyboardEvent<HTMLElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onCancel();
    } else if (e.key === 'Enter' && (enterSaves || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      onCommit(out());
    }
  };

  switch (editor.kind) {
    case 'text':
    case 'date':
      return (
        <TextInput
          {...common}
          type={editor.kind === 'date' ? 'date' : (editor.inputType ?? 'text')}
          maxLength={editor.kind === 'text' ? editor.maxLength : undefined}
          value={draft as string}
          onChange={(e) => onChange(e.currentTarget.value)}
          onBlur={() => onCommit(out())}
          onKeyDown={keys(true)}
        />
      );
    case 'textarea':
      return (
        <Textarea
          {...common}
          value={draft as string}
          autosize
          minRows={3}
          maxRows={12}
          description={t('inline.textareaHint')}
          onChange={(e) => onChange(e.currentTarget.value)}
          onBlur={() => onCommit(out())}
          onKeyDown={keys(false)}
        />
      );
    case 'number':
      return (
        <NumberInput
          {...common}
          value={draft as string | number}
          thousandSeparator=" "
          decimalScale={editor.integer ? 0 : (editor.decimals ?? 2)}
          min={editor.min}
          max={editor.max}
          suffix={editor.suffix}
          onChange={onChange}
          onBlur={() => onCommit(out())}
          onKeyDown={keys(true)}
        />
      );
    case 'select': {
      const searchable = flat(editor.options).length > 8;
      return (
        <Select
          {...common}
          data={editor.options}
          value={draft as string | null}
          clearable={editor.clearable}
          allowDeselect={false}
          searchable={searchable}
          defaultDropdownOpened
          // Typing replaces the current value's label instead of appending to it.
          onFocus={searchable ? (e) => e.currentTarget.select() : undefined}
          onChange={(v) => {
            onChange(v);
            onCommit(v);
          }}
          onBlur={() => {
            if (!saving) onCancel();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onCancel();
            }
          }}
        />
      );
    }
    case 'tags':
      return (
        <TagsInput
          {...common}
          value={draft as string[]}
          onChange={onChange}
          onBlur={(e) => {
            // The text still being typed counts as a tag (it is accepted on blur, after this handler runs).
            const tags = draft as string[];
            const pending = e.currentTarget.value.trim();
            onCommit(pending && !tags.includes(pending) ? [...tags, pending] : tags);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              e.stopPropagation();
              onCancel();
            }
          }}
        />
      );
  }
}

/** A caller's own input, in a small form: Enter or ✓ saves, Escape or ✕ cancels, leaving it does nothing. */
export function CustomEditor<V>({
  editor,
  label,
  draft,
  onChange,
  error,
  saving,
  onSave,
  onCancel,
}: EditorShellProps<V> & { editor: Extract<Editor<V>, { kind: 'custom' }>; onSave: () => void }) {
  const { t } = useTranslation();
  return (
    <Box
      component="form"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        onSave();
      }}
      onKeyDown={(e: React.KeyboardEvent) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <Group gap={4} align="flex-start" wrap="nowrap">
        <Box style={{ flex: 1, minWidth: 0 }}>
          {editor.render({
            value: draft,
            onChange: (v) => onChange(v),
            inputProps: { 'aria-label': label, error, 'data-autofocus': true, autoFocus: true },
          })}
        </Box>
        <ActionIcon type="submit" variant="filled" size="lg" loading={saving} aria-label={t('actions.save')}>
          <IconCheck size={16} />
        </ActionIcon>
        <ActionIcon variant="default" size="lg" onClick={onCancel} aria-label={t('actions.cancel')}>
          <IconX size={16} />
        </ActionIcon>
      </Group>
    </Box>
  );
}

/** A date for a `custom` editor (a picker in a pop-over, so leaving the input does not save): YYYY-MM-DD or null. */
export const inlineDate =
  () =>
  ({ value, onChange, inputProps }: EditorProps<string | null>) => (
    <DatePickerInput
      value={value}
      onChange={(v) => onChange(v || null)}
      valueFormat="DD/MM/YYYY"
      clearable
      {...inputProps}
    />
  );
