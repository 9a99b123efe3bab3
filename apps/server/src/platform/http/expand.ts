/**
 * The schemas of `?expand=` on lists: the parameter and the expanded item fields (resolved by
 * platform/entities/expand.ts; docs/ARCHITECTURE.md, "Lists").
 */
import { z } from 'zod';
import { multi } from './list.ts';

export const ExpandedOwnerSchema = z
  .object({ id: z.uuid(), name: z.string(), email: z.string() })
  .meta({ id: 'ExpandedOwner' });
export const ExpandedRecordSchema = z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'ExpandedRecord' });

const expandedDescriptions = {
  organisation:
    'With `expand=organisation`: the organisation (`id`, `name`); null when none, or one the caller may not see',
  owner:
    'With `expand=owner`: the owner (`id`, `name`, `email`); null when none, or outside the caller’s user directory',
};

/** The item fields a list may expand, for its response schema (present only when asked for). */
export const expandedFields = {
  organisation: ExpandedRecordSchema.nullable().optional().describe(expandedDescriptions.organisation),
  owner: ExpandedOwnerSchema.nullable().optional().describe(expandedDescriptions.owner),
};

/** The `expand` query parameter of a list: some of `names`, comma-separated; anything else is a 400. */
export function expandParam<const T extends readonly [string, ...string[]]>(names: T) {
  return multi(z.enum(names), names.length)
    .optional()
    .describe(
      `Related records added to each item: ${names.join(', ')} (comma-separated; one query each per page, within ` +
        'the caller’s scope). Answers with `expand` are not kept in the read cache.',
    );
}
