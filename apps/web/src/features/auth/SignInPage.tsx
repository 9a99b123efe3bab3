import { Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Placeholder: the real sign-in (POST /api/v1/auth/login, TOTP step) comes with the web app issue. */
export function SignInPage() {
  const { t } = useTranslation();
  return (
    <Center mt="xl">
      <Card withBorder shadow="sm" padding="lg" w={380} data-testid="sign-in-card">
        <Stack>
          <Title order={2}>{t('signIn.title')}</Title>
          <Text size="sm" c="dimmed">
            {t('signIn.subtitle')}
          </Text>
          <TextInput label={t('signIn.email')} type="email" autoComplete="username" disabled />
          <PasswordInput label={t('signIn.password')} autoComplete="current-password" disabled />
          <Button disabled fullWidth>
            {t('signIn.submit')}
          </Button>
        </Stack>
      </Card>
    </Center>
  );
}
