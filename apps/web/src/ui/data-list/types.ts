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
export type Filter =
  | { kind: 'select'; key: string; label: string; options: Option[]; multiple?: boolean }
  | { kind: 'text'; key: string; label: string; description?: string }
  /** A whole number (`?inactiveDays=30`); `chip` words the active value ("sans activité depuis 30 jours"). */
  | { kind: 'number'; key: string; label: string; min: number; max: number; chip?: (value: number) => string }
  | { kind: 'boolean'; key: string; label: string }
  | { kind: 'user'; key: string; label: string }
  | { kind: 'dateRange'; key: string; label: string; from: string; to: string }
  | { kind: 'numberRange'; key: string; label: string; from: string; to: string };

/** A field the bulk edit can set on every selected row. */
export type BulkField =
  | { kind: 'select'; key: string; label: string; options: Option[] }
  | { kind: 'user'; key: string; label: string }
  | { kind: 'boolean'; key: string; label: string }
  | { kind: 'text'; key: string; label: string; description?: string }
  /** A whole number (`?inactiveDays=30`); `chip` words the active value ("sans activité depuis 30 jours"). */
  | { kind: 'number'; key: string; label: string; min: number; max: number; chip?: (value: number) => string };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
  /** The server's estimate (more than 1,000 rows match): shown as approximate. */
  totalIsEstimate?: boolean;
}
