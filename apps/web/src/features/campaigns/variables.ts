/**
 * Template variables on the editing side (pure, unit-tested): the Liquid text a variable inserts, where it goes in a
 * text field, the links whose address is a variable, and the variables a text uses that the server does not know.
 */

/** What a variable inserts: `{{ contact.firstName }}`. */
export const variableToken = (name: string) => `{{ ${name} }}`;

/** Variables that hold an address (`unsubscribeUrl`, `preferencesUrl`): inserted as a link, not as text. */
export const isLinkVariable = (name: string) => /Url$/.test(name);

/** The menu's groups, in order. */
export const VARIABLE_GROUPS = ['contact', 'organisation', 'sender', 'links'] as const;
export type VariableGroup = (typeof VARIABLE_GROUPS)[number];

export function variableGroup(name: string): VariableGroup {
  if (isLinkVariable(name)) return 'links';
  if (name.startsWith('contact.')) return 'contact';
  if (name.startsWith('organisation.')) return 'organisation';
  return 'sender'; // sender.*, company.*
}

/** Variables by group, in the server's order within a group; empty groups left out. */
export function groupVariables<T extends { name: string }>(
  items: readonly T[],
): { group: VariableGroup; items: T[] }[] {
  return VARIABLE_GROUPS.map((group) => ({
    group,
    items: items.filter((v) => variableGroup(v.name) === group),
  })).filter((g) => g.items.length > 0);
}

/**
 * `text` typed into a field whose selection runs from `start` to `end` (the caret when equal): the selection
 * replaced by `insert`, and where the caret goes (after it). A missing selection (the field never focused) appends.
 */
export function insertAt(
  value: string,
  start: number | null | undefined,
  end: number | null | undefined,
  insert: string,
): { value: string; caret: number } {
  const from = Math.min(Math.max(start ?? value.length, 0), value.length);
  const to = Math.min(Math.max(end ?? from, from), value.length);
  // A space between the variable and a word it would otherwise stick to ("Bonjour{{ … }}").
  const before = value.slice(0, from);
  const after = value.slice(to);
  const lead = /[\p{L}\p{N}]$/u.test(before) ? ' ' : '';
  const next = `${before}${lead}${insert}${after}`;
  return { value: next, caret: before.length + lead.length + insert.length };
}

/** An address that is one variable (`{{ unsubscribeUrl }}`): a link the editor must keep as it is. */
export const isVariableHref = (href: string) => /^\s*\{\{\s*[A-Za-z_][\w.]*\s*\}\}\s*$/.test(href);

/** The schemes the server keeps in a link (its sanitiser's list); anything else is dropped there. */
const LINK_SCHEMES = /^(https?:|mailto:|tel:)/i;

/** Whether the editor may keep this address: a variable, an http(s), mailto or tel URL, or a relative one. */
export function isAllowedHref(href: string): boolean {
  if (isVariableHref(href)) return true;
  const h = href.trim();
  if (!h) return false;
  // A scheme ("javascript:", "data:"…): only the server's.
  if (/^[a-z][a-z0-9+.-]*:/i.test(h)) return LINK_SCHEMES.test(h);
  return !h.startsWith('//');
}

const PATH = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/;

/**
 * The variables a text prints (`{{ contact.firstName | upcase }}` -> `contact.firstName`), in order, once each:
 * names a Liquid tag defines in the text itself (`assign`, `capture`, `for … in`) are not counted, like the server.
 */
export function variablesIn(text: string): string[] {
  const local = new Set<string>();
  for (const m of text.matchAll(/\{%-?\s*(?:assign|capture)\s+([A-Za-z_][\w-]*)/g)) local.add(m[1] as string);
  for (const m of text.matchAll(/\{%-?\s*for\s+([A-Za-z_][\w-]*)\s+in\b/g)) local.add(m[1] as string);
  const found: string[] = [];
  for (const m of text.matchAll(/\{\{-?([\s\S]*?)-?\}\}/g)) {
    const expr = (m[1] ?? '').split('|')[0]?.trim() ?? '';
    if (!PATH.test(expr)) continue; // a literal ("…", 3) or nothing
    const root = expr.split(/[.[]/)[0] as string;
    if (local.has(root) || found.includes(expr)) continue;
    found.push(expr);
  }
  return found;
}

/** The variables of `text` that are not in `known`. */
export const unknownVariables = (text: string, known: readonly string[]) =>
  variablesIn(text).filter((v) => !known.includes(v));
