import { ActionIcon, Button, Group, Input, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { WebhookFormValues } from './WebhookFormModal.tsx';

/** One custom header; `masked`: the API showed its value masked (a credential), so the field starts empty. */
export interface HeaderRow {
  key: string;
  value: string;
  masked: boolean;
}

/** The value the API shows instead of a credential-looking header's value (webhooks.service.ts `maskHeaders`). */
export const MASKED = '••••••';

export const headerRows = (headers: Record<string, string>): HeaderRow[] =>
  Object.entries(headers).map(([key, value]) =>
    value === MASKED ? { key, value: '', masked: true } : { key, value, masked: false },
  );

export const headersRecord = (rows: HeaderRow[]): Record<string, string> =>
  Object.fromEntries(rows.filter((r) => r.key.trim()).map((r) => [r.key.trim(), r.value]));

/** Key/value rows of a form's `headers` list, with add and remove. */
export function HeadersEditor({ form }: { form: UseFormReturnType<WebhookFormValues> }) {
  const { t } = useTranslation('integrations');
  const labelId = useId();
  const rows = form.getValues().headers;
  const hasMasked = rows.some((r) => r.masked);
  const groupError = form.errors.headers;
  return (
    <Stack gap="xs" role="group" aria-labelledby={labelId}>
      <div>
        <Input.Label id={labelId} component="div">
          {t('form.headers')}
        </Input.Label>
        <Input.Description>{t('form.headersHelp')}</Input.Description>
      </div>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('form.noHeaders')}
        </Text>
      )}
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; the index is their identity
        <Group key={i} align="flex-start" gap="xs" wrap="nowrap" data-testid="header-row">
          <TextInput
            aria-label={t('form.headerNameFor', { n: i + 1 })}
            placeholder={t('form.headerName')}
            autoComplete="off"
            spellCheck={false}
            style={{ flex: 2 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps(`headers.${i}.key`)}
          />
          <TextInput
            aria-label={t('form.headerValueFor', { n: i + 1 })}
            placeholder={row.masked ? t('form.maskedValue') : t('form.headerValue')}
            autoComplete="off"
            spellCheck={false}
            style={{ flex: 3 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            {...form.getInputProps(`headers.${i}.value`)}
          />
          <ActionIcon
            variant="subtle"
            color="red"
            size={36}
            aria-label={t('form.removeHeader', { n: i + 1 })}
            onClick={() => form.removeListItem('headers', i)}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Group>
      ))}
      {hasMasked && (
        <Text size="xs" c="dimmed">
          {t('form.maskedHelp')}
        </Text>
      )}
      {groupError && <Input.Error role="alert">{groupError}</Input.Error>}
      <Group>
        <Button
          variant="light"
          size="xs"
          leftSection={<IconPlus size={16} />}
          onClick={() => form.insertListItem('headers', { key: '', value: '', masked: false })}
        >
          {t('form.addHeader')}
        </Button>
      </Group>
    </Stack>
  );
}
