import { Badge, Button, Card, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiUrl, type Schemas } from '../../api/client.ts';
import { hasRole, useCurrentUser } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { useUrlParams } from '../../app/search-params';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import { ImportWizard } from './ImportWizard.tsx';
import { importsListQuery } from './queries.ts';

type Job = Schemas['ImportJob'];

export const STATUS_COLOR: Record<Job['status'], string> = {
  uploaded: 'gray',
  validating: 'cyan',
  validated: 'blue',
  queued: 'yellow',
  running: 'indigo',
  done: 'teal',
  failed: 'red',
};

/** `/imports`: the wizard, and the recent imports; `?id=<import>` follows one import's progress and report. */
export default function ImportsPage() {
  const { t } = useTranslation('imports');
  const user = useCurrentUser();
  const [params, setParams] = useUrlParams();
  const jobId = params.get('id');
  const allowed = hasRole(user, 'manager');

  const setJob = (id: string | null) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      if (id) next.set('id', id);
      else next.delete('id');
      return next;
    });

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      {allowed ? (
        <Stack gap="xl">
          <ImportWizard jobId={jobId} onJob={setJob} />
          <PastImports
            onOpen={(id) => {
              setJob(id);
              window.scrollTo({ top: 0, behavior: 'smooth' });
            }}
            current={jobId}
          />
        </Stack>
      ) : (
        <Card withBorder>
          <EmptyState title={t('forbiddenTitle')} hint={t('forbiddenHint')} icon={<IconLock size={26} />} />
        </Card>
      )}
    </>
  );
}

function PastImports({ onOpen, current }: { onOpen: (id: string) => void; current: string | null }) {
  const { t } = useTranslation('imports');
  const fmt = useFormat();
  const list = useQuery(importsListQuery);
  return (
    <Stack gap="sm" component="section" aria-labelledby="past-imports">
      <Title order={2} size="h4" id="past-imports">
        {t('past.title')}
      </Title>
      <ProblemAlert error={list.error} />
      <SimpleTable
        minWidth={720}
        rows={list.data}
        pending={list.isPending}
        empty={<EmptyState title={t('past.empty')} hint={t('past.emptyHint')} />}
        rowProps={(job) => ({ bg: job.id === current ? 'var(--mantine-primary-color-light)' : undefined })}
        columns={[
          { key: 'date', header: t('past.date'), render: (job) => fmt.dateTime(job.createdAt) },
          {
            key: 'file',
            header: t('past.file'),
            render: (job) => (
              <Text size="sm" fw={500} truncate maw={240}>
                {job.fileName}
              </Text>
            ),
          },
          { key: 'entity', header: t('past.entity'), render: (job) => t(`entities.${job.entity}`) },
          {
            key: 'status',
            header: t('past.status'),
            render: (job) => (
              <Badge variant="light" color={STATUS_COLOR[job.status]} style={{ minWidth: 'max-content' }}>
                {t(`status.${job.status}`)}
              </Badge>
            ),
          },
          { key: 'rows', header: t('past.rows'), render: (job) => fmt.number(job.totalRows) },
          {
            key: 'result',
            header: t('past.result'),
            render: (job) =>
              job.report ? (
                <Text size="sm">
                  {t('past.resultValue', {
                    created: job.report.created,
                    updated: job.report.updated,
                    failed: job.report.failed,
                  })}
                </Text>
              ) : (
                '—'
              ),
          },
          {
            key: 'open',
            header: t('past.open'),
            hidden: true,
            render: (job) => (
              <Button.Group>
                {!['uploaded', 'validated'].includes(job.status) && (
                  <Button size="xs" variant="default" onClick={() => onOpen(job.id)}>
                    {t('past.open')}
                  </Button>
                )}
                {job.report && (job.report.errors.length > 0 || job.report.rows.length > 0) && (
                  <Button
                    size="xs"
                    variant="default"
                    component="a"
                    href={apiUrl(`/imports/${job.id}/errors.csv`)}
                    download
                    aria-label={t('on', { action: t('report.downloadErrors'), target: job.fileName })}
                  >
                    <IconDownload size={14} />
                  </Button>
                )}
              </Button.Group>
            ),
          },
        ]}
      />
    </Stack>
  );
}
