import type { EmailTemplate, PreviewRequest, TemplateChange, TemplateCreate } from './queries.ts';

/**
 * The template being edited and what it becomes for the API (pure, unit-tested): the preview request of the live
 * draft, the body of a create, the fields a save changes.
 */

export type Locale = EmailTemplate['locale'];
export const TEMPLATE_LOCALES: readonly Locale[] = ['fr', 'en'];

export interface TemplateValues {
  name: string;
  locale: Locale;
  subject: string;
  preheader: string;
  /** The rich editor's HTML, Liquid variables inside. */
  bodyHtml: string;
}

/** The editor's empty document. */
export const EMPTY_BODY = '<p></p>';

export const emptyValues = (locale: Locale = 'fr'): TemplateValues => ({
  name: '',
  locale,
  subject: '',
  preheader: '',
  bodyHtml: EMPTY_BODY,
});

export const valuesOf = (t: EmailTemplate): TemplateValues => ({
  name: t.name,
  locale: t.locale,
  subject: t.subject,
  preheader: t.preheader,
  bodyHtml: t.bodyHtml,
});

/** Whether the body holds nothing a reader would see (empty paragraphs, spaces, line breaks). */
export function isBlankBody(html: string): boolean {
  return (
    html
      .replace(/<br\s*\/?>/gi, '')
      .replace(/<\/?(p|h[1-6]|blockquote|ul|ol|li|strong|em|u|s)(\s[^>]*)?>/gi, '')
      .replace(/&nbsp;|\s/g, '') === ''
  );
}

/**
 * What the preview renders: the draft as it is now (an empty subject shows as `noSubject`, as mail clients do, since
 * the API wants one), for a contact or for sample values.
 */
export function previewRequest(v: TemplateValues, personId: string | null, noSubject: string): PreviewRequest {
  return {
    ...(personId ? { personId } : {}),
    draft: {
      subject: v.subject.trim() || noSubject,
      preheader: v.preheader.trim(),
      bodyHtml: v.bodyHtml || EMPTY_BODY,
      locale: v.locale,
    },
  };
}

/** A test mail of the draft: the same content as the preview (a test of an empty draft is refused before). */
export const testRequest = (v: TemplateValues, personId: string | null): PreviewRequest =>
  previewRequest(v, personId, v.subject.trim());

/** The body of a create. */
export const createBody = (v: TemplateValues): TemplateCreate => ({
  name: v.name.trim(),
  subject: v.subject.trim(),
  preheader: v.preheader.trim(),
  bodyHtml: v.bodyHtml,
  locale: v.locale,
});

/** The fields a save changes (compared once trimmed, as the API stores them); empty when nothing changed. */
export function changes(saved: TemplateValues, v: TemplateValues): TemplateChange {
  const next = createBody(v);
  const before = createBody(saved);
  const out: TemplateChange = {};
  if (next.name !== before.name) out.name = next.name;
  if (next.subject !== before.subject) out.subject = next.subject;
  if (next.preheader !== before.preheader) out.preheader = next.preheader;
  if (next.bodyHtml !== before.bodyHtml) out.bodyHtml = next.bodyHtml;
  if (next.locale !== before.locale) out.locale = next.locale;
  return out;
}

export const isDirty = (saved: TemplateValues, v: TemplateValues) => Object.keys(changes(saved, v)).length > 0;

/** The API's longest name. */
export const NAME_MAX = 120;

/** The name of a copy: « Newsletter (copie) », then « Newsletter (copie 2) »… among the names taken. */
export function copyName(name: string, taken: readonly string[], copy: (n: number) => string): string {
  // A copy of a copy is named after the original.
  let base = name.trim();
  for (let n = 1; n <= 99; n++) {
    const suffix = ` ${copy(n)}`;
    if (base.endsWith(suffix) && base.length > suffix.length) {
      base = base.slice(0, -suffix.length);
      break;
    }
  }
  for (let n = 1; ; n++) {
    const suffix = ` ${copy(n)}`;
    const candidate = `${base.slice(0, NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/** Accent- and case-insensitive search in names (« evenement » finds « Événement »). */
export const searchable = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().trim();

export const matchesSearch = (name: string, q: string) => !q.trim() || searchable(name).includes(searchable(q));
