import { useTranslation } from 'react-i18next';
import { isRecordType, RECORDS } from '../../../app/records.ts';
import type { AuditRow } from '../api.ts';

/** The kinds of entries the log knows (the filter offers them even before one shows up). */
export const ENTITY_TYPES = [
  'organisation',
  'person',
  'mandat',
  'produit',
  'task',
  'interaction',
  'note',
  'attachment',
  'segment',
  'import',
  'user',
  'team',
  'session',
  'api_key',
  'cache',
  'job',
];
export const ACTIONS = [
  'create',
  'update',
  'delete',
  'restore',
  'merge',
  'export',
  'import',
  'stage_change',
  'login',
  'login_failed',
  'logout',
  'deactivate',
  'password_changed',
  'password_reset',
  'totp_enabled',
  'totp_disabled',
  'revoke',
  'anonymise',
  'rgpd_export',
  'clear',
  'retry',
];

export function actionColor(action: string): string {
  if (action === 'create' || action === 'restore' || action === 'login') return 'teal';
  if (action === 'delete' || action === 'deactivate' || action === 'login_failed' || action === 'anonymise')
    return 'red';
  if (action === 'update' || action === 'stage_change') return 'blue';
  return 'gray';
}

/** The words of an entry's kind and action (the code itself for one the app has no words for). */
export function useAuditLabels() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  return {
    entityLabel: (type: string) =>
      t(`audit.types.${type}`, { defaultValue: tc(`enums.entity.${type}`, { defaultValue: type }) }),
    actionLabel: (action: string) => t(`audit.actions.${action}`, { defaultValue: action }),
  };
}

/** The page of the record an entry is about, when it is a record the app shows. */
export function entityHref(r: AuditRow): string | null {
  if (!r.entityId) return null;
  const page = isRecordType(r.entityType) ? RECORDS[r.entityType].page : null;
  return page ? page(r.entityId) : null;
}
