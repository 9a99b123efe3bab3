import type { ZObject } from 'zapier-platform-core';

/**
 * Turning Zapier's input values (strings typed or mapped by the user, sometimes numbers or booleans) into the JSON
 * the CRM's API validates. An empty value means "not given": it is left out of the request.
 */
export type Input = Record<string, unknown>;

export function isGiven(v: unknown): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'string') return v.trim() !== '';
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

export function text(v: unknown): string | undefined {
  return isGiven(v) ? String(v).trim() : undefined;
}

const TRUE = new Set(['true', 'yes', 'y', '1', 'on', 'oui']);
const FALSE = new Set(['false', 'no', 'n', '0', 'off', 'non']);

export function bool(z: ZObject, field: string, v: unknown): boolean | undefined {
  if (!isGiven(v)) return undefined;
  if (typeof v === 'boolean') return v;
  const s = String(v).trim().toLowerCase();
  if (TRUE.has(s)) return true;
  if (FALSE.has(s)) return false;
  throw new z.errors.Error(`"${field}" must be yes or no, not "${String(v)}"`, 'input.invalid', 400);
}

export function integer(z: ZObject, field: string, v: unknown): number | undefined {
  if (!isGiven(v)) return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim());
  if (!Number.isInteger(n))
    throw new z.errors.Error(`"${field}" must be a whole number, not "${String(v)}"`, 'input.invalid', 400);
  return n;
}

/** A decimal amount as the API wants it (a string with a dot): "1 250 000,50" and "1250000.5" both work. */
export function decimal(z: ZObject, field: string, v: unknown): string | undefined {
  if (!isGiven(v)) return undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const s = String(v)
    .trim()
    .replace(/[\s\u00a0\u202f']/g, '')
    .replace(/^(-?\d+),(\d{1,2})$/, '$1.$2');
  if (!/^-?\d+(\.\d+)?$/.test(s)) {
    throw new z.errors.Error(`"${field}" must be a number (e.g. 1250000.50), not "${String(v)}"`, 'input.invalid', 400);
  }
  const [whole, frac = ''] = s.split('.');
  return frac.length > 2 ? Number(s).toFixed(2) : `${whole}${frac ? `.${frac}` : ''}`;
}

/** An ISO 8601 instant with its offset (`2026-11-24T09:30:00.000Z`) from what Zapier's datetime field gives. */
export function instant(z: ZObject, field: string, v: unknown): string | undefined {
  if (!isGiven(v)) return undefined;
  const d = typeof v === 'number' ? new Date(v) : new Date(String(v).trim());
  if (Number.isNaN(d.getTime())) {
    throw new z.errors.Error(`"${field}" must be a date and time, not "${String(v)}"`, 'input.invalid', 400);
  }
  return d.toISOString();
}

/** A calendar date (`2026-12-15`): the date part of an ISO value, or the UTC date of another date format. */
export function calendarDate(z: ZObject, field: string, v: unknown): string | undefined {
  if (!isGiven(v)) return undefined;
  const s = String(v).trim();
  const iso = s.match(/^(\d{4}-\d{2}-\d{2})(?:$|[T ])/);
  if (iso) return iso[1];
  const d = new Date(s);
  if (Number.isNaN(d.getTime()))
    throw new z.errors.Error(`"${field}" must be a date, not "${s}"`, 'input.invalid', 400);
  return d.toISOString().slice(0, 10);
}

/** A list field: Zapier gives an array, or a comma-separated string when one value is mapped. */
export function list(v: unknown): string[] | undefined {
  if (!isGiven(v)) return undefined;
  const items = (Array.isArray(v) ? v : String(v).split(',')).map((s) => String(s).trim()).filter(Boolean);
  return items.length ? items : undefined;
}

/** The object without its undefined values (what was not given is not sent). */
export function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
