import { Alert, List } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/problem.ts';
import i18n from '../app/i18n.ts';
import { dynamicKey } from '../app/i18n-types.ts';

/**
 * Turns an API error (problem+json) into a message a person can act on, in their language: the text of its stable
 * `code` (app/locales/problems.<lang>.ts), else one for its family (`*.not_found`) or its status. Never the
 * server's `detail`, which is English and meant for developers.
 */
export function problemMessage(error: unknown): string {
  if (!(error instanceof ApiError)) return i18n.t('errors.network');
  const seconds = error.retryAfter ?? (error.code === 'database.unavailable' ? 5 : 60);
  const key = `problems.${error.code}`;
  if (i18n.exists(key)) return i18n.t(dynamicKey(key), { seconds });
  if (error.code.endsWith('.link_not_found')) return i18n.t('errors.linkNotFound');
  if (error.code.endsWith('.not_found') || error.status === 404) return i18n.t('errors.notFound');
  if (error.status === 401) return i18n.t('problems.auth.unauthenticated');
  if (error.status === 403) return i18n.t('errors.forbidden');
  if (error.status === 409) return i18n.t('errors.conflict');
  if (error.status === 429) return i18n.t('errors.rateLimited', { seconds });
  if (error.status >= 500) return i18n.t('problems.server.error');
  return i18n.t('errors.invalid');
}

/** What is wrong with one field, in the person's language, from the field error's `code` (never its English message). */
export function fieldProblem(f: { code?: string }): string {
  const key = `errors.fieldCodes.${f.code ?? ''}`;
  return f.code && i18n.exists(key) ? i18n.t(dynamicKey(key)) : i18n.t('errors.fieldCodes.invalid');
}

/** One field error with the field it is about: `email : format invalide` (`email: invalid format`). */
export function fieldMessage(f: { path: string; code?: string }): string {
  const field = f.path.replace(/^(body|query|querystring|params)\.?/, '');
  return field ? i18n.t('labelled', { label: field, value: fieldProblem(f) }) : fieldProblem(f);
}

export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = error instanceof ApiError ? error.fields : [];
  return (
    <Alert color="red" role="alert" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')}>
      {problemMessage(error)}
      {fields.length > 0 && (
        <List size="sm" mt="xs">
          {fields.map((f) => (
            <List.Item key={`${f.path}:${f.message}`}>{fieldMessage(f)}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
