import type { Readable } from 'node:stream';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { ListFunction, ListPage } from '../../platform/entities/entity.ts';
import { type CsvDialect, csvExportStream, type ExportColumn, xlsxExportStream } from '../../platform/tabular/index.ts';

const PAGE = 500;

/**
 * Walks every page of a list (the same scoped query the list endpoint runs), one page in memory at a time, starting
 * from a first page already read.
 */
async function* allRows(
  ctx: Ctx,
  list: ListFunction,
  filter: Record<string, unknown>,
  first: ListPage,
): AsyncGenerator<Record<string, unknown>> {
  let page = first;
  for (;;) {
    for (const row of page.rows ?? page.items ?? []) yield row as Record<string, unknown>;
    if (!page.nextCursor) return;
    page = await list(ctx, { ...filter, limit: PAGE, cursor: page.nextCursor });
  }
}

/** The rows, counted: once the last one is written, the download is a product-analytics event (docs/ANALYTICS.md). */
async function* downloaded(
  ctx: Ctx,
  input: { entity: string; format: 'csv' | 'xlsx' },
  rows: AsyncGenerator<Record<string, unknown>>,
): AsyncGenerator<Record<string, unknown>> {
  let n = 0;
  for await (const row of rows) {
    n++;
    yield row;
  }
  ctx.deps.analytics?.capture(ctx.actor.userId, 'export_downloaded', {
    entity: input.entity,
    format: input.format,
    rows: n,
  });
}

/**
 * Reads the first page, audits the export (who, what, which filters), then streams it: the other rows are fetched
 * as the client reads. Reading the first page before any byte is sent runs every check of the list (sort, search,
 * filters), so a bad parameter is a problem+json answer (400 `list.invalid_sort`...), never a download cut short.
 */
export async function exportList(
  ctx: Ctx,
  input: {
    entity: string;
    format: 'csv' | 'xlsx';
    /** CSV only (csv-export.ts). */
    dialect?: CsvDialect;
    filter: Record<string, unknown>;
    columns: ExportColumn<Record<string, unknown>>[];
    list: ListFunction;
  },
): Promise<{ stream: Readable; contentType: string; fileName: string }> {
  const first = await input.list(ctx, { ...input.filter, limit: PAGE });
  await withTx(ctx, (t) =>
    audit(t, {
      entityType: input.entity,
      action: 'export',
      metadata: { format: input.format, dialect: input.dialect ?? 'standard', filter: input.filter },
    }),
  );
  const rows = downloaded(ctx, input, allRows(ctx, input.list, input.filter, first));
  const day = ctx.deps.clock.now().toISOString().slice(0, 10);
  return input.format === 'csv'
    ? {
        stream: csvExportStream(input.columns, rows, { dialect: input.dialect }),
        contentType: 'text/csv; charset=utf-8',
        fileName: `${input.entity}-${day}.csv`,
      }
    : {
        stream: xlsxExportStream(input.columns, rows, { sheetName: input.entity }),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `${input.entity}-${day}.xlsx`,
      };
}
