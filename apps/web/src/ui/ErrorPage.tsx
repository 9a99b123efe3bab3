import { Button, Center, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';
import { problemMessage } from './ProblemAlert.tsx';

/** Route error boundary: never a blank screen. */
export function ErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  return (
    <Center mih="60dvh" p="md">
      <Stack align="center" maw={480} ta="center">
        <Title order={1} size="h2">
          {t('errors.boundaryTitle')}
        </Title>
        <Text c="dimmed">{t('errors.boundaryBody')}</Text>
        {error instanceof Error && (
          <Text size="sm" c="red" data-testid="error-detail">
            {problemMessage(error)}
          </Text>
        )}
        <Button onClick={() => window.location.reload()}>{t('errors.reload')}</Button>
      </Stack>
    </Center>
  );
}
