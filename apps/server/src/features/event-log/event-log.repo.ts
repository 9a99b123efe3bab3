import { and, desc, gte, inArray, lt, lte, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.ts';
import { events } from '../../platform/events/events.schema.ts';

export async function listEvents(
  db: Queryable,
  f: { types?: string[]; from?: Date; to?: Date; beforeId?: string; limit: number },
) {
  const where: SQL[] = [];
  if (f.types) where.push(inArray(events.type, f.types));
  if (f.from) where.push(gte(events.occurredAt, f.from));
  if (f.to) where.push(lte(events.occurredAt, f.to));
  // Event ids are UUIDv7: ordering by id is ordering by time.
  if (f.beforeId) where.push(lt(events.id, f.beforeId));
  return db
    .select()
    .from(events)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(events.id))
    .limit(f.limit + 1);
}
