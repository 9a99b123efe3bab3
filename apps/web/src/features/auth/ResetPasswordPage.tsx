import { Alert, Anchor, Button, Stack } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, data } from '../../api/client.ts';
import { useUrlParams } from '../../app/search-params';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { AuthCard } from './AuthCard.tsx';

export default function ResetPasswordPage() {
  return <PasswordLinkPage mode="reset" />;
}

/**
 * The page a mailed password link opens: a reset (`/reset-password`, valid one hour) or an invitation to choose a
 * first password (`/accept-invitation`, seven days). Both send the token to the same API; the words differ, and
 * after an invitation there were no sessions nor keys to revoke, so the page only sends to sign-in.
 */
export function PasswordLinkPage({ mode }: { mode: 'reset' | 'invitation' }) {
  const { t } = useTranslation('auth');
  const invitation = mode === 'invitation';
  const [params] = useUrlParams();
  const token = params.get('token') ?? '';
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: (v) => (v.length >= 12 ? null : t('reset.help')),
      confirm: (v, values) => (v === values.password ? null : t('reset.mismatch')),
    },
  });
  const reset = useMutation({
    mutationFn: async (password: string) =>
      data(await api.POST('/api/v1/auth/password-reset/confirm', { body: { token, password } })),
    onError: (e) => {
      if (!(e instanceof ApiError) || e.code !== 'auth.weak_password') return;
      const detail = `${e.message} ${e.fields.map((f) => f.message).join(' ')}`;
      form.setFieldError(
        'password',
        /common/i.test(detail)
          ? t('reset.common')
          : /e-?mail/i.test(detail)
            ? t('reset.containsEmail')
            : t('reset.help'),
      );
    },
  });
  const error = reset.error instanceof ApiError ? reset.error : null;
  const code = error?.code ?? null;
  const tokenInvalid =
    code === 'auth.reset_token_invalid' ||
    (code === 'request.validation' && Boolean(error?.fields.some((f) => f.path.includes('token'))));
  return (
    <AuthCard
      title={invitation ? t('invitation.title') : t('reset.title')}
      subtitle={invitation ? t('invitation.help') : t('reset.help')}
    >
      {!token || tokenInvalid ? (
        <Stack>
          <Alert color="red" role="alert">
            {invitation
              ? tokenInvalid
                ? t('invitation.invalidToken')
                : t('invitation.missingToken')
              : tokenInvalid
                ? t('reset.invalidToken')
                : t('reset.missingToken')}
          </Alert>
          {!invitation && (
            <Button component={Link} to="/forgot-password" variant="light">
              {t('reset.newLink')}
            </Button>
          )}
        </Stack>
      ) : reset.isSuccess ? (
        <Stack>
          <Alert color="teal" role="status">
            {invitation
              ? t('invitation.done')
              : `${t('reset.done')} ${t('reset.keysRevoked', { count: reset.data.revokedApiKeys })}`}
          </Alert>
          <Button component={Link} to="/sign-in">
            {t('reset.signIn')}
          </Button>
        </Stack>
      ) : (
        <form onSubmit={form.onSubmit((v) => reset.mutate(v.password))}>
          <Stack>
            {code !== 'auth.weak_password' && <ProblemAlert error={reset.error} />}
            <PasswordField
              label={invitation ? t('invitation.password') : t('reset.password')}
              autoComplete="new-password"
              required
              {...form.getInputProps('password')}
            />
            <PasswordField
              label={t('reset.confirm')}
              autoComplete="new-password"
              required
              {...form.getInputProps('confirm')}
            />
            <Button type="submit" loading={reset.isPending}>
              {invitation ? t('invitation.submit') : t('reset.submit')}
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
