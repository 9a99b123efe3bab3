import { Button, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useDirectory } from '../../app/directory.ts';
import { ProblemAlert } from '../ProblemAlert.tsx';
import type { BulkField, ListEntity } from './types.ts';

/** Sets one field to one value on every selected row (`POST /<entity>/bulk-update`). */
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
  const { userOptions } = useDirectory();
  const [fieldKey, setFieldKey] = useState<string | null>(fields[0]?.key ?? null);
  const [value, setValue] = useState<string | boolean | null>(null);
  const field = fields.find((f) => f.key === fieldKey);

  const run = useMutation({
    mutationFn: async () =>
      data(
        await api.POST(`/api/v1/${entity}/bulk-update` as '/api/v1/organisations/bulk-update', {
          body: { ids, patch: { [fieldKey as string]: value } as never },
        }),
      ),
    onSuccess: (r) => {
      notifications.show({
        color: r.failed.length ? 'orange' : 'teal',
        message: t('list.bulkDone', { succeeded: r.succeeded.length, failed: r.failed.length }),
      });
      onDone();
    },
  });

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
            setValue(null);
          }}
          allowDeselect={false}
        />
        {field?.kind === 'select' && (
          <Select label={t('list.value')} data={field.options} value={value as string | null} onChange={setValue} />
        )}
        {field?.kind === 'user' && (
          <Select
            label={t('list.value')}
            data={userOptions}
            value={value as string | null}
            onChange={setValue}
            searchable
          />
        )}
        {field?.kind === 'boolean' && (
          <Switch
            label={t('list.value')}
            checked={value === true}
            onChange={(e) => setValue(e.currentTarget.checked)}
          />
        )}
        {field?.kind === 'text' && (
          <TextInput
            label={t('list.value')}
            value={(value as string) ?? ''}
            onChange={(e) => setValue(e.currentTarget.value)}
          />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={run.isPending} disabled={value === null && field?.kind !== 'boolean'}>
            {t('actions.apply')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
