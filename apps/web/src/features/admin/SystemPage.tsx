import { Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AdminOnly } from '../../app/AdminOnly.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { CacheSection } from './CacheSection.tsx';
import { JobsSection } from './JobsSection.tsx';

/** Cache and background jobs (admins): the read cache's figures and clear buttons, the job queues and failed jobs. */
export default function SystemPage() {
  return (
    <AdminOnly>
      <System />
    </AdminOnly>
  );
}

function System() {
  const { t } = useTranslation('admin');
  return (
    <>
      <PageHeader title={t('system.title')} subtitle={t('system.subtitle')} />
      <Stack gap="lg">
        <CacheSection />
        <JobsSection />
      </Stack>
    </>
  );
}
