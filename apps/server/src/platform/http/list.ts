import { z } from 'zod';
import { AppError } from '../errors.ts';

/** A filter that takes one or several comma-separated values: `?type=client,investisseur`. */
export function multi<T extends z.ZodType>(item: T, max = 50) {
  return z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : v,
    z.array(item).min(1).max(max),
  );
}

/** Most ids a selection (`?ids=`) may name. */
export const MAX_SELECTED_IDS = 500;

/** Query parameters every list shares: `?limit=&cursor=&sort=&q=&ids=`. */
export const listQueryBase = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1-200)'),
  cursor: z.string().min(1).max(512).optional().describe('`nextCursor` of the previous page'),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/)
    .optional()
    .describe('A sortable field, `-field` for descending'),
  q: z.string().trim().min(1).max(200).optional().describe('Search: accent- and case-insensitive, typo-tolerant'),
  ids: multi(z.uuid(), MAX_SELECTED_IDS)
    .optional()
    .describe(
      `Selection: only these ids (comma-separated, at most ${MAX_SELECTED_IDS}), with the other filters and the caller’s scope`,
    ),
});

export const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const dateQuery = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((v) => new Date(v));

/**
 * A range filter whose lower bound is above its upper bound (`aumMin=10&aumMax=5`): 400 `list.invalid_range` naming
 * both parameters, rather than an empty list the user cannot explain. Checked by the repositories, since a refined
 * query schema could no longer be extended by its route (`expand`).
 */
export function assertRange<T extends number | Date>(
  from: T | undefined,
  to: T | undefined,
  names: { from: string; to: string },
): void {
  if (from === undefined || to === undefined || Number(from) <= Number(to)) return;
  throw new AppError('list.invalid_range', `${names.from} is beyond ${names.to}: an empty range`, {
    fields: [
      { path: `querystring.${names.from}`, message: `not above ${names.to}`, code: 'invalid_range' },
      { path: `querystring.${names.to}`, message: `not below ${names.from}`, code: 'invalid_range' },
    ],
  });
}

/** The envelope of every list answer. */
export function listResponse<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('Pass as `cursor` to get the next page; null on the last page'),
    total: z.number().int().describe('Rows matching the filters (all pages)'),
    totalIsEstimate: z
      .boolean()
      .optional()
      .describe("true when more than 1,000 rows match and `total` is the database's estimate: show it as approximate"),
  });
}

export const idParams = z.object({ id: z.uuid() });

/** Per-row outcome of a bulk action. */
export const bulkReport = z.object({
  succeeded: z.array(z.uuid()),
  failed: z.array(z.object({ id: z.string(), code: z.string(), message: z.string() })),
});
export type BulkReport = z.infer<typeof bulkReport>;
export const bulkIds = z.array(z.uuid()).min(1).max(500);
