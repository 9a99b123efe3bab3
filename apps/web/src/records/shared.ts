import type { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client.ts';
import { RECORDS } from '../app/records.ts';
import { fieldProblem } from '../ui/ProblemAlert.tsx';

/** Records that carry a timeline, notes, files and tasks. */
export type ActivityEntity = 'organisation' | 'person' | 'mandat';

/** The records an interaction or a task is linked to (each optional). */
export interface ActivityLinks {
  organisationId?: string | null;
  personId?: string | null;
  mandatId?: string | null;
}

/** The API path segment (and the first part of query keys) of each entity (app/records.ts). */
export const SEGMENT = {
  organisation: RECORDS.organisation.segment,
  person: RECORDS.person.segment,
  mandat: RECORDS.mandat.segment,
} as const;
export type Segment = (typeof SEGMENT)[ActivityEntity];

/** The key of the links object that points at an entity. */
export const LINK_KEY = {
  organisation: RECORDS.organisation.linkKey,
  person: RECORDS.person.linkKey,
  mandat: RECORDS.mandat.linkKey,
} as const;

/** The page of a record in the app. */
export const RECORD_PATH = {
  organisation: RECORDS.organisation.page,
  person: RECORDS.person.page,
  mandat: RECORDS.mandat.page,
} as const;

/** The links of the record a component is opened from: `{ organisationId: id }` for an organisation. */
export function linksOf(entity: ActivityEntity, id: string): ActivityLinks {
  return { [LINK_KEY[entity]]: id };
}

/** Refreshes what an interaction, a note or a task touches: lists, timelines and the linked records. */
export function invalidateActivity(queryClient: QueryClient, links: ActivityLinks, extra: string[] = []) {
  const keys: unknown[][] = [['interactions'], ['tasks'], ...extra.map((k) => [k])];
  if (links.organisationId) keys.push(['organisations', links.organisationId]);
  if (links.personId) keys.push(['people', links.personId]);
  if (links.mandatId) keys.push(['mandats', links.mandatId]);
  for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
  // An item may show on the timeline of a record it is not directly linked to (participants, mandates).
  void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[2] === 'timeline' });
}

/** Note bodies are sanitised HTML: shown and edited as plain text (no markup from the server is rendered). */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<li[^>]*>/gi, '• ');
  const doc = new DOMParser().parseFromString(withBreaks, 'text/html');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}

/** Plain text to the HTML the notes API stores: escaped, one paragraph per line. */
export function textToHtml(text: string): string {
  const esc = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return text
    .trim()
    .split(/\n/)
    .map((line) => `<p>${esc(line) || '<br>'}</p>`)
    .join('');
}

/**
 * Validation errors of the API (`body.title: …`) as form errors keyed by field, so each message shows under its
 * input. Fields not in `known` are left out (ProblemAlert lists them all anyway).
 */
export function fieldErrors(error: unknown, known: readonly string[]): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of error.fields) {
    const key = f.path.replace(/^(body|query|params)\.?/, '').split(/[.[]/)[0] ?? '';
    if (known.includes(key) && !out[key]) out[key] = fieldProblem(f);
  }
  return out;
}

/** A local `YYYY-MM-DD HH:mm:ss` value of Mantine's pickers to an ISO date-time with offset. */
export function pickerToIso(value: string | Date | null | undefined): string | null {
  if (!value) return null;
  const d = value instanceof Date ? value : new Date(value.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** A date as the local `YYYY-MM-DD HH:mm:ss` string Mantine's pickers take. */
export function toPickerValue(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:00`;
}

export function formatBytes(bytes: number, locale: string): string {
  const units = locale.startsWith('fr') ? ['o', 'Ko', 'Mo', 'Go'] : ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let i = 0;
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024;
    i++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: i === 0 ? 0 : 1 }).format(n)} ${units[i]}`;
}
