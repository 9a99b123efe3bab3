import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Forbidden } from '../ui/Forbidden.tsx';
import { hasRole, useCurrentUser } from './auth.tsx';

/** The administration pages (admin/, product analytics): a clear "forbidden" state for anyone else (the API refuses them anyway). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation('admin');
  const user = useCurrentUser();
  if (hasRole(user, 'admin')) return children;
  return <Forbidden title={t('forbidden.title')} body={t('forbidden.body')} home={t('forbidden.home')} />;
}
