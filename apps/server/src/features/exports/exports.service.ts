import type { Readable } from 'node:stream';
import { audit } from '../../platform/audit/audit.ts';
import type { Ctx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import { csvExportStream, type ExportColumn, xlsxExportStream } from '../../platform/tabular/index.ts';

/** What the features' list functions return (some name the rows `items`, the HTTP shape). */
export interface ListPage {
  rows?: unknown[];
  items?: unknown[];
  nextCursor: string | null;
}

const PAGE = 500;

/** Walks every page of a list (the same scoped query the list endpoint runs), one page in memory at a time. */
async function* allRows(
  ctx: Ctx,
  list: (ctx: Ctx, filter: Record<string, unknown>) => Promise<ListPage>,
  filter: Record<string, unknown>,
): AsyncGenerator<Record<string, unknown>> {
  let cursor: string | undefined;
  do {
    const page = await list(ctx, { ...filter, limit: PAGE, cursor });
    for (const row of page.rows ?? page.items ?? []) yield row as Record<string, unknown>;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Audits the export (who, what, which filters), then streams it: rows are fetched as the client reads. */
export async function exportList(
  ctx: Ctx,
  input: {
    entity: string;
    format: 'csv' | 'xlsx';
    filter: Record<string, unknown>;
    columns: ExportColumn<Record<string, unknown>>[];
    list: (ctx: Ctx, filter: Record<string, unknown>) => Promise<ListPage>;
  },
): Promise<{ stream: Readable; contentType: string; fileName: string }> {
  await withTx(ctx, (t) =>
    audit(t, { entityType: input.entity, action: 'export', metadata: { format: input.format, filter: input.filter } }),
  );
  const rows = allRows(ctx, input.list, input.filter);
  const day = ctx.deps.clock.now().toISOString().slice(0, 10);
  return input.format === 'csv'
    ? {
        stream: csvExportStream(input.columns, rows),
        contentType: 'text/csv; charset=utf-8',
        fileName: `${input.entity}-${day}.csv`,
      }
    : {
        stream: xlsxExportStream(input.columns, rows, { sheetName: input.entity }),
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        fileName: `${input.entity}-${day}.xlsx`,
      };
}
