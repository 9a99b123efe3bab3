import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AuthCard } from './AuthCard.tsx';

export default function ForgotPasswordPage() {
  const { t } = useTranslation('auth');
  const form = useForm({ initialValues: { email: '' } });
  const request = useMutation({
    mutationFn: async (email: string) => {
      await api.POST('/api/v1/auth/password-reset/request', { body: { email } });
    },
  });
  return (
    <AuthCard title={t('forgot.title')} subtitle={t('forgot.help')}>
      {request.isSuccess ? (
        <Alert color="teal" role="status">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={form.onSubmit((v) => request.mutate(v.email.trim()))}>
          <Stack>
            <ProblemAlert error={request.error} />
            <TextInput label={t('signIn.email')} type="email" required autoFocus {...form.getInputProps('email')} />
            <Button type="submit" loading={request.isPending}>
              {t('forgot.submit')}
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
