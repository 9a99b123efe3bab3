import { Card, Center, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PreferencesMenu } from '../../app/PreferencesMenu.tsx';

/** The centred card of the signed-out pages (sign-in, forgotten password, reset). */
export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Center mih="100dvh" p="md" component="main" id="main">
      <Stack w="100%" maw={400} gap="md">
        <Text fw={700} size="lg" ta="center" c="indigo">
          {t('app.name')}
        </Text>
        <Card withBorder shadow="sm" padding="lg" data-testid="auth-card">
          <Stack>
            <div>
              <Title order={1} size="h2">
                {title}
              </Title>
              {subtitle && (
                <Text size="sm" c="dimmed" mt={4}>
                  {subtitle}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Card>
        <Center>
          <PreferencesMenu />
        </Center>
      </Stack>
    </Center>
  );
}
