import { z } from 'zod';
import { IMPORT_TARGETS } from './import-fields.ts';

export const IMPORT_STATUSES = ['uploaded', 'validating', 'validated', 'queued', 'running', 'done', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const DUPLICATE_MODES = ['skip', 'merge'] as const;
export type DuplicateMode = (typeof DUPLICATE_MODES)[number];

export const ImportEntitySchema = z.enum(IMPORT_TARGETS);

const FieldOptionSchema = z.object({
  value: z.string(),
  label: z.object({ fr: z.string(), en: z.string() }),
  aliases: z.array(z.string()),
});
export const ImportFieldSchema = z.object({
  name: z.string(),
  label: z.object({ fr: z.string(), en: z.string() }),
  kind: z.string(),
  required: z.boolean().optional(),
  synonyms: z.array(z.string()),
  options: z.array(FieldOptionSchema).optional(),
});

export const MappingSchema = z
  .record(z.string().max(300), z.string().max(100).nullable())
  .describe('Column header -> field name of the entity (null: column not imported)');
export type Mapping = z.infer<typeof MappingSchema>;

export const UploadResultSchema = z
  .object({
    id: z.uuid(),
    entity: ImportEntitySchema,
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    headers: z.array(z.string()),
    rowCount: z.number().int(),
    skippedPreambleLines: z.number().int(),
    linkedin: z.boolean().describe('The file is a LinkedIn Connections.csv export'),
    suggestedMapping: MappingSchema,
    confidence: z.record(z.string(), z.number()),
    fields: z.array(ImportFieldSchema),
  })
  .meta({ id: 'ImportUpload' });

export const ConstantsSchema = z
  .record(z.string().max(100), z.string().trim().min(1).max(20_000))
  .describe('Field name -> a value for every row (checked like a mapped column; a field is mapped or constant)');

/** What a row the dry run proposes for review becomes: created anyway, merged into its best match, or skipped. */
export const REVIEW_DECISIONS = ['create', 'merge', 'skip'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const DryRunBodySchema = z.object({
  mapping: MappingSchema,
  duplicates: z.enum(DUPLICATE_MODES).default('skip').describe('Rows matching an existing record: skip or merge'),
  constants: ConstantsSchema.default({}),
});
export type DryRunBody = z.infer<typeof DryRunBodySchema>;

const RowErrorSchema = z.object({
  row: z.number().int().describe('Row number as the spreadsheet shows it (header and notes counted)'),
  field: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof RowErrorSchema>;

/** The record (or the earlier row of the file) a row was matched with. */
const MatchSchema = z.object({
  id: z.uuid().nullable().describe('The record; null for an earlier row of the file that the dry run has not imported'),
  label: z.string().describe('Its name, as the lists show it'),
  row: z.number().int().optional().describe('The earlier row of the file it repeats (in-file duplicates)'),
});
export type ImportMatch = z.infer<typeof MatchSchema>;

/** The stable reason codes of a matched row (DOMAIN.md "Imports"). */
export const MATCH_CODES = [
  'import.duplicate_email',
  'import.duplicate_name',
  'import.duplicate_in_file',
  'import.similar_organisation',
  'import.possible_same_person',
] as const;
export type MatchCode = (typeof MATCH_CODES)[number];

const PlannedRowSchema = z.object({
  row: z.number().int().describe('Row number as the spreadsheet shows it'),
  action: z
    .enum(['skip', 'merge', 'review'])
    .describe('skip or merge (a duplicate, per the duplicate mode) or review (a person chooses before the run)'),
  code: z.enum(MATCH_CODES),
  message: z.string(),
  match: MatchSchema.describe('The duplicate, or the best candidate of a row to review'),
  candidates: z.array(MatchSchema).optional().describe('Every candidate of a row to review, best first'),
});
export type PlannedRow = z.infer<typeof PlannedRowSchema>;

const OutcomeCountsSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  skipped: z.number().int(),
  failed: z.number().int(),
});

export const DryRunReportSchema = z
  .object({
    total: z.number().int(),
    valid: z.number().int(),
    invalid: z.number().int(),
    duplicates: z
      .number()
      .int()
      .nullable()
      .describe('Valid rows that match an existing record (organisations by name, people by e-mail); null for links'),
    errors: z.array(RowErrorSchema),
    errorsTruncated: z.boolean(),
    preview: z.array(z.record(z.string(), z.unknown())),
    predicted: OutcomeCountsSchema.extend({
      review: z.number().int().describe('Rows waiting for a decision (each becomes created, updated or skipped)'),
    })
      .nullable()
      .describe('What the run will do, row for row (the rows to review apart); null for links'),
    rows: z.array(PlannedRowSchema).describe('Every row that will be skipped or merged, or is to review'),
  })
  .meta({ id: 'ImportDryRun' });
export type DryRunReport = z.infer<typeof DryRunReportSchema>;

const RunBodyReviewSchema = z.object({
  default: z.enum(REVIEW_DECISIONS).optional().describe('For every row to review without a decision of its own'),
  rows: z
    .record(z.string().regex(/^\d{1,7}$/), z.enum(REVIEW_DECISIONS))
    .optional()
    .describe('Row number -> decision'),
});

export const RunBodySchema = z
  .object({ review: RunBodyReviewSchema.optional() })
  .optional()
  .describe('Needed when the dry run proposed rows for review: what becomes of each');
export type RunBody = z.infer<typeof RunBodySchema>;

const ReportRowSchema = z.object({
  row: z.number().int(),
  outcome: z.enum(['created', 'updated', 'skipped']),
  code: z.enum(MATCH_CODES),
  message: z.string(),
  match: MatchSchema.nullable(),
  decision: z.enum(REVIEW_DECISIONS).optional().describe('What was chosen for a row to review'),
  fields: z.array(z.string()).optional().describe('Fields of the record filled by a merge (none: nothing new)'),
});
export type ImportReportRow = z.infer<typeof ReportRowSchema>;

const ProblemCodeSchema = z.object({ code: z.string(), message: z.string() });

export const ImportReportSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int().describe('Rows merged into an existing record (filling its empty fields, if any)'),
    skipped: z.number().int(),
    failed: z.number().int(),
    errors: z.array(RowErrorSchema).describe('Why rows failed'),
    errorsTruncated: z.boolean().optional(),
    rows: z
      .array(ReportRowSchema)
      .describe('Every row skipped or merged as a duplicate, and every row to review with what was chosen'),
    rowsTruncated: z.boolean().optional(),
  })
  .meta({ id: 'ImportReport' });
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const ImportJobSchema = z
  .object({
    id: z.uuid(),
    entity: ImportEntitySchema,
    status: z.enum(IMPORT_STATUSES),
    fileName: z.string(),
    format: z.string(),
    headers: z.array(z.string()),
    mapping: MappingSchema.nullable(),
    duplicates: z.enum(DUPLICATE_MODES).nullable(),
    constants: ConstantsSchema,
    review: RunBodyReviewSchema.nullable().describe('The decisions on the rows to review, once the import is started'),
    totalRows: z.number().int(),
    processedRows: z.number().int().describe('Rows checked (`validating`) or imported (`running`) so far'),
    progress: z.number().int().min(0).max(100).describe('Percent of rows processed (dry run, then import)'),
    report: ImportReportSchema.nullable(),
    dryRun: DryRunReportSchema.nullable().describe('The last dry run’s report, once the import is `validated`'),
    dryRunError: ProblemCodeSchema.nullable().describe(
      'Why the last dry run stopped (the file is gone or unreadable); the import is `uploaded` again',
    ),
    createdBy: z.uuid(),
    teamId: z.uuid().nullable(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'ImportJob' });
export type ImportJobDto = z.infer<typeof ImportJobSchema>;

export const ImportListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ImportListSchema = z.object({ items: z.array(ImportJobSchema) });

/** What is kept in import_jobs.options. */
export interface ImportOptions {
  duplicates?: DuplicateMode;
  linkedin?: boolean;
  /** The decisions on the rows the dry run proposed for review (POST /imports/{id}/run). */
  review?: { default?: ReviewDecision; rows?: Record<string, ReviewDecision> };
  /** Field -> a value for every row (mapping-constants.ts). */
  constants?: Record<string, string>;
}

/** The report as stored: the record each row created or merged into, for the rows later rows repeat. */
export type StoredImportReport = ImportReport & { lineRecords?: Record<string, string> };
