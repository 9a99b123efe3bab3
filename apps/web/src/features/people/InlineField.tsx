import { Group, Loader, Select, Stack, Switch, Text, Textarea, TextInput, UnstyledButton } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import { notify } from './notify.ts';
import classes from './people.module.css';

type Option = { value: string; label: string };
type Group_ = { group: string; items: Option[] };

type Kind =
  | { kind: 'text'; type?: 'text' | 'email' | 'tel' | 'url'; required?: boolean }
  | { kind: 'textarea' }
  | { kind: 'select'; options: (Option | Group_)[]; clearable?: boolean };

export type InlineFieldProps = Kind & {
  label: string;
  value: string | null;
  /** How the value reads when not editing (defaults to the value, or the option's label). */
  display?: ReactNode;
  /** Saves the new value (null = cleared); rejects with the API's error to stay in edit mode. */
  onSave: (value: string | null) => Promise<unknown>;
  readOnly?: boolean;
  testId?: string;
};

const flat = (options: (Option | Group_)[]) => options.flatMap((o) => ('group' in o ? o.items : [o]));

/**
 * A value that turns into an input when clicked: Enter or leaving the field saves (PATCH of that field only),
 * Escape cancels. Errors of the API stay under the input until fixed or cancelled.
 */
export function InlineField(props: InlineFieldProps) {
  const { label, value, onSave, readOnly } = props;
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const done = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);

  useEffect(() => {
    if (wasEditing.current && !editing) trigger.current?.focus();
    wasEditing.current = editing;
  }, [editing]);

  const start = () => {
    if (readOnly) return;
    done.current = false;
    setDraft(value ?? '');
    setError(null);
    setEditing(true);
  };
  const cancel = () => {
    done.current = true;
    setError(null);
    setEditing(false);
  };
  const save = async (raw: string | null) => {
    if (done.current || saving) return;
    const next = raw === null ? null : props.kind === 'textarea' ? raw : raw.trim();
    const normalised = next === '' ? null : next;
    if (normalised === (value ?? null)) return cancel();
    if (props.kind === 'text' && props.required && !normalised) {
      setError(t('form.required'));
      return;
    }
    if (
      props.kind === 'text' &&
      normalised &&
      props.type === 'email' &&
      !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(normalised)
    ) {
      setError(t('form.invalidEmail'));
      return;
    }
    if (props.kind === 'text' && normalised && props.type === 'url' && !/^https?:\/\/\S+$/i.test(normalised)) {
      setError(t('form.invalidUrl'));
      return;
    }
    setSaving(true);
    try {
      await onSave(normalised);
      done.current = true;
      setEditing(false);
      notify({ color: 'teal', message: t('inline.saved', { field: label }) });
    } catch (e) {
      const field = e instanceof ApiError ? e.fields[0]?.message : undefined;
      setError(field ?? problemMessage(e, tc));
    } finally {
      setSaving(false);
    }
  };

  const keys = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      cancel();
    }
  };

  const labelId = `inline-${props.testId ?? label}`.replace(/\W+/g, '-');
  const shown =
    props.display ??
    (props.kind === 'select' ? flat(props.options).find((o) => o.value === value)?.label : undefined) ??
    value;

  return (
    <Stack gap={2} data-testid={props.testId}>
      <Text size="xs" c="dimmed" fw={600} id={labelId}>
        {label}
      </Text>
      {editing ? (
        <EditInput
          {...props}
          labelId={labelId}
          draft={draft}
          setDraft={(v) => {
            setDraft(v);
            setError(null);
          }}
          error={error}
          saving={saving}
          onKeyDown={keys}
          save={save}
          cancel={cancel}
        />
      ) : readOnly ? (
        <Text size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
          {shown || '—'}
        </Text>
      ) : (
        <UnstyledButton
          ref={trigger}
          onClick={start}
          aria-label={t('labelled', { label: tc('actions.edit'), value: label })}
          className={classes.value}
        >
          <Group gap={6} wrap="nowrap" justify="space-between">
            <Text
              size="sm"
              c={shown ? undefined : 'dimmed'}
              style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap', minWidth: 0 }}
            >
              {shown || t('inline.empty')}
            </Text>
            <IconPencil size={14} className={classes.pencil} aria-hidden />
          </Group>
        </UnstyledButton>
      )}
    </Stack>
  );
}

function EditInput(
  props: InlineFieldProps & {
    labelId: string;
    draft: string;
    setDraft: (v: string) => void;
    error: string | null;
    saving: boolean;
    onKeyDown: (e: React.KeyboardEvent) => void;
    save: (v: string | null) => Promise<void>;
    cancel: () => void;
  },
) {
  const { t } = useTranslation('people');
  const common = {
    'aria-labelledby': props.labelId,
    error: props.error,
    size: 'sm' as const,
    rightSection: props.saving ? <Loader size={14} /> : undefined,
    autoFocus: true,
  };
  if (props.kind === 'select') {
    return (
      <Select
        {...common}
        data={props.options}
        value={props.draft || null}
        searchable
        clearable={props.clearable}
        clearButtonProps={{ 'aria-label': t('form.clear') }}
        defaultDropdownOpened
        // Typing replaces the current value's label instead of appending to it.
        onFocus={(e) => e.currentTarget.select()}
        onChange={(v) => {
          props.setDraft(v ?? '');
          void props.save(v);
        }}
        onBlur={() => !props.saving && props.cancel()}
        onKeyDown={props.onKeyDown}
        comboboxProps={{ withinPortal: true }}
      />
    );
  }
  if (props.kind === 'textarea') {
    return (
      <Textarea
        {...common}
        value={props.draft}
        autosize
        minRows={3}
        maxRows={12}
        description={t('inline.textareaHint')}
        onChange={(e) => props.setDraft(e.currentTarget.value)}
        onBlur={() => void props.save(props.draft)}
        onKeyDown={(e) => {
          props.onKeyDown(e);
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void props.save(props.draft);
          }
        }}
      />
    );
  }
  return (
    <TextInput
      {...common}
      type={props.type ?? 'text'}
      value={props.draft}
      onChange={(e) => props.setDraft(e.currentTarget.value)}
      onBlur={() => void props.save(props.draft)}
      onKeyDown={(e) => {
        props.onKeyDown(e);
        if (e.key === 'Enter') {
          e.preventDefault();
          void props.save(props.draft);
        }
      }}
    />
  );
}

/** A yes/no value saved as soon as it is switched. */
export function InlineSwitch({
  label,
  checked,
  description,
  onSave,
  readOnly,
}: {
  label: string;
  checked: boolean;
  description?: ReactNode;
  onSave: (value: boolean) => Promise<unknown>;
  readOnly?: boolean;
}) {
  const { t } = useTranslation('people');
  const { t: tc } = useTranslation();
  const [saving, setSaving] = useState(false);
  return (
    <Switch
      label={label}
      description={description}
      checked={checked}
      disabled={readOnly || saving}
      onChange={async (e) => {
        const next = e.currentTarget.checked;
        setSaving(true);
        try {
          await onSave(next);
          notify({ color: 'teal', message: t('inline.saved', { field: label }) });
        } catch (err) {
          notify({ color: 'red', title: tc('errors.title'), message: problemMessage(err, tc) });
        } finally {
          setSaving(false);
        }
      }}
    />
  );
}
