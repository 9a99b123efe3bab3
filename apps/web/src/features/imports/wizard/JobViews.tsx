import { Button, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconDownload, IconRefresh } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiUrl } from '../../../api/client.ts';
import { ReportedRows } from '../ImportMatches.tsx';
import { FINISHED } from '../queries.ts';
import { Figure } from './Figure.tsx';
import { RowErrors } from './RowTables.tsx';
import type { FieldLabel, ImportEntity, Job } from './types.ts';

const LIST_PATH: Record<ImportEntity, string> = {
  organisations: '/organisations',
  people: '/people',
  links: '/people',
};

/** The dry run's progress: rows checked out of the file's rows. */
export function ValidationProgress({ job }: { job: Job }) {
  const { t } = useTranslation('imports');
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {t('check.validating')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('run.rows', { processed: job.processedRows, total: job.totalRows })}
        </Text>
      </Group>
      <Progress value={job.progress} size="lg" radius="xl" striped animated aria-label={t('check.progress')} />
    </Stack>
  );
}

/** The run's progress: queued, running (rows written), done or failed. */
export function JobProgress({ job }: { job: Job }) {
  const { t } = useTranslation('imports');
  const done = FINISHED.has(job.status);
  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {job.status === 'queued' ? t('run.queued') : done ? t(`status.${job.status}`) : t('run.running')}
        </Text>
        <Text size="sm" c="dimmed">
          {t('run.rows', { processed: job.processedRows, total: job.totalRows })}
        </Text>
      </Group>
      <Progress
        value={done ? 100 : job.progress}
        size="lg"
        radius="xl"
        striped={!done}
        animated={!done}
        color={job.status === 'failed' ? 'red' : done ? 'teal' : undefined}
        aria-label={t('run.progress')}
      />
    </Stack>
  );
}

/** The finished import: counts, refused and matched rows, the CSV report, the list, another import. */
export function JobReport({ job, onAgain, fieldLabel }: { job: Job; onAgain: () => void; fieldLabel: FieldLabel }) {
  const { t } = useTranslation('imports');
  const report = job.report;
  const failed = job.status === 'failed';
  return (
    <>
      <Group gap="xs">
        {failed ? (
          <IconAlertTriangle color="var(--mantine-color-red-6)" />
        ) : (
          <IconCheck color="var(--mantine-color-teal-6)" />
        )}
        <Title order={2} size="h4">
          {failed ? t('report.failed') : t('report.done')}
        </Title>
        <Text c="dimmed" size="sm">
          {job.fileName}
        </Text>
      </Group>
      <JobProgress job={job} />
      {report && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} data-testid="import-report">
          <Figure label={t('report.created')} value={report.created} color="teal" />
          <Figure label={t('report.updated')} value={report.updated} color="blue" />
          <Figure label={t('report.skipped')} value={report.skipped} />
          <Figure label={t('report.failedRows')} value={report.failed} color={report.failed ? 'red' : undefined} />
        </SimpleGrid>
      )}
      {report && report.errors.length > 0 && (
        <RowErrors
          title={t('report.errors')}
          errors={report.errors}
          truncated={Boolean(report.errorsTruncated)}
          fieldLabel={fieldLabel}
        />
      )}
      {report && report.rows.length > 0 && (
        <ReportedRows
          rows={report.rows}
          entity={job.entity}
          truncated={Boolean(report.rowsTruncated)}
          fieldLabel={fieldLabel}
        />
      )}
      <Group>
        {report && (report.errors.length > 0 || report.rows.length > 0) && (
          <Button
            component="a"
            href={apiUrl(`/imports/${job.id}/errors.csv`)}
            download
            variant="light"
            leftSection={<IconDownload size={16} />}
          >
            {t('report.downloadErrors')}
          </Button>
        )}
        <Button component={Link} to={LIST_PATH[job.entity]} variant="default">
          {t('report.openList')}
        </Button>
        <Button leftSection={<IconRefresh size={16} />} onClick={onAgain}>
          {t('report.again')}
        </Button>
      </Group>
    </>
  );
}
