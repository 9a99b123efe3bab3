import { Alert, Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { type CurrentUser, useCurrentUser } from '../../app/auth.tsx';
import { accountKeys } from '../../app/query-keys.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SecretField } from '../../ui/SecretField.tsx';
import type { ApiKey } from './queries.ts';

type Scope = ApiKey['scopes'][number];
export type CreatedKey = ApiKey & { key: string };

/** The scopes a role may give its keys (the server refuses more with 403). */
function allowedScopes(user: Pick<CurrentUser, 'role'>): Scope[] {
  if (user.role === 'admin') return ['read', 'write', 'admin'];
  if (user.role === 'viewer') return ['read'];
  return ['read', 'write'];
}

/** A new key: its name, scopes and optional expiry. */
export function CreateKeyModal({ onClose, onCreated }: { onClose: () => void; onCreated: (k: CreatedKey) => void }) {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const scopes = allowedScopes(user);
  const form = useForm<{ name: string; scopes: string[]; expiresAt: string | null }>({
    initialValues: { name: '', scopes: ['read'], expiresAt: null },
    validate: {
      name: (v) => (v.trim() ? null : tc('errors.validation')),
      scopes: (v) => (v.length ? null : t('apiKeys.scopesRequired')),
    },
  });
  const create = useMutation({
    mutationFn: async (v: typeof form.values) =>
      data(
        await api.POST('/api/v1/api-keys', {
          body: {
            name: v.name.trim(),
            scopes: v.scopes as Scope[],
            ...(v.expiresAt ? { expiresAt: dayjs(v.expiresAt).endOf('day').toISOString() } : {}),
          },
        }),
      ),
    onSuccess: (k) => {
      void queryClient.invalidateQueries({ queryKey: accountKeys.apiKeys });
      onCreated(k);
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('apiKeys.createTitle')}>
      <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
        <Stack>
          <ProblemAlert error={create.error} />
          <TextInput
            label={t('apiKeys.name')}
            description={t('apiKeys.nameHelp')}
            required
            maxLength={100}
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Checkbox.Group label={t('apiKeys.scopes')} required {...form.getInputProps('scopes')}>
            <Stack gap="xs" mt="xs">
              {scopes.map((s) => (
                <Checkbox key={s} value={s} label={t(`apiKeys.scope.${s}`)} description={t(`apiKeys.scopeHelp.${s}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
          <DatePickerInput
            label={t('apiKeys.expiresAt')}
            description={t('apiKeys.expiresHelp')}
            clearable
            valueFormat="DD/MM/YYYY"
            minDate={dayjs().add(1, 'day').format('YYYY-MM-DD')}
            {...form.getInputProps('expiresAt')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {tc('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** The secret, this once only, with a copy button and a warning. */
export function ShownOnceModal({ created, onClose }: { created: CreatedKey; onClose: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <Modal
      opened
      onClose={onClose}
      title={t('apiKeys.shownOnceTitle')}
      closeOnClickOutside={false}
      closeOnEscape={false}
      withCloseButton={false}
      size="lg"
    >
      <Stack>
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} role="alert">
          {t('apiKeys.shownOnceWarning')}
        </Alert>
        <SecretField
          label={`${t('apiKeys.key')} · ${created.name}`}
          value={created.key}
          testId="api-key-secret"
          copyLabel={t('apiKeys.copy')}
          doneLabel={t('apiKeys.done')}
          onDone={onClose}
        />
      </Stack>
    </Modal>
  );
}
