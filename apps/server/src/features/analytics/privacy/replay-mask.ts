import { gunzipSync } from 'node:zlib';
import { tooLarge } from '../ingest/decode.ts';
import { pageOf } from './url.ts';

/**
 * Session replay chunks (rrweb events recorded by posthog-js), masked again on the server (docs/ANALYTICS.md,
 * "Session replay"): the recorder is configured to mask inputs and texts, and this module makes sure of it whatever the
 * client sent. Every text node (but style sheets) and every typed value becomes stars of the same length, the
 * attributes that carry words (`value`, `placeholder`, `title`, `alt`, `aria-label`…) are masked, links lose their
 * query, and the events that could carry text otherwise (canvas drawings, console and network plugins, custom
 * payloads) are dropped. posthog-js' compressed events (`cv: '2024-10'`, gzipped fields) are decompressed, within a
 * byte budget, and stored uncompressed.
 */

/** rrweb's event types (rrweb/src/types.ts). */
const EventType = { DomContentLoaded: 0, Load: 1, FullSnapshot: 2, IncrementalSnapshot: 3, Meta: 4, Custom: 5 };
/** rrweb's incremental sources: those kept, with what is masked in them. */
const Source = { Mutation: 0, Input: 5, CanvasMutation: 9, Log: 11, StyleSheetRule: 8 };
const DROPPED_SOURCES = new Set([Source.CanvasMutation, Source.Log]);
/** Serialized node types (rrweb-snapshot). */
const NodeType = { Document: 0, DocumentType: 1, Element: 2, Text: 3, CDATA: 4, Comment: 5 };

const MASKED_ATTRIBUTES = new Set([
  'value',
  'placeholder',
  'title',
  'alt',
  'label',
  'content',
  'aria-label',
  'aria-description',
  'aria-valuetext',
  'aria-placeholder',
  'aria-roledescription',
]);
const DROPPED_ATTRIBUTES = new Set(['srcdoc', 'rr_dataURL', 'data-rr-is-password']);
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'xlink:href', 'poster']);
const IDENTIFIER = /^[A-Za-z0-9_.:-]{0,120}$/;
const MAX_DEPTH = 400;
const MAX_TEXT = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Stars for every visible character, the spaces kept (the page keeps its layout). */
export const maskText = (s: string) => s.slice(0, MAX_TEXT).replace(/\S/gu, '*');

/** A URL without query or fragment; `mailto:`, `tel:`, `javascript:` and `data:` are removed. */
function maskUrl(v: string): string {
  const s = v.trim();
  if (s.startsWith('#') || s === '') return s.startsWith('#') ? '#' : '';
  if (/^(mailto|tel|sms|javascript|data|blob):/i.test(s)) return '';
  try {
    const u = new URL(s, 'http://crm.invalid');
    return s.startsWith('/') || !/^[a-z][a-z0-9+.-]*:/i.test(s) ? u.pathname : `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '';
  }
}

function maskAttributes(attrs: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attrs)) {
    const key = name.toLowerCase();
    if (DROPPED_ATTRIBUTES.has(key) || key.startsWith('on')) continue;
    if (typeof value !== 'string') {
      // null (a removed attribute in a mutation), booleans, rrweb's style objects: no words there.
      out[name] = isObject(value) ? maskStyleObject(value) : value;
    } else if (MASKED_ATTRIBUTES.has(key)) out[name] = maskText(value);
    else if (URL_ATTRIBUTES.has(key)) out[name] = maskUrl(value);
    else if (key.startsWith('data-') || key.startsWith('aria-'))
      out[name] = IDENTIFIER.test(value) ? value : maskText(value);
    else out[name] = value;
  }
  return out;
}

/** rrweb's attribute mutation of `style` is `{ property: value | [value, priority] | false }`: kept. */
const maskStyleObject = (v: Record<string, unknown>) => v;

/** A serialized node and its children, masked; null past the depth bound (a hostile tree). */
function maskNode(node: unknown, depth = 0, parentTag = ''): unknown {
  if (!isObject(node) || depth > MAX_DEPTH) return null;
  const out: Record<string, unknown> = { ...node };
  if (node.type === NodeType.Text || node.type === NodeType.CDATA) {
    const text = typeof node.textContent === 'string' ? node.textContent : '';
    const style = node.isStyle === true || parentTag === 'style';
    out.textContent = style ? text : parentTag === 'script' ? '' : maskText(text);
  } else if (node.type === NodeType.Comment) out.textContent = '';
  if (isObject(node.attributes)) out.attributes = maskAttributes(node.attributes);
  const tag = typeof node.tagName === 'string' ? node.tagName.toLowerCase() : '';
  if (Array.isArray(node.childNodes)) {
    out.childNodes = node.childNodes.map((c) => maskNode(c, depth + 1, tag)).filter((c) => c !== null);
  }
  return out;
}

/** Byte budget for the compressed fields decompressed in one request. */
export class DecompressBudget {
  constructor(private left: number) {}
  /** posthog-js' gzipped field: gzip bytes as a latin1 string, of a JSON value. */
  inflate(field: unknown): unknown {
    if (typeof field !== 'string') return field;
    let out: Buffer;
    try {
      out = gunzipSync(Buffer.from(field, 'latin1'), { maxOutputLength: Math.max(1, this.left) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw tooLarge('decompressed replay');
      }
      return null;
    }
    this.left -= out.length;
    try {
      return JSON.parse(out.toString('utf8'));
    } catch {
      return null;
    }
  }
}

/** posthog-js' compressed event back to rrweb's own shape (null when a field does not decode). */
function uncompressed(e: Record<string, unknown>, budget: DecompressBudget): Record<string, unknown> | null {
  if (e.cv === undefined) return e;
  const { cv: _cv, ...event } = e;
  if (event.type === EventType.FullSnapshot) {
    const data = budget.inflate(event.data);
    return isObject(data) ? { ...event, data } : null;
  }
  if (event.type === EventType.IncrementalSnapshot && isObject(event.data)) {
    const data: Record<string, unknown> = { ...event.data };
    for (const k of ['texts', 'attributes', 'removes', 'adds']) {
      if (k in data) {
        data[k] = budget.inflate(data[k]);
        if (data[k] === null) return null;
      }
    }
    return { ...event, data };
  }
  return event;
}

/** Objects and arrays nested at most `max` deep (checked without recursion: JSON.parse accepts any depth). */
export function withinDepth(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (depth > max) return false;
    if (typeof v === 'object' && v !== null) {
      for (const child of Object.values(v))
        if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return true;
}

/** Deeper than a real page's DOM gets (a node is two levels: itself and its `childNodes`). */
const MAX_EVENT_DEPTH = 2 * MAX_DEPTH + 20;

/** One rrweb event masked, or null when it is dropped (not an rrweb event, or nested deeper than any page). */
export function maskReplayEvent(raw: unknown, budget: DecompressBudget): Record<string, unknown> | null {
  if (!isObject(raw) || typeof raw.type !== 'number') return null;
  const e = uncompressed(raw, budget);
  // The masked event is serialised (recursively) for the database: a hostile depth would overflow the stack.
  if (!e || !withinDepth(e, MAX_EVENT_DEPTH)) return null;
  const data = isObject(e.data) ? e.data : {};
  switch (e.type) {
    case EventType.DomContentLoaded:
    case EventType.Load:
      return { type: e.type, timestamp: e.timestamp, data: {} };
    case EventType.FullSnapshot:
      return { ...e, data: { ...data, node: maskNode(data.node) } };
    case EventType.Meta: {
      const page = pageOf(data.href);
      return { ...e, data: { ...data, href: page?.path ?? '' } };
    }
    case EventType.Custom: {
      const tag = typeof data.tag === 'string' && /^[A-Za-z0-9_.:$ -]{1,64}$/.test(data.tag) ? data.tag : 'custom';
      const payload = isObject(data.payload) ? data.payload : {};
      const href = tag === '$pageview' ? pageOf(payload.href)?.path : undefined;
      return { ...e, data: { tag, payload: href ? { href } : {} } };
    }
    case EventType.IncrementalSnapshot: {
      const source = data.source;
      if (typeof source !== 'number' || DROPPED_SOURCES.has(source)) return null;
      if (source === Source.Input) return { ...e, data: { ...data, text: maskText(String(data.text ?? '')) } };
      if (source === Source.Mutation) {
        return {
          ...e,
          data: {
            ...data,
            texts: (Array.isArray(data.texts) ? data.texts : []).map((t) =>
              isObject(t) ? { ...t, value: typeof t.value === 'string' ? maskText(t.value) : t.value } : null,
            ),
            attributes: (Array.isArray(data.attributes) ? data.attributes : []).map((a) =>
              isObject(a) && isObject(a.attributes) ? { ...a, attributes: maskAttributes(a.attributes) } : null,
            ),
            adds: (Array.isArray(data.adds) ? data.adds : []).map((a) =>
              isObject(a) ? { ...a, node: maskNode(a.node) } : null,
            ),
          },
        };
      }
      return e;
    }
    default:
      // Plugin events (console, network) and anything unknown.
      return null;
  }
}

/** The rrweb events of one `$snapshot`'s `$snapshot_data` (one event or a list), masked. */
export function maskSnapshotData(data: unknown, budget: DecompressBudget): Record<string, unknown>[] {
  const list = Array.isArray(data) ? data : [data];
  const out: Record<string, unknown>[] = [];
  for (const raw of list) {
    const e = maskReplayEvent(raw, budget);
    if (e) out.push(e);
  }
  return out;
}
