import { Card, Stack, Stepper } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { CheckStep } from './wizard/CheckStep.tsx';
import { FileStep } from './wizard/FileStep.tsx';
import { JobProgress, JobReport } from './wizard/JobViews.tsx';
import { MappingStep } from './wizard/MappingStep.tsx';
import { useImportWizard } from './wizard/useImportWizard.ts';

/**
 * The import wizard: entity and file, column mapping (server suggestions), dry run with per-row errors, run with
 * a progress bar, final report. `jobId` (the page's `?id=`) shows the progress and report of a started import.
 */
export function ImportWizard({ jobId, onJob }: { jobId: string | null; onJob: (id: string | null) => void }) {
  const { t } = useTranslation('imports');
  const vertical = useMediaQuery('(max-width: 48em)');
  const w = useImportWizard(jobId, onJob);
  const { upload, dry, job } = w;

  return (
    <Card withBorder padding="lg" radius="md">
      <Stepper
        active={w.active}
        orientation={vertical ? 'vertical' : 'horizontal'}
        size="sm"
        allowNextStepsSelect={false}
        onStepClick={(step) => {
          if (jobId) return;
          if (step === 0) w.reset();
          if (step === 1) w.uncheck();
        }}
      >
        <Stepper.Step label={t('steps.file')} description={t('steps.fileHint')}>
          <FileStep w={w} />
        </Stepper.Step>
        <Stepper.Step label={t('steps.mapping')} description={t('steps.mappingHint')}>
          {upload && <MappingStep w={w} upload={upload} />}
        </Stepper.Step>
        <Stepper.Step label={t('steps.check')} description={t('steps.checkHint')}>
          {dry && upload && <CheckStep w={w} dry={dry} upload={upload} />}
        </Stepper.Step>
        <Stepper.Step label={t('steps.run')} description={t('steps.runHint')} loading={w.active === 3}>
          <Stack gap="md" mt="md">
            <ProblemAlert error={job.error} />
            {job.data && <JobProgress job={job.data} />}
          </Stack>
        </Stepper.Step>
        <Stepper.Completed>
          <Stack gap="md" mt="md">
            {job.data && <JobReport job={job.data} onAgain={w.reset} fieldLabel={w.fieldLabel} />}
          </Stack>
        </Stepper.Completed>
      </Stepper>
    </Card>
  );
}
