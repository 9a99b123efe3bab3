import type { Queryable } from '../db/client.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../db/scrub.ts';
import { events } from './events.schema.ts';

/**
 * RGPD erasure: the erased person's values replaced in the event log's payloads (docs/DOMAIN.md, "Anonymisation"),
 * including their first and last name in the payloads that hold their id; returns how many events changed. Handlers
 * that have not run yet read the scrubbed payload.
 */
export function scrubEventPayloads(db: Queryable, e: ErasureSql, opts: ScrubOptions = {}): Promise<string[]> {
  return scrubColumns(db, events, { payload: 'json' }, e, opts);
}
