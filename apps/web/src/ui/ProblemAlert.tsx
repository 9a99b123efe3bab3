import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';

/** Turns an API error (problem+json) into a message a person can act on. */
export function problemMessage(error: unknown, t: (key: string, o?: Record<string, unknown>) => string): string {
  if (!(error instanceof ApiError)) return t('errors.network');
  if (error.status === 403) return error.detail ?? t('errors.forbidden');
  if (error.status === 404) return t('errors.notFound');
  if (error.status === 429) return t('errors.rateLimited', { seconds: error.retryAfter ?? 60 });
  if (error.code === 'database.unavailable') return t('errors.databaseUnavailable', { seconds: error.retryAfter ?? 5 });
  return error.detail ?? error.message;
}

export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')}>
      {problemMessage(error, t)}
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map((f) => (
            <List.Item key={`${f.path}:${f.message}`}>
              {f.path.replace(/^(body|query|params)\.?/, '')}: {f.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
