import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, rawFetch } from '../../../api/client.ts';
import type { ReviewDecision } from '../ImportMatches.tsx';
import { FINISHED, importJobQuery, importKeys, importValidationQuery } from '../queries.ts';
import type { DryRun, ImportEntity, Mapping, Upload } from './types.ts';

/**
 * The import wizard's state: the entity and file, the upload and its column mapping, constant values, the duplicates
 * mode, the dry run (a job, polled) and the decisions on rows to review, the run; `jobId` is a started import.
 */
export function useImportWizard(jobId: string | null, onJob: (id: string | null) => void) {
  const { i18n } = useTranslation('imports');
  const lang: 'fr' | 'en' = i18n.language === 'en' ? 'en' : 'fr';
  const queryClient = useQueryClient();
  const [entity, setEntity] = useState<ImportEntity>('organisations');
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [mapping, setMapping] = useState<Mapping>({});
  const [duplicates, setDuplicates] = useState<'skip' | 'merge'>('skip');
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [decisions, setDecisions] = useState<Record<string, ReviewDecision | undefined>>({});
  const [reviewDefault, setReviewDefault] = useState<ReviewDecision | null>(null);
  const [checking, setChecking] = useState(false);
  const job = useQuery(importJobQuery(jobId, queryClient));
  const validation = useQuery({ ...importValidationQuery(upload?.id), enabled: checking && Boolean(upload) });
  const checked = checking ? validation.data : undefined;
  const dry: DryRun | null = checked?.status === 'validated' ? (checked.dryRun ?? null) : null;

  const filledConstants = Object.fromEntries(Object.entries(constants).filter(([, v]) => v.trim() !== ''));
  const toReview = (dry?.rows ?? []).filter((r) => r.action === 'review');

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
      queryClient.setQueryData(importKeys.validation(upload?.id), queued);
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

  return {
    lang,
    entity,
    setEntity,
    file,
    setFile,
    upload,
    mapping,
    setMapping,
    duplicates,
    setDuplicates,
    constants,
    setConstants,
    decisions,
    decide: (row: number, d: ReviewDecision | null) =>
      setDecisions((all) => ({ ...all, [String(row)]: d ?? undefined })),
    reviewDefault,
    setReviewDefault,
    /** Back from the check to the mapping. */
    uncheck: () => setChecking(false),
    job,
    dry,
    /** The dry run in progress, and why it could not run. */
    validating: checked?.status === 'validating' ? checked : null,
    dryRunError: checked?.status === 'uploaded' ? checked.dryRunError : null,
    send,
    check,
    run,
    reset,
    /** The step shown: file, mapping, check, run, report. */
    active: jobId ? (job.data && FINISHED.has(job.data.status) ? 4 : 3) : dry ? 2 : upload ? 1 : 0,
    fieldLabel: (name: string) => upload?.fields.find((f) => f.name === name)?.label[lang] ?? name,
    /** Required fields neither mapped nor given a constant value. */
    missing: (upload?.fields ?? []).filter(
      (f) => f.required && !Object.values(mapping).includes(f.name) && !(f.name in filledConstants),
    ),
    toReview,
    undecided: toReview.filter((r) => !decisions[String(r.row)] && !reviewDefault).length,
  };
}
export type ImportWizardState = ReturnType<typeof useImportWizard>;
