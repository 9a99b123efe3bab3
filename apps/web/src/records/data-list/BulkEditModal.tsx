import { Button, Checkbox, Group, NumberInput, Select, Stack, TagsInput, Text, TextInput } from '@mantine/core';
import { DateInput } from '@mantine/dates';
import { notifications } from '@mantine/notifications';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import i18n from '../../app/i18n.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { parseFrenchDateTime } from '../../app/paris-time.ts';
import { canUndo, undoRows } from '../../app/undo.ts';
import { DateTimeField } from '../../ui/DateTimeField.tsx';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { showUndoToast } from '../../ui/UndoToast.tsx';
import { type BulkValue, bulkFieldsFrom, bulkRequest, isReady, type TagsChange } from './bulk-fields.ts';
import { metaFieldsQuery, refreshList } from './queries.ts';
import type { BulkField, BulkHint, ListEntity } from './types.ts';

/** The fields a bulk edit of this list offers the caller: the server's descriptions, narrowed by the list's hints. */
export function useBulkFields(entity: ListEntity, hints: Record<string, BulkHint>, enabled: boolean): BulkField[] {
  const described = useQuery({ ...metaFieldsQuery(entity), enabled: enabled && Object.keys(hints).length > 0 });
  return described.data ? bulkFieldsFrom(described.data.fields, hints) : [];
}

const tr = (key: string, options?: Record<string, unknown>) => i18n.t(dynamicKey(key), options) as string;

/**
 * Undoes a bulk update: each changed row gets its previous values back (`POST /<entity>/bulk-patch`); the toast says
 * how many were restored and why the others could not be (changed or deleted since, rights...).
 */
async function undoBulkUpdate(
  queryClient: QueryClient,
  entity: ListEntity,
  previous: Record<string, Record<string, unknown>>,
) {
  try {
    const r = data(
      await api.POST(`/api/v1/${entity}/bulk-patch` as '/api/v1/organisations/bulk-patch', {
        body: { rows: undoRows(previous) },
      }),
    );
    const reasons = [...new Set(r.failed.map((f) => problemMessage(new ApiError(400, { code: f.code }))))];
    notifications.show({
      color: r.failed.length ? 'orange' : 'teal',
      title: r.failed.length ? tr('list.bulkUndoFailed', { count: r.failed.length }) : undefined,
      message: [tr('list.bulkUndone', { count: r.succeeded.length }), ...reasons].join(' · '),
    });
  } catch (e) {
    notifications.show({ color: 'red', title: tr('errors.title'), message: problemMessage(e) });
  }
  refreshList(queryClient, entity);
}

/** Sets one field to one value on every selected row (`POST /<entity>/bulk-update`); its toast offers "Annuler". */
export function BulkEditModal({
  entity,
  ids,
  fields,
  onDone,
}: {
  entity: ListEntity;
  ids: string[];
  fields: BulkField[];
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [fieldKey, setFieldKey] = useState<string | null>(fields[0]?.key ?? null);
  const [value, setValue] = useState<BulkValue>(undefined);
  const field = fields.find((f) => f.key === fieldKey);

  const run = useMutation({
    mutationFn: async () =>
      data(
        await api.POST(`/api/v1/${entity}/bulk-update` as '/api/v1/organisations/bulk-update', {
          body: bulkRequest(ids, field as BulkField, value) as never,
        }),
      ),
    onSuccess: (r) => {
      const message = t('list.bulkDone', { succeeded: r.succeeded.length, failed: r.failed.length });
      const color = r.failed.length ? 'orange' : 'teal';
      if (canUndo(r.previous)) {
        showUndoToast({ message, color, onUndo: () => undoBulkUpdate(queryClient, entity, r.previous) });
      } else notifications.show({ color, message });
      onDone();
    },
  });

  if (fields.length === 0) return <Text size="sm">{t('list.noBulkField')}</Text>;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        run.mutate();
      }}
    >
      <Stack>
        <Text size="sm">{t('list.selected', { count: ids.length })}</Text>
        <ProblemAlert error={run.error} />
        <Select
          label={t('list.field')}
          data={fields.map((f) => ({ value: f.key, label: f.label }))}
          value={fieldKey}
          onChange={(k) => {
            setFieldKey(k);
            setValue(undefined);
          }}
          allowDeselect={false}
          searchable
        />
        {field && <ValueControl key={field.key} field={field} value={value} onChange={setValue} />}
        <Group justify="flex-end">
          <Button type="submit" loading={run.isPending} disabled={!field || !isReady(field, value)}>
            {t('actions.apply')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The control of one field's type; a nullable field can also be emptied. */
function ValueControl({
  field,
  value,
  onChange,
}: {
  field: BulkField;
  value: BulkValue;
  onChange: (v: BulkValue) => void;
}) {
  const { t } = useTranslation();
  const { userOptions } = useDirectory();
  const cleared = value === null;
  const label = t('list.value');
  const shown = cleared ? null : value;
  const control = () => {
    switch (field.kind) {
      case 'select':
        return (
          <Select
            label={label}
            data={field.options}
            value={(shown as string | undefined) ?? null}
            onChange={(v) => onChange(v ?? undefined)}
            searchable={field.options.length > 8}
            disabled={cleared}
          />
        );
      case 'user':
        return (
          <Select
            label={label}
            data={userOptions}
            value={(shown as string | undefined) ?? null}
            onChange={(v) => onChange(v ?? undefined)}
            searchable
            disabled={cleared}
          />
        );
      case 'boolean':
        return (
          <Select
            label={label}
            data={[
              { value: 'true', label: t('states.yes') },
              { value: 'false', label: t('states.no') },
            ]}
            value={typeof value === 'boolean' ? String(value) : null}
            onChange={(v) => onChange(v === null ? undefined : v === 'true')}
          />
        );
      case 'text':
        return (
          <TextInput
            label={label}
            value={(shown as string | undefined) ?? ''}
            onChange={(e) => onChange(e.currentTarget.value)}
            disabled={cleared}
          />
        );
      case 'number':
        return (
          <NumberInput
            label={label}
            value={(shown as number | undefined) ?? ''}
            onChange={(v) => onChange(typeof v === 'number' ? v : undefined)}
            allowDecimal={!field.integer}
            decimalSeparator=","
            thousandSeparator=" "
            disabled={cleared}
          />
        );
      case 'date':
        return (
          <DateInput
            label={label}
            valueFormat="DD/MM/YYYY"
            placeholder={t('dates.datePlaceholder')}
            dateParser={(text) => parseFrenchDateTime(text)?.slice(0, 10) ?? null}
            value={(shown as string | undefined) ?? null}
            onChange={(v) => onChange(v ?? undefined)}
            disabled={cleared}
          />
        );
      case 'datetime':
        return (
          <DateTimeField
            label={label}
            value={(shown as string | undefined) ?? null}
            onChange={(v) => onChange(v ?? undefined)}
            disabled={cleared}
          />
        );
      case 'tags': {
        const tags = (value as TagsChange | undefined) ?? { add: [], remove: [] };
        return (
          <>
            <TagsInput
              label={t('list.tagsAdd')}
              value={tags.add}
              onChange={(add) => onChange({ ...tags, add })}
              clearable
            />
            <TagsInput
              label={t('list.tagsRemove')}
              value={tags.remove}
              onChange={(remove) => onChange({ ...tags, remove })}
              clearable
            />
          </>
        );
      }
    }
  };
  return (
    <Stack gap="xs">
      {control()}
      {field.nullable && (
        <Checkbox
          label={t('list.clearField')}
          checked={cleared}
          onChange={(e) => onChange(e.currentTarget.checked ? null : undefined)}
        />
      )}
    </Stack>
  );
}
