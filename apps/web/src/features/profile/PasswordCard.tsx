import { Button, Card, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, api, data } from '../../api/client.ts';
import { accountKeys } from '../../app/query-keys.ts';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { weakPasswordMessage } from './password.ts';

/**
 * Change my password with the current one (POST /auth/password); the server signs out my other sessions and,
 * unless unticked, revokes my API keys.
 */
export function PasswordCard() {
  const { t } = useTranslation('profile');
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { current: '', next: '', confirm: '', revokeApiKeys: true },
    validate: {
      current: (v) => (v ? null : t('password.wrongCurrent')),
      next: (v) => (v.length >= 12 ? null : t('password.tooShort')),
      confirm: (v, values) => (v === values.next ? null : t('password.mismatch')),
    },
  });
  const change = useMutation({
    mutationFn: async (v: typeof form.values) =>
      data(
        await api.POST('/api/v1/auth/password', {
          body: { currentPassword: v.current, newPassword: v.next, revokeApiKeys: v.revokeApiKeys },
        }),
      ),
    onSuccess: ({ revokedApiKeys }) => {
      form.reset();
      void queryClient.invalidateQueries({ queryKey: accountKeys.sessions });
      void queryClient.invalidateQueries({ queryKey: accountKeys.apiKeys });
      notifications.show({
        color: 'teal',
        message: `${t('password.done')} ${t('password.keysRevoked', { count: revokedApiKeys })}`,
      });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'auth.current_password_wrong') {
        form.setFieldError('current', t('password.wrongCurrent'));
        return;
      }
      const weak = weakPasswordMessage(e, t);
      if (weak) form.setFieldError('next', weak);
    },
  });
  const handled =
    change.error instanceof ApiError &&
    (change.error.code === 'auth.current_password_wrong' || change.error.code === 'auth.weak_password');

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4">
        {t('password.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('password.help')}
      </Text>
      <form onSubmit={form.onSubmit((v) => change.mutate(v))} noValidate>
        <Stack>
          {!handled && <ProblemAlert error={change.error} />}
          <PasswordField
            label={t('password.current')}
            autoComplete="current-password"
            required
            {...form.getInputProps('current')}
          />
          <PasswordField
            label={t('password.new')}
            autoComplete="new-password"
            required
            {...form.getInputProps('next')}
          />
          <PasswordField
            label={t('password.confirm')}
            autoComplete="new-password"
            required
            {...form.getInputProps('confirm')}
          />
          <Checkbox
            label={t('password.revokeApiKeys')}
            description={t('password.revokeApiKeysHelp')}
            {...form.getInputProps('revokeApiKeys', { type: 'checkbox' })}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={change.isPending}>
              {t('password.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
