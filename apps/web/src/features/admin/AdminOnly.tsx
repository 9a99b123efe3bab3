import { Button } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { hasRole, useCurrentUser } from '../../app/auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';

/** The administration pages: a clear "forbidden" state for anyone else (the API refuses them anyway). */
export function AdminOnly({ children }: { children: ReactNode }) {
  const { t } = useTranslation('admin');
  const user = useCurrentUser();
  if (hasRole(user, 'admin')) return children;
  return (
    <div data-testid="forbidden">
      <EmptyState
        icon={<IconLock size={26} />}
        title={t('forbidden.title')}
        hint={t('forbidden.body')}
        action={
          <Button component={Link} to="/" variant="light">
            {t('forbidden.home')}
          </Button>
        }
      />
    </div>
  );
}
