import { Alert, Button, Group, Select, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconCheck, IconPlayerPlay } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { DECISIONS, PlannedRows, type ReviewDecision } from '../ImportMatches.tsx';
import { Figure } from './Figure.tsx';
import { Preview, RowErrors } from './RowTables.tsx';
import type { DryRun, Upload } from './types.ts';
import type { ImportWizardState } from './useImportWizard.ts';

/** Step 3: the dry run's counts, rows to review (a decision each or one for all), refused rows, a preview, run. */
export function CheckStep({ w, dry, upload }: { w: ImportWizardState; dry: DryRun; upload: Upload }) {
  const { t } = useTranslation('imports');
  const { t: tc } = useTranslation();
  const { toReview, undecided, fieldLabel } = w;
  return (
    <Stack gap="md" mt="md">
      {dry.predicted ? (
        <SimpleGrid cols={{ base: 2, sm: 5 }} data-testid="import-predicted">
          <Figure label={t('check.toCreate')} value={dry.predicted.created} color="teal" />
          <Figure label={t('check.toComplete')} value={dry.predicted.updated} color="blue" />
          <Figure label={t('check.toSkip')} value={dry.predicted.skipped} />
          <Figure
            label={t('check.toReview')}
            value={dry.predicted.review}
            color={dry.predicted.review ? 'orange' : undefined}
          />
          <Figure
            label={t('check.invalid')}
            value={dry.predicted.failed}
            color={dry.predicted.failed ? 'red' : undefined}
          />
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 2, sm: 3 }}>
          <Figure label={t('check.total')} value={dry.total} />
          <Figure label={t('check.valid')} value={dry.valid} color="teal" />
          <Figure label={t('check.invalid')} value={dry.invalid} color={dry.invalid ? 'red' : undefined} />
        </SimpleGrid>
      )}
      {toReview.length > 0 && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('review.title')}>
          <Stack gap="xs">
            <Text size="sm">{t('review.intro', { count: toReview.length })}</Text>
            <Select
              label={t('review.forAll')}
              placeholder={t('review.choose')}
              data={DECISIONS.map((d) => ({ value: d, label: t(`decisions.${d}`) }))}
              value={w.reviewDefault}
              onChange={(v) => w.setReviewDefault((v as ReviewDecision | null) ?? null)}
              clearable
              maw={320}
            />
          </Stack>
        </Alert>
      )}
      {dry.rows.length > 0 && (
        <PlannedRows rows={dry.rows} entity={upload.entity} decisions={w.decisions} onDecide={w.decide} />
      )}
      {dry.errors.length === 0 && dry.rows.length === 0 ? (
        <Alert color="teal" icon={<IconCheck size={18} />}>
          {t('check.noErrors')}
        </Alert>
      ) : dry.errors.length === 0 ? null : (
        <RowErrors
          title={t('check.errors')}
          errors={dry.errors}
          truncated={dry.errorsTruncated}
          fieldLabel={fieldLabel}
        />
      )}
      {dry.preview.length > 0 && <Preview rows={dry.preview} fieldLabel={fieldLabel} />}
      {dry.valid === 0 && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
          {t('check.nothingValid')}
        </Alert>
      )}
      <ProblemAlert error={w.run.error} />
      <Group>
        <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={w.uncheck}>
          {tc('actions.back')}
        </Button>
        <Button
          leftSection={<IconPlayerPlay size={16} />}
          onClick={() => w.run.mutate()}
          loading={w.run.isPending}
          disabled={dry.valid === 0 || undecided > 0}
        >
          {t('check.run', { count: dry.valid })}
        </Button>
      </Group>
      {undecided > 0 && (
        <Text size="sm" fw={500}>
          {t('review.pending', { count: undecided })}
        </Text>
      )}
    </Stack>
  );
}
