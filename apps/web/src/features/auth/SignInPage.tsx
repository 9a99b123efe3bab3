import { Alert, Anchor, Button, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError, api, data } from '../../api/client.ts';
import { safeNext } from '../../app/auth.tsx';
import { authKeys } from '../../app/query-keys.ts';
import { useUrlParams } from '../../app/search-params';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { problemMessage } from '../../ui/ProblemAlert.tsx';
import { AuthCard } from './AuthCard.tsx';

export default function SignInPage() {
  const { t } = useTranslation('auth');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const [params] = useUrlParams();
  const queryClient = useQueryClient();
  const [needsCode, setNeedsCode] = useState(false);
  const form = useForm({ initialValues: { email: '', password: '', totp: '' } });

  const login = useMutation({
    mutationFn: async (v: typeof form.values) =>
      data(
        await api.POST('/api/v1/auth/login', {
          body: { email: v.email.trim(), password: v.password, ...(needsCode ? { totp: v.totp.trim() } : {}) },
        }),
      ),
    onSuccess: (r) => {
      queryClient.clear();
      queryClient.setQueryData(authKeys.me, { user: r.user });
      navigate(safeNext(params.get('next')), { replace: true });
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'auth.totp_required') setNeedsCode(true);
    },
  });

  const error = login.error;
  let message: string | null = null;
  if (error && !(error instanceof ApiError)) message = tc('errors.network');
  else if (error && error.code !== 'auth.totp_required') {
    if (error.code === 'auth.totp_invalid') message = t('signIn.badCode');
    else if (error.code === 'auth.account_protected') message = t('signIn.protected');
    else if (error.status === 429) message = t('signIn.tooMany', { minutes: Math.ceil((error.retryAfter ?? 60) / 60) });
    else if (error.status === 401 || error.status === 400) message = t('signIn.badCredentials');
    else message = problemMessage(error);
  }
  const expired = params.get('expired') === '1' && !login.error && !needsCode;

  return (
    <AuthCard
      title={needsCode ? t('signIn.totpTitle') : t('signIn.title')}
      subtitle={needsCode ? t('signIn.totpHelp') : t('signIn.subtitle')}
    >
      <form onSubmit={form.onSubmit((v) => login.mutate(v))} noValidate>
        <Stack>
          {expired && (
            <Alert color="orange" role="status" data-testid="session-expired">
              {tc('shell.sessionExpired')}
            </Alert>
          )}
          {message && (
            <Alert color="red" role="alert" data-testid="sign-in-error">
              {message}
            </Alert>
          )}
          {!needsCode ? (
            <>
              <TextInput
                label={t('signIn.email')}
                type="email"
                autoComplete="username"
                required
                autoFocus
                {...form.getInputProps('email')}
              />
              <PasswordField
                label={t('signIn.password')}
                autoComplete="current-password"
                required
                {...form.getInputProps('password')}
              />
            </>
          ) : (
            <TextInput
              label={t('signIn.totp')}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              autoFocus
              {...form.getInputProps('totp')}
            />
          )}
          <Button type="submit" loading={login.isPending} fullWidth>
            {needsCode ? t('signIn.verify') : t('signIn.submit')}
          </Button>
          {needsCode ? (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => {
                setNeedsCode(false);
                login.reset();
                form.setFieldValue('totp', '');
              }}
            >
              {t('signIn.useOtherAccount')}
            </Anchor>
          ) : (
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('signIn.forgot')}
            </Anchor>
          )}
        </Stack>
      </form>
    </AuthCard>
  );
}
