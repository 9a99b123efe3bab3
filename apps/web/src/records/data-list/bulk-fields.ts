/**
 * The bulk edit's form model: which fields it offers (from the server's field descriptions and the list's hints) and
 * what it sends (`POST /<entity>/bulk-update`). Pure, unit-tested (bulk-fields.test.ts).
 */
import type { Schemas } from '../../api/client.ts';
import { fromParisWall } from '../../app/paris-time.ts';
import type { BulkField, BulkHint } from './types.ts';

/** A field as `GET /meta/entities/{entity}/fields` describes it (the OpenAPI type: what the server sends). */
export type FieldDescription = Pick<Schemas['EntityField'], 'name' | 'type' | 'values' | 'nullable' | 'writable'>;

/** The users a record can be handed to: the id fields a user picker sets. */
const USER_FIELDS = new Set(['ownerId', 'assigneeId']);

/** The control of one described field, or null when a bulk edit has none for it (long texts, links, lists). */
function control(d: FieldDescription, hint: BulkHint): BulkField | null {
  const base = { key: d.name, label: hint.label, nullable: d.nullable };
  switch (d.type) {
    case 'enum': {
      const allowed = new Set(d.values ?? []);
      const options = hint.options
        ? hint.options.filter((o) => allowed.has(o.value))
        : [...allowed].map((v) => ({ value: v, label: v }));
      return options.length ? { ...base, kind: 'select', options } : null;
    }
    case 'id':
      return USER_FIELDS.has(d.name) ? { ...base, kind: 'user' } : null;
    case 'boolean':
      return { ...base, kind: 'boolean', nullable: false };
    case 'integer':
    case 'number':
      return hint.options
        ? { ...base, kind: 'select', options: hint.options, numeric: true }
        : { ...base, kind: 'number', integer: d.type === 'integer' };
    case 'string':
    case 'email':
    case 'url':
      return hint.options ? { ...base, kind: 'select', options: hint.options } : { ...base, kind: 'text' };
    case 'date':
      return { ...base, kind: 'date' };
    case 'datetime':
      return { ...base, kind: 'datetime' };
    case 'list':
      return d.name === 'tags' ? { ...base, kind: 'tags', nullable: false } : null;
    default:
      return null; // `text`: notes and descriptions are not set in bulk
  }
}

/**
 * The fields a bulk edit offers: those the list shows (a hint names them, in the hints' order) that the server
 * describes as writable by the caller, each with a control for its type.
 */
export function bulkFieldsFrom(
  descriptions: readonly FieldDescription[],
  hints: Record<string, BulkHint>,
): BulkField[] {
  const byName = new Map(descriptions.map((d) => [d.name, d]));
  return Object.entries(hints).flatMap(([name, hint]) => {
    const d = byName.get(name);
    if (!d?.writable) return [];
    const field = control(d, hint);
    return field ? [field] : [];
  });
}

/** The value a control holds: nothing chosen yet (undefined), emptied (null), or a value of its kind. */
export type BulkValue = string | number | boolean | null | undefined | TagsChange;
export interface TagsChange {
  add: string[];
  remove: string[];
}

/** Whether the form can be sent: a value chosen (or an emptied nullable field, or at least one tag to change). */
export function isReady(field: BulkField, value: BulkValue): boolean {
  if (field.kind === 'tags') {
    const v = value as TagsChange | undefined;
    return !!v && v.add.length + v.remove.length > 0;
  }
  if (field.kind === 'boolean') return typeof value === 'boolean';
  if (value === null) return field.nullable;
  if (value === undefined) return false;
  if (field.kind === 'text') return typeof value === 'string' && value.trim() !== '';
  if (field.kind === 'datetime') return typeof value === 'string' && fromParisWall(value) !== null;
  return true;
}

/** The body of `POST /<entity>/bulk-update` for one field and its value (`tags`: added and removed per row). */
export function bulkRequest(
  ids: string[],
  field: BulkField,
  value: BulkValue,
): { ids: string[]; patch: Record<string, unknown>; tags?: TagsChange } {
  if (field.kind === 'tags') {
    const v = (value as TagsChange | undefined) ?? { add: [], remove: [] };
    return { ids, patch: {}, tags: { add: v.add, remove: v.remove } };
  }
  return { ids, patch: { [field.key]: patchValue(field, value) } };
}

function patchValue(field: BulkField, value: BulkValue): unknown {
  if (value === null || value === undefined) return null;
  switch (field.kind) {
    case 'text':
      return String(value).trim();
    case 'number':
      return Number(value);
    case 'select':
      // A number offered as a choice (tier 1, 2, 3) travels as a number.
      return field.numeric ? Number(value) : value;
    case 'date':
      return String(value).slice(0, 10);
    case 'datetime':
      return fromParisWall(String(value));
    default:
      return value;
  }
}
