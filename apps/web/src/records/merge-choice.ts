/**
 * The first choices of a merge page (two contacts, two organisations), before the user changes any: which record
 * is kept and, field by field, whose value it ends with. A duplicate is most often a record created again by
 * mistake, new and nearly empty, while the older one carries the history: keeping the newer by default would bin
 * the record people know and keep the empty one.
 */

/** The record whose page the merge started from, and the one picked beside it. */
export type MergeSide = 'current' | 'other';

export const otherSide = (side: MergeSide): MergeSide => (side === 'current' ? 'other' : 'current');

/** No value: null, absent, an empty or blank text, an empty list. */
export function isEmptyValue(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

/**
 * The record kept by default: the older one (`createdAt`, an ISO 8601 instant); on the same instant, the one whose
 * page the merge started from.
 */
export function defaultKeptSide(records: Record<MergeSide, { createdAt: string }>): MergeSide {
  return Date.parse(records.other.createdAt) < Date.parse(records.current.createdAt) ? 'other' : 'current';
}

/**
 * Whose value of `field` the kept record ends with by default: its own when it has one (both have one: the kept
 * record's), else the other's when that one has a value, so a merge never drops a value without being asked to.
 */
export function defaultFieldSide<R>(records: Record<MergeSide, R>, kept: MergeSide, field: keyof R): MergeSide {
  const dup = otherSide(kept);
  return isEmptyValue(records[kept][field]) && !isEmptyValue(records[dup][field]) ? dup : kept;
}

/** Every field's default side (`defaultFieldSide`) for the kept record `kept`. */
export function defaultFieldSides<R, F extends keyof R>(
  records: Record<MergeSide, R>,
  kept: MergeSide,
  fields: readonly F[],
): Record<F, MergeSide> {
  return Object.fromEntries(fields.map((f) => [f, defaultFieldSide(records, kept, f)])) as Record<F, MergeSide>;
}
