/**
 * A readable CSS-like selector of a clicked element as autocapture describes it: the first element of
 * `$elements_chain` (`a.nav-link.active:attr__data-record-link=""nth-child="2"tag_name="a"`) or of the older
 * `$elements` array (`{"tag_name":"a","classes":["nav-link"],"attr__data-testid":"save"}`). Kept: the tag, up to
 * three classes and the `data-*` attributes (with their value when it is a short identifier, as `data-testid`
 * usually is). Texts, ids and other attribute values are left out (the ingestion removed most already).
 */
const MAX_CLASSES = 3;
const IDENT = /^[A-Za-z0-9_-]{1,40}$/;
const CLASS = /^[A-Za-z0-9_-]{1,80}$/;
const ATTR = /(attr__[A-Za-z0-9_:-]+|[A-Za-z0-9_-]+)="((?:\\.|[^"\\])*)"/g;

function build(tag: string, classes: string[], attrs: [string, string][]): string | null {
  const t = /^[a-z][a-z0-9-]*$/i.test(tag) ? tag.toLowerCase() : '';
  const cls = classes
    .filter((c) => CLASS.test(c))
    .slice(0, MAX_CLASSES)
    .map((c) => `.${c}`)
    .join('');
  const data = attrs
    .filter(([name]) => /^data-[a-z0-9_-]+$/i.test(name))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, value]) => (IDENT.test(value) ? `[${name}="${value}"]` : `[${name}]`))
    .join('');
  const selector = `${t}${cls}${data}`;
  return selector || null;
}

function fromChain(segment: string): string | null {
  const colon = segment.indexOf(':');
  const head = colon < 0 ? segment : segment.slice(0, colon);
  const [tag = '', ...classes] = head.split('.');
  const attrs: [string, string][] = [];
  if (colon >= 0) {
    for (const m of segment.slice(colon + 1).matchAll(ATTR)) {
      const name = m[1] as string;
      if (name.startsWith('attr__')) attrs.push([name.slice(6), (m[2] as string).replace(/\\(.)/g, '$1')]);
    }
  }
  return build(tag, classes, attrs);
}

function fromElement(el: Record<string, unknown>): string | null {
  const tag = typeof el.tag_name === 'string' ? el.tag_name : '';
  const classes = Array.isArray(el.classes)
    ? el.classes.filter((c): c is string => typeof c === 'string')
    : typeof el.attr__class === 'string'
      ? el.attr__class.split(/\s+/).filter(Boolean)
      : [];
  const attrs = Object.entries(el)
    .filter(([k]) => k.startsWith('attr__'))
    .map(([k, v]) => [k.slice(6), typeof v === 'string' ? v : ''] as [string, string]);
  return build(tag, classes, attrs);
}

/** The selector of an element as stored (a chain segment, or the JSON of an `$elements` item); null if unreadable. */
export function selectorOf(element: string): string | null {
  const text = element.trim();
  if (text.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text);
      return parsed && typeof parsed === 'object' ? fromElement(parsed as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  return fromChain(text);
}

/** Counts per selector (elements that read as the same selector added up), most clicked first. */
export function topSelectors(elements: { element: string; count: number }[], limit: number) {
  const counts = new Map<string, number>();
  for (const { element, count } of elements) {
    const selector = selectorOf(element);
    if (selector) counts.set(selector, (counts.get(selector) ?? 0) + count);
  }
  return [...counts]
    .map(([selector, count]) => ({ selector, count }))
    .sort((a, b) => b.count - a.count || a.selector.localeCompare(b.selector))
    .slice(0, limit);
}
