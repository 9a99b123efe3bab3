import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/client.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AuthCard } from './AuthCard.tsx';

export default function ResetPasswordPage() {
  const { t } = useTranslation('auth');
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 12 ? null : t('reset.help')),
      confirm: (v, values) => (v === values.password ? null : t('reset.mismatch')),
    },
  });
  const reset = useMutation({
    mutationFn: async (password: string) => {
      await api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } });
    },
  });
  return (
    <AuthCard title={t('reset.title')} subtitle={t('reset.help')}>
      {!token ? (
        <Alert color="red">{t('reset.missingToken')}</Alert>
      ) : reset.isSuccess ? (
        <Alert color="teal" role="status">
          {t('reset.done')}
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => reset.mutate(v.password))}>
          <Stack>
            <ProblemAlert error={reset.error} />
            <PasswordInput
              label={t('reset.password')}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            <PasswordInput
              label={t('reset.confirm')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={reset.isPending}>
              {t('reset.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/sign-in" size="sm">
        {t('forgot.back')}
      </Anchor>
    </AuthCard>
  );
}
