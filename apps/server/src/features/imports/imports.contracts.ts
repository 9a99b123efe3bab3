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

export const DryRunBodySchema = z.object({
  mapping: MappingSchema,
  duplicates: z.enum(DUPLICATE_MODES).default('skip').describe('Rows matching an existing record: skip or merge'),
});
export type DryRunBody = z.infer<typeof DryRunBodySchema>;

const RowErrorSchema = z.object({
  row: z.number().int().describe('Row number as the spreadsheet shows it (header and notes counted)'),
  field: z.string().optional(),
  code: z.string(),
  message: z.string(),
});
export type ImportRowError = z.infer<typeof RowErrorSchema>;

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
  })
  .meta({ id: 'ImportDryRun' });
export type DryRunReport = z.infer<typeof DryRunReportSchema>;

const ProblemCodeSchema = z.object({ code: z.string(), message: z.string() });

export const ImportReportSchema = z
  .object({
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    errors: z
      .array(RowErrorSchema)
      .describe(
        'Why rows failed; also rows skipped for a person to review (`import.possible_duplicate`: close to an existing organisation but not merged)',
      ),
    errorsTruncated: z.boolean().optional(),
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
}
