import type { ReactNode } from 'react';

/** Entities with a list, bulk routes, an export and saved views (their path segment under /api/v1). */
export type ListEntity = 'organisations' | 'people' | 'mandats' | 'produits' | 'tasks';

export interface Column<T> {
  /** Stable name, used by the column chooser and saved views. */
  key: string;
  label: string;
  render: (row: T) => ReactNode;
  /** The API's sort key when the column can be sorted. */
  sort?: string;
  /** Hidden until the user shows it with the column chooser. */
  hidden?: boolean;
  width?: number | string;
}

export type Option = { value: string; label: string };

/** One filter of the list; its value goes to the list query string under `key` (or `from`/`to`). */
export const isRange = (f: Filter): f is Extract<Filter, { from: string }> =>
  f.kind === 'dateRange' || f.kind === 'dayRange' || f.kind === 'numberRange';

export type Filter =
  | { kind: 'select'; key: string; label: string; options: Option[]; multiple?: boolean }
  | { kind: 'text'; key: string; label: string; description?: string }
  /** A whole number (`?inactiveDays=30`); `chip` words the active value ("sans activité depuis 30 jours"). */
  | { kind: 'number'; key: string; label: string; min: number; max: number; chip?: (value: number) => string }
  | { kind: 'boolean'; key: string; label: string }
  | { kind: 'user'; key: string; label: string }
  /** Instants (`closedFrom`): the first and last instants of the Paris days picked. */
  | { kind: 'dateRange'; key: string; label: string; from: string; to: string }
  /** Calendar days (`expectedCloseFrom=2026-12-01`), for date fields without a time. */
  | { kind: 'dayRange'; key: string; label: string; from: string; to: string }
  | { kind: 'numberRange'; key: string; label: string; from: string; to: string };

/**
 * A field the bulk edit can set on every selected row, built from the server's field descriptions
 * (`GET /meta/entities/{entity}/fields`) and the list's hints (bulk-fields.ts). `nullable`: it may be emptied.
 */
export type BulkField = {
  key: string;
  label: string;
  nullable: boolean;
} /** `numeric`: a number offered as choices (a tier), sent as a number. */ & (
  | { kind: 'select'; options: Option[]; numeric?: boolean }
  | { kind: 'user' }
  | { kind: 'boolean' }
  | { kind: 'text' }
  | { kind: 'number'; integer: boolean }
  | { kind: 'date' }
  | { kind: 'datetime' }
  /** A tag list: tags added to and removed from each row's own tags. */
  | { kind: 'tags' }
);

/**
 * What a list says of a field it shows, for the bulk edit: its label, and the labelled choices of an enum (a choice
 * left out is not offered: a mandate's "perdu" needs a reason) or of a coded text (a country).
 */
export interface BulkHint {
  label: string;
  options?: Option[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  /** The server's estimate (more than 1,000 rows match): shown as approximate. */
  totalIsEstimate?: boolean;
}
