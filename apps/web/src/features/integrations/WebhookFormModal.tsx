import { Alert, Button, Group, Modal, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { type UseFormReturnType, useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError, api, data } from '../../api/client.ts';
import { dynamicKey } from '../../app/i18n-types.ts';
import { fieldProblem, ProblemAlert } from '../../ui/ProblemAlert.tsx';
import type { SubscribableType, Webhook } from './api.ts';
import { EventPicker } from './EventPicker.tsx';
import { type HeaderRow, HeadersEditor, headerRows, headersRecord } from './HeadersEditor.tsx';
import { webhookKeys } from './queries.ts';

export interface WebhookFormValues {
  url: string;
  description: string;
  eventTypes: string[];
  headers: HeaderRow[];
  active: boolean;
}

/** What the create answer carries beyond the webhook: its secret, shown once. */
export type CreatedWebhook = Webhook & { secret: string };

const URL_CODES: Record<string, string> = {
  'webhooks.url_invalid': 'form.urlInvalid',
  'webhooks.url_unresolvable': 'form.urlUnresolvable',
  'webhooks.target_forbidden': 'form.urlForbidden',
  'webhooks.port_forbidden': 'form.urlPortForbidden',
};

/** What the API accepts in a header value: printable ASCII and spaces (docs/WEBHOOKS.md). */
const HEADER_VALUE = /^[\x20-\x7e]*$/;

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
const rowsKey = (rows: HeaderRow[]) => JSON.stringify(rows.map((r) => [r.key.trim(), r.value, r.masked]));

/**
 * Puts the API's validation errors (problem+json `errors`: `body.url`, `body.headers.<name>`…) and its URL refusals
 * on the fields they are about. Returns false when something could not be placed on a field.
 */
function placeApiErrors(
  form: UseFormReturnType<WebhookFormValues>,
  error: ApiError,
  t: TFunction<'integrations'>,
): boolean {
  const urlKey = URL_CODES[error.code];
  if (urlKey) {
    form.setFieldError('url', t(dynamicKey(urlKey)));
    return true;
  }
  if (!error.fields.length) return false;
  const raw = (Array.isArray(error.problem.errors) ? error.problem.errors : []) as { code?: string }[];
  const rows = form.getValues().headers;
  let placed = true;
  error.fields.forEach((f, i) => {
    const path = f.path.replace(/^body\.?/, '');
    const [field] = path.split('.');
    if (field === 'url' || field === 'description' || field === 'eventTypes' || field === 'active') {
      form.setFieldError(field, fieldProblem(f));
    } else if (field === 'headers') {
      const name = path.slice('headers.'.length);
      const row = name ? rows.findIndex((r) => r.key.trim() === name) : -1;
      if (row < 0) form.setFieldError('headers', fieldProblem(f));
      // The API names the reason on the header's path: a refused name belongs to the name field.
      else if (raw[i]?.code === 'invalid_key' || /header name|set by the CRM/.test(f.message))
        form.setFieldError(`headers.${row}.key`, t('form.headerNameRefused'));
      else form.setFieldError(`headers.${row}.value`, fieldProblem(f));
    } else {
      placed = false;
    }
  });
  return placed;
}

/** Creates a webhook (then its secret is shown once, by the caller) or edits one. */
export function WebhookFormModal({
  webhook,
  onClose,
  onCreated,
}: {
  /** null: a new webhook. */
  webhook: Webhook | null;
  onClose: () => void;
  onCreated: (created: CreatedWebhook) => void;
}) {
  const { t } = useTranslation('integrations');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const initial: WebhookFormValues = {
    url: webhook?.url ?? '',
    description: webhook?.description ?? '',
    eventTypes: webhook?.eventTypes ?? [],
    headers: headerRows(webhook?.headers ?? {}),
    active: webhook?.active ?? true,
  };
  const headersChanged = (rows: HeaderRow[]) => rowsKey(rows) !== rowsKey(initial.headers);

  const form = useForm<WebhookFormValues>({
    mode: 'controlled',
    initialValues: initial,
    validate: {
      url: (v) => (v.trim() ? null : t('form.urlRequired')),
      eventTypes: (v) => (v.length ? null : t('form.eventsRequired')),
      headers: {
        key: (v, values, path) => {
          const i = Number(path.split('.')[1]);
          const row = values.headers[i];
          if (!v.trim()) return row?.value ? t('form.headerNameRequired') : null;
          const same = values.headers.findIndex((r) => r.key.trim().toLowerCase() === v.trim().toLowerCase());
          return same !== i ? t('form.headerDuplicate') : null;
        },
        value: (v, values, path) => {
          const row = values.headers[Number(path.split('.')[1])];
          if (!row?.masked && !HEADER_VALUE.test(v)) return t('form.headerValueInvalid');
          return row?.masked && !v && headersChanged(values.headers) ? t('form.maskedRetype') : null;
        },
      },
    },
  });

  const save = useMutation({
    mutationFn: async (v: WebhookFormValues) => {
      const eventTypes = v.eventTypes as SubscribableType[];
      if (!webhook) {
        return data(
          await api.POST('/api/v1/webhooks', {
            body: {
              url: v.url.trim(),
              description: v.description.trim(),
              eventTypes,
              headers: headersRecord(v.headers),
              active: v.active,
            },
          }),
        );
      }
      // Only what changed: masked header values are not known here, so headers are sent only when edited.
      const body = {
        ...(v.url.trim() !== webhook.url ? { url: v.url.trim() } : {}),
        ...(v.description.trim() !== webhook.description ? { description: v.description.trim() } : {}),
        ...(sameSet(v.eventTypes, webhook.eventTypes) ? {} : { eventTypes }),
        ...(headersChanged(v.headers) ? { headers: headersRecord(v.headers) } : {}),
        ...(v.active !== webhook.active ? { active: v.active } : {}),
      };
      if (Object.keys(body).length === 0) return null;
      return data(await api.PATCH('/api/v1/webhooks/{id}', { params: { path: { id: webhook.id } }, body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: webhookKeys.all });
      if (!webhook && saved && 'secret' in saved) {
        notifications.show({ color: 'teal', message: t('form.created') });
        onCreated(saved as CreatedWebhook);
        return;
      }
      if (saved) notifications.show({ color: 'teal', message: t('form.saved') });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError) placeApiErrors(form, e, t);
    },
  });

  const placed = save.error instanceof ApiError && Object.keys(form.errors).length > 0;

  return (
    <Modal
      opened
      onClose={onClose}
      title={webhook ? t('form.editTitle') : t('form.createTitle')}
      size="xl"
      closeOnClickOutside={false}
    >
      {/* Mantine's error red (red.6) is 3.3:1 on white: the darker red text of the theme meets AA (global.css). */}
      <form
        onSubmit={form.onSubmit((v) => save.mutate(v))}
        noValidate
        style={{ '--mantine-color-error': 'var(--mantine-color-red-text)' } as React.CSSProperties}
      >
        <Stack>
          {placed ? (
            <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />}>
              {t('form.invalid')}
            </Alert>
          ) : (
            save.error && <ProblemAlert error={save.error} />
          )}
          <TextInput
            label={t('form.url')}
            description={t('form.urlHelp')}
            placeholder="https://"
            required
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            maxLength={2048}
            data-autofocus
            {...form.getInputProps('url')}
          />
          <Textarea
            label={t('form.description')}
            description={t('form.descriptionHelp')}
            autosize
            minRows={1}
            maxRows={4}
            maxLength={500}
            {...form.getInputProps('description')}
          />
          <EventPicker
            value={form.getValues().eventTypes}
            onChange={(types) => form.setFieldValue('eventTypes', types)}
            error={form.errors.eventTypes}
          />
          <HeadersEditor form={form} />
          <Switch
            label={t('form.active')}
            description={t('form.activeHelp')}
            {...form.getInputProps('active', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {webhook ? tc('actions.save') : tc('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
