import {
  Alert,
  Badge,
  Button,
  Card,
  FileInput,
  Group,
  Progress,
  Radio,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Stepper,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconCheck,
  IconDownload,
  IconFileSpreadsheet,
  IconPlayerPlay,
  IconRefresh,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, apiUrl, data, rawFetch, type Schemas } from '../../api/client.ts';
import { useFormat } from '../../app/format.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { ConstantValues } from './ConstantValues.tsx';
import { DECISIONS, PlannedRows, ReportedRows, type ReviewDecision } from './ImportMatches.tsx';

type Upload = Schemas['ImportUpload'];
type DryRun = Schemas['ImportDryRun'];
type Job = Schemas['ImportJob'];
export type ImportEntity = Upload['entity'];
type Mapping = Record<string, string | null>;

export const ENTITIES: ImportEntity[] = ['organisations', 'people', 'links'];
const LIST_PATH: Record<ImportEntity, string> = {
  organisations: '/organisations',
  people: '/people',
  links: '/people',
};
const FINISHED = new Set<Job['status']>(['done', 'failed']);

/** One import, polled every second until it is done or failed. */
export function useImportJob(id: string | null) {
  const queryClient = useQueryClient();
  return useQuery({
    queryKey: ['imports', 'one', id],
    queryFn: async ({ signal }) => {
      const job = data(await api.GET('/api/v1/imports/{id}', { params: { path: { id: id as string } }, signal }));
      if (FINISHED.has(job.status)) {
        for (const key of ['organisations', 'people', 'home', 'recycle-bin'])
          void queryClient.invalidateQueries({ queryKey: [key] });
        void queryClient.invalidateQueries({ queryKey: ['imports', 'list'] });
      }
      return job;
    },
    enabled: Boolean(id),
    refetchInterval: (q) => (q.state.data && FINISHED.has(q.state.data.status) ? false : 1000),
  });
}

/**
 * The import wizard: entity and file, column mapping (server suggestions), dry run with per-row errors, run with
 * a progress bar, final report. `jobId` (the page's `?id=`) shows the progress and report of a started import.
 */
export function ImportWizard({ jobId, onJob }: { jobId: string | null; onJob: (id: string | null) => void }) {
  const { t, i18n } = useTranslation('imports');
  const { t: tc } = useTranslation();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const vertical = useMediaQuery('(max-width: 48em)');
  const [entity, setEntity] = useState<ImportEntity>('organisations');
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [duplicates, setDuplicates] = useState<'skip' | 'merge'>('skip');
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [decisions, setDecisions] = useState<Record<string, ReviewDecision | undefined>>({});
  const [reviewDefault, setReviewDefault] = useState<ReviewDecision | null>(null);
  const [checking, setChecking] = useState(false);
  const job = useImportJob(jobId);
  const queryClient = useQueryClient();
  // The dry run is a job: polled every second while the import is `validating`, its report read once `validated`.
  const validationKey = ['imports', 'validation', upload?.id];
  const validation = useQuery({
    queryKey: validationKey,
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/imports/{id}', { params: { path: { id: (upload as Upload).id } }, signal })),
    enabled: checking && Boolean(upload),
    refetchInterval: (q) => (q.state.data?.status === 'validating' ? 1000 : false),
  });
  const checked = checking ? validation.data : undefined;
  const dry: DryRun | null = checked?.status === 'validated' ? (checked.dryRun ?? null) : null;
  const validating = checked?.status === 'validating' ? checked : null;
  const dryRunError = checked?.status === 'uploaded' ? checked.dryRunError : null;

  const send = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.set('entity', entity);
      form.set('file', file as File);
      const res = await rawFetch('/imports', { method: 'POST', body: form });
      return (await res.json()) as Upload;
    },
    onSuccess: (u) => {
      setUpload(u);
      setMapping({ ...u.suggestedMapping });
      setConstants({});
      setChecking(false);
    },
  });
  const check = useMutation({
    mutationFn: async () =>
      data(
        await api.POST('/api/v1/imports/{id}/dry-run', {
          params: { path: { id: (upload as Upload).id } },
          body: { mapping, duplicates, constants: filledConstants },
        }),
      ),
    onSuccess: (queued) => {
      queryClient.setQueryData(validationKey, queued);
      setDecisions({});
      setReviewDefault(null);
      setChecking(true);
    },
  });
  const run = useMutation({
    mutationFn: async () => {
      const rows = Object.fromEntries(Object.entries(decisions).filter((e): e is [string, ReviewDecision] => !!e[1]));
      const review = toReview.length > 0 ? { rows, ...(reviewDefault ? { default: reviewDefault } : {}) } : undefined;
      return data(
        await api.POST('/api/v1/imports/{id}/run', {
          params: { path: { id: (upload as Upload).id } },
          body: review ? { review } : {},
        }),
      );
    },
    onSuccess: (j) => onJob(j.id),
  });

  const reset = () => {
    setUpload(null);
    setFile(null);
    setMapping({});
    setConstants({});
    setChecking(false);
    send.reset();
    check.reset();
    run.reset();
    onJob(null);
  };

  const active = jobId ? (job.data && FINISHED.has(job.data.status) ? 4 : 3) : dry ? 2 : upload ? 1 : 0;
  const fieldLabel = (name: string) => upload?.fields.find((f) => f.name === name)?.label[lang] ?? name;
  const filledConstants = Object.fromEntries(Object.entries(constants).filter(([, v]) => v.trim() !== ''));
  const missing = (upload?.fields ?? []).filter(
    (f) => f.required && !Object.values(mapping).includes(f.name) && !(f.name in filledConstants),
  );
  const toReview = (dry?.rows ?? []).filter((r) => r.action === 'review');
  const undecided = toReview.filter((r) => !decisions[String(r.row)] && !reviewDefault).length;

  return (
    <Card withBorder padding="lg" radius="md">
      <Stepper
        active={active}
        orientation={vertical ? 'vertical' : 'horizontal'}
        size="sm"
        allowNextStepsSelect={false}
        onStepClick={(step) => {
          if (jobId) return;
          if (step === 0) reset();
          if (step === 1) setChecking(false);
        }}
      >
        <Stepper.Step label={t('steps.file')} description={t('steps.fileHint')}>
          <Stack gap="md" mt="md">
            <Radio.Group label={t('file.entity')} value={entity} onChange={(v) => setEntity(v as ImportEntity)}>
              <Stack gap="xs" mt="xs">
                {ENTITIES.map((e) => (
                  <Radio key={e} value={e} label={t(`entities.${e}`)} description={t(`entityHints.${e}`)} />
                ))}
              </Stack>
            </Radio.Group>
            <FileInput
              label={t('file.label')}
              description={t('file.hint')}
              placeholder={t('file.placeholder')}
              accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              leftSection={<IconFileSpreadsheet size={18} />}
              value={file}
              onChange={setFile}
              clearable
              maw={520}
            />
            <ProblemAlert error={send.error} />
            <Group>
              <Button
                leftSection={<IconUpload size={16} />}
                disabled={!file}
                loading={send.isPending}
                onClick={() => send.mutate()}
              >
                {t('file.analyse')}
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label={t('steps.mapping')} description={t('steps.mappingHint')}>
          {upload && (
            <Stack gap="md" mt="md">
              <Group gap="xs">
                <Badge variant="light" leftSection={<IconFileSpreadsheet size={12} />} tt="none" maw="100%">
                  {t('file.uploaded', { rows: upload.rowCount, file: upload.fileName })}
                </Badge>
                {upload.linkedin && (
                  <Badge color="blue" variant="light" tt="none">
                    {t('file.linkedin')}
                  </Badge>
                )}
                {upload.skippedPreambleLines > 0 && (
                  <Badge color="gray" variant="light" tt="none">
                    {t('file.preamble', { count: upload.skippedPreambleLines })}
                  </Badge>
                )}
              </Group>
              <Text size="sm" c="dimmed">
                {t('mapping.intro')}
              </Text>
              <TableScroll minWidth={480}>
                <Table verticalSpacing="xs" striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('mapping.column')}</Table.Th>
                      <Table.Th>{t('mapping.field')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {upload.headers.map((header) => {
                      const used = new Set(Object.entries(mapping).flatMap(([h, f]) => (h !== header && f ? [f] : [])));
                      const suggested = upload.suggestedMapping[header];
                      const confidence = upload.confidence[header] ?? 0;
                      return (
                        <Table.Tr key={header}>
                          <Table.Td>
                            <Text size="sm" fw={500}>
                              {header}
                            </Text>
                          </Table.Td>
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              <Select
                                aria-label={t('mapping.fieldFor', { column: header })}
                                data={[
                                  { value: '', label: t('mapping.ignore') },
                                  ...upload.fields.map((f) => ({
                                    value: f.name,
                                    label: `${f.label[lang]}${f.required ? ' *' : ''}`,
                                    disabled: used.has(f.name),
                                  })),
                                ]}
                                value={mapping[header] ?? ''}
                                onChange={(v) => setMapping((m) => ({ ...m, [header]: v || null }))}
                                allowDeselect={false}
                                searchable
                                w={260}
                              />
                              {suggested && mapping[header] === suggested && confidence > 0 && (
                                <Badge
                                  size="sm"
                                  variant="light"
                                  color={confidence >= 0.9 ? 'teal' : 'yellow'}
                                  tt="none"
                                  visibleFrom="sm"
                                >
                                  {t('mapping.suggested', { percent: `${Math.round(confidence * 100)} %` })}
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </TableScroll>
              <ConstantValues
                fields={upload.fields}
                mapped={new Set(Object.values(mapping).filter((f): f is string => Boolean(f)))}
                value={constants}
                onChange={setConstants}
                lang={lang}
              />
              {missing.length > 0 && (
                <Alert color="orange" icon={<IconAlertTriangle size={18} />}>
                  {t('mapping.required', { fields: missing.map((f) => f.label[lang]).join(', ') })}
                </Alert>
              )}
              {upload.entity !== 'links' && (
                <Stack gap={4}>
                  <Text size="sm" fw={500} id="import-duplicates">
                    {t('mapping.duplicates')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby="import-duplicates"
                    value={duplicates}
                    onChange={(v) => setDuplicates(v === 'merge' ? 'merge' : 'skip')}
                    data={[
                      { value: 'skip', label: t('mapping.duplicatesSkip') },
                      { value: 'merge', label: t('mapping.duplicatesMerge') },
                    ]}
                    style={{ alignSelf: 'flex-start' }}
                  />
                </Stack>
              )}
              <ProblemAlert error={check.error} />
              <Group>
                <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={reset}>
                  {tc('actions.back')}
                </Button>
                <Button
                  onClick={() => check.mutate()}
                  loading={check.isPending || validating !== null}
                  disabled={missing.length > 0}
                >
                  {t('mapping.dryRun')}
                </Button>
              </Group>
              {validating && <ValidationProgress job={validating} />}
              {dryRunError && (
                <Alert color="red" icon={<IconAlertTriangle size={16} />}>
                  {t('check.failed', {
                    reason: t(`rowErrors.${dryRunError.code.replace(/^import\./, '')}`, {
                      defaultValue: dryRunError.message,
                    }),
                  })}
                </Alert>
              )}
            </Stack>
          )}
        </Stepper.Step>

        <Stepper.Step label={t('steps.check')} description={t('steps.checkHint')}>
          {dry && upload && (
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
                      value={reviewDefault}
                      onChange={(v) => setReviewDefault((v as ReviewDecision | null) ?? null)}
                      clearable
                      maw={320}
                    />
                  </Stack>
                </Alert>
              )}
              {dry.rows.length > 0 && (
                <PlannedRows
                  rows={dry.rows}
                  entity={upload.entity}
                  decisions={decisions}
                  onDecide={(row, d) => setDecisions((all) => ({ ...all, [String(row)]: d ?? undefined }))}
                />
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
              <ProblemAlert error={run.error} />
              <Group>
                <Button variant="default" leftSection={<IconArrowLeft size={16} />} onClick={() => setChecking(false)}>
                  {tc('actions.back')}
                </Button>
                <Button
                  leftSection={<IconPlayerPlay size={16} />}
                  onClick={() => run.mutate()}
                  loading={run.isPending}
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
          )}
        </Stepper.Step>

        <Stepper.Step label={t('steps.run')} description={t('steps.runHint')} loading={active === 3}>
          <Stack gap="md" mt="md">
            <ProblemAlert error={job.error} />
            {job.data && <JobProgress job={job.data} />}
          </Stack>
        </Stepper.Step>

        <Stepper.Completed>
          <Stack gap="md" mt="md">
            {job.data && <JobReport job={job.data} onAgain={reset} fieldLabel={fieldLabel} />}
          </Stack>
        </Stepper.Completed>
      </Stepper>
    </Card>
  );
}

function Figure({ label, value, color }: { label: string; value: number; color?: string }) {
  const fmt = useFormat();
  return (
    <Card withBorder padding="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={color}>
        {fmt.number(value)}
      </Text>
    </Card>
  );
}

/** The dry run's progress: rows checked out of the file's rows. */
function ValidationProgress({ job }: { job: Job }) {
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

function JobProgress({ job }: { job: Job }) {
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

function JobReport({
  job,
  onAgain,
  fieldLabel,
}: {
  job: Job;
  onAgain: () => void;
  fieldLabel: (name: string) => string;
}) {
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

function RowErrors({
  title,
  errors,
  truncated,
  fieldLabel,
}: {
  title: string;
  errors: DryRun['errors'];
  truncated: boolean;
  fieldLabel: (name: string) => string;
}) {
  const { t } = useTranslation('imports');
  const shown = errors.slice(0, 200);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {title} ({errors.length})
      </Text>
      <ScrollArea.Autosize mah={320} type="auto">
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={70}>{t('check.row')}</Table.Th>
              <Table.Th w={160}>{t('check.field')}</Table.Th>
              <Table.Th>{t('check.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              <Table.Tr key={`${e.row}:${e.field ?? ''}:${e.code}`}>
                <Table.Td>{e.row}</Table.Td>
                <Table.Td>{e.field ? fieldLabel(e.field) : '—'}</Table.Td>
                <Table.Td>
                  {/* The server's message is English: shown only for a code the app has no words for. */}
                  {t(`rowErrors.${e.code.replace(/^import\./, '')}`, { defaultValue: e.message })}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {(truncated || errors.length > shown.length) && (
        <Text size="xs" c="dimmed">
          {t('check.truncated')}
        </Text>
      )}
    </Stack>
  );
}

function Preview({ rows, fieldLabel }: { rows: Record<string, unknown>[]; fieldLabel: (name: string) => string }) {
  const { t } = useTranslation('imports');
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].slice(0, 8);
  const cell = (v: unknown) =>
    v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(', ') : String(v);
  return (
    <Stack gap="xs">
      <Text fw={600} size="sm">
        {t('check.preview')}
      </Text>
      <TableScroll minWidth={560}>
        <Table striped verticalSpacing={4} fz="sm">
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c}>{fieldLabel(c)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.slice(0, 5).map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no id
              <Table.Tr key={i}>
                {columns.map((c) => (
                  <Table.Td key={c}>{cell(r[c])}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
    </Stack>
  );
}
