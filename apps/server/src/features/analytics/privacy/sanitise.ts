import { ANALYTICS_EVENTS, ANALYTICS_POSTHOG_EVENTS, type AnalyticsEventName } from '@crm/contracts';
import type { RawEvent } from '../ingest/envelope.ts';
import { pageOf } from './url.ts';

/**
 * The sanitiser (docs/ANALYTICS.md, "Privacy"; ADR 0014, point 4): a pure function from an event as a client sent it
 * to the row we store, or a reason to drop it. What passes:
 *
 * - PostHog's own events of ANALYTICS_POSTHOG_EVENTS with the allow-listed `$` properties below, each reduced to
 *   what cannot name anyone: URLs to their path and route pattern, referrers to a path, autocaptured elements to tag,
 *   classes, test-id-like attributes and position (never their text, `href` or other attribute values), heatmap
 *   points to coordinates and a selector without attribute values, exceptions to their type and a message only when
 *   it is a code;
 * - the custom events of the catalogue (@crm/contracts, ANALYTICS_EVENTS) sent by the side the catalogue names, with
 *   their properties parsed by the event's schema (unknown properties stripped, an invalid event dropped);
 * - nothing else: `$set`, `$set_once`, `$el_text`, `$ip` as sent, the user agent, campaign parameters, free text.
 */

export type AnalyticsSource = 'web' | 'server';

export interface SanitiseOptions {
  source: AnalyticsSource;
  /** The sender's address, already truncated (`truncateIp`): stored as `$ip` for web events; null: none. */
  ip?: string | null;
}

export interface SanitisedEvent {
  event: string;
  distinctId: string;
  sessionId: string | null;
  source: AnalyticsSource;
  path: string | null;
  route: string | null;
  properties: Record<string, unknown>;
}

export type DropReason = 'unknown_event' | 'wrong_source' | 'invalid_properties' | 'no_distinct_id';
export type SanitiseResult = { ok: true; event: SanitisedEvent } | { ok: false; reason: DropReason };

const POSTHOG_EVENTS = new Set<string>(ANALYTICS_POSTHOG_EVENTS);
const CATALOGUE = ANALYTICS_EVENTS as Record<string, (typeof ANALYTICS_EVENTS)[AnalyticsEventName]>;

/** Identifiers: session and window ids, library names, browser and OS names, flag keys, codes. */
const IDENT = /^[A-Za-z0-9_.:/ ()+-]{1,100}$/;
const CODE = /^[A-Za-z0-9_.:-]{1,120}$/;
const ident = (v: unknown): string | undefined => (typeof v === 'string' && IDENT.test(v) ? v : undefined);
const code = (v: unknown): string | undefined => (typeof v === 'string' && CODE.test(v) ? v : undefined);
const num = (v: unknown, min = -1e9, max = 1e9): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const IDENT_PROPS = [
  '$browser',
  '$os',
  '$os_version',
  '$device_type',
  '$session_id',
  '$window_id',
  '$pageview_id',
  '$prev_pageview_id',
  '$lib',
  '$lib_version',
  '$event_type',
] as const;
const NUMBER_PROPS = [
  '$browser_version',
  '$screen_width',
  '$screen_height',
  '$viewport_width',
  '$viewport_height',
  '$ce_version',
  '$prev_pageview_duration',
  '$prev_pageview_last_scroll',
  '$prev_pageview_last_scroll_percentage',
  '$prev_pageview_max_scroll',
  '$prev_pageview_max_scroll_percentage',
  '$prev_pageview_last_content',
  '$prev_pageview_last_content_percentage',
  '$prev_pageview_max_content',
  '$prev_pageview_max_content_percentage',
] as const;
/** PostHog's distinct ids are UUIDs or other printable tokens. */
const DISTINCT_ID = /^[\x21-\x7E]{1,200}$/;
const WEB_VITAL = /^\$web_vitals_[A-Z]{2,4}_value$/;
const FLAG_PROP = /^\$feature\/[A-Za-z0-9_-]{1,100}$/;

/** Autocapture attributes kept (their value too, when it is an identifier): what a test or the app names. */
const KEPT_ATTRIBUTES = new Set([
  'attr__data-testid',
  'attr__data-test-id',
  'attr__data-test',
  'attr__data-cy',
  'attr__data-qa',
  'attr__data-action',
  'attr__data-record-link',
  'attr__id',
  'attr__role',
  'attr__type',
  'attr__name',
]);
const TAG = /^[a-z][a-z0-9-]{0,40}$/;
const CLASS = /^[A-Za-z0-9_:/\\[\].%-]{1,100}$/;
const MAX_ELEMENTS = 30;

export interface Element {
  tag_name: string;
  classes?: string[];
  nth_child?: number;
  nth_of_type?: number;
  [attribute: `attr__${string}`]: string;
}

function sanitiseElement(raw: Record<string, unknown>): Element | null {
  const tag = typeof raw.tag_name === 'string' ? raw.tag_name.toLowerCase() : '';
  if (!TAG.test(tag)) return null;
  const el: Element = { tag_name: tag };
  if (Array.isArray(raw.classes)) {
    const classes = raw.classes.filter((c): c is string => typeof c === 'string' && CLASS.test(c)).slice(0, 20);
    if (classes.length) el.classes = classes;
  }
  const nthChild = num(raw.nth_child, 0, 100_000);
  const nthOfType = num(raw.nth_of_type, 0, 100_000);
  if (nthChild !== undefined) el.nth_child = Math.trunc(nthChild);
  if (nthOfType !== undefined) el.nth_of_type = Math.trunc(nthOfType);
  for (const [key, value] of Object.entries(raw)) {
    if (!KEPT_ATTRIBUTES.has(key)) continue;
    el[key as `attr__${string}`] = code(value) ?? '';
  }
  return el;
}

/**
 * posthog-js' `$elements_chain` (`button.btn.primary:attr__data-testid="save"nth-child="2"nth-of-type="1";div…`), read
 * as elements, for clients that send only the chain.
 */
export function parseElementsChain(chain: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const parts = chain.slice(0, 20_000).match(/(?:[^\s;"]|"(?:\\.|[^"\\])*")+/g) ?? [];
  for (const part of parts.slice(0, MAX_ELEMENTS)) {
    const m = part.match(/^(.*?)($|:([a-zA-Z\-_0-9]*=.*))/);
    const head = m?.[1] ?? '';
    const attributes = m?.[3] ?? '';
    const [tag, ...classes] = head.split('.');
    const el: Record<string, unknown> = { tag_name: tag, classes };
    for (const a of attributes.matchAll(/([^=]+)="((?:\\"|[^"])*)"/g)) {
      const key = a[1] as string;
      const value = (a[2] as string).replace(/\\"/g, '"');
      if (key === 'nth-child') el.nth_child = Number(value);
      else if (key === 'nth-of-type') el.nth_of_type = Number(value);
      else if (key === 'attr_id') el.attr__id = value;
      else el[key] = value;
    }
    out.push(el);
  }
  return out;
}

/** The chain posthog-js would have built from these (sanitised) elements: PostHog's analyses read it. */
export function elementsChainOf(elements: Element[]): string {
  const quote = (s: string) => s.replace(/"|\\"/g, '\\"');
  return elements
    .map((el) => {
      const classes = [...(el.classes ?? [])].sort().map((c) => `.${c.replace(/"/g, '')}`);
      const attributes: Record<string, string> = {
        'nth-child': String(el.nth_child ?? 0),
        'nth-of-type': String(el.nth_of_type ?? 0),
      };
      for (const [k, v] of Object.entries(el)) if (k.startsWith('attr__')) attributes[k] = String(v);
      const attrs = Object.entries(attributes)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => `${quote(k)}="${quote(v)}"`)
        .join('');
      return `${el.tag_name}${classes.join('')}:${attrs}`;
    })
    .join(';');
}

/** A CSS selector without the values of its attribute tests (`a[data-record-link="…"]` -> `a[data-record-link]`). */
export function sanitiseSelector(v: unknown): string | undefined {
  if (typeof v !== 'string' || v.length > 500) return undefined;
  const s = v
    .replace(/\[([A-Za-z0-9_:-]+)\s*[~|^$*]?=\s*(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|[^\]]*)\]/g, '[$1]')
    .trim();
  return /^[A-Za-z0-9_\-.#[\]:>+~*\s(),]{1,300}$/.test(s) ? s : undefined;
}

const HEATMAP_TYPE = /^[a-z_]{1,20}$/;
const MAX_HEATMAP_POINTS = 1_000;

/** `$heatmap_data: { [url]: [{ x, y, target_fixed, type }] }` with each URL as its path. */
function sanitiseHeatmap(raw: unknown): Record<string, unknown[]> | undefined {
  if (!isObject(raw)) return undefined;
  const out: Record<string, unknown[]> = {};
  let points = 0;
  for (const [url, list] of Object.entries(raw)) {
    const page = pageOf(url);
    if (!page || !Array.isArray(list)) continue;
    const kept = out[page.path] ?? [];
    out[page.path] = kept;
    for (const p of list) {
      if (points >= MAX_HEATMAP_POINTS || !isObject(p)) continue;
      const x = num(p.x, -100_000, 1_000_000);
      const y = num(p.y, -100_000, 10_000_000);
      if (x === undefined || y === undefined) continue;
      const point: Record<string, unknown> = { x: Math.round(x), y: Math.round(y) };
      if (typeof p.target_fixed === 'boolean') point.target_fixed = p.target_fixed;
      if (typeof p.type === 'string' && HEATMAP_TYPE.test(p.type)) point.type = p.type;
      const target = sanitiseSelector(p.target);
      if (target) point.target = target;
      kept.push(point);
      points++;
    }
    if (kept.length === 0) delete out[page.path];
  }
  return Object.keys(out).length ? out : undefined;
}

/** `$exception_list` items as `{ type, value? , mechanism? }`: the value only when it is a code (no spaces). */
function sanitiseExceptions(raw: unknown): Record<string, unknown>[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const out: Record<string, unknown>[] = [];
  for (const e of raw.slice(0, 10)) {
    if (!isObject(e)) continue;
    const item: Record<string, unknown> = { type: code(e.type) ?? 'Error' };
    const value = code(e.value);
    if (value) item.value = value;
    if (isObject(e.mechanism)) {
      const mechanism: Record<string, unknown> = {};
      if (typeof e.mechanism.handled === 'boolean') mechanism.handled = e.mechanism.handled;
      const type = code(e.mechanism.type);
      if (type) mechanism.type = type;
      item.mechanism = mechanism;
    }
    out.push(item);
  }
  return out.length ? out : undefined;
}

/** The allow-listed `$` properties of any event, reduced. */
function posthogProperties(p: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of IDENT_PROPS) {
    const v = ident(p[k]);
    if (v !== undefined) out[k] = v;
  }
  for (const k of NUMBER_PROPS) {
    const v = num(p[k]);
    if (v !== undefined) out[k] = v;
  }
  const current = pageOf(p.$current_url) ?? pageOf(p.$pathname);
  if (current) {
    out.$current_url = current.path;
    out.$pathname = current.path;
    out.$route = current.route;
  }
  if (p.$referrer === '$direct') out.$referrer = '$direct';
  else {
    const referrer = pageOf(p.$referrer);
    if (referrer) out.$referrer = referrer.path;
  }
  const prev = pageOf(p.$prev_pageview_pathname);
  if (prev) out.$prev_pageview_pathname = prev.path;

  const rawElements = Array.isArray(p.$elements)
    ? p.$elements
    : typeof p.$elements_chain === 'string'
      ? parseElementsChain(p.$elements_chain)
      : null;
  if (rawElements) {
    const elements = rawElements.slice(0, MAX_ELEMENTS).flatMap((e) => (isObject(e) ? (sanitiseElement(e) ?? []) : []));
    if (elements.length) {
      out.$elements = elements;
      out.$elements_chain = elementsChainOf(elements);
    }
  }
  const heatmap = sanitiseHeatmap(p.$heatmap_data);
  if (heatmap) out.$heatmap_data = heatmap;
  const exceptions = sanitiseExceptions(p.$exception_list);
  if (exceptions) out.$exception_list = exceptions;
  for (const k of ['$exception_level', '$exception_type', '$exception_message', '$feature_flag'] as const) {
    const v = code(p[k]);
    if (v) out[k] = v;
  }
  const response = p.$feature_flag_response;
  if (typeof response === 'boolean' || code(response)) out.$feature_flag_response = response;
  if (Array.isArray(p.$active_feature_flags)) {
    out.$active_feature_flags = p.$active_feature_flags.filter((f) => code(f)).slice(0, 100);
  }
  for (const [k, v] of Object.entries(p)) {
    if (FLAG_PROP.test(k) && (typeof v === 'boolean' || code(v))) out[k] = v;
    else if (WEB_VITAL.test(k) && num(v, 0, 1e7) !== undefined) out[k] = v;
  }
  return out;
}

/** A stored event of what a client sent, or why it is dropped. */
export function sanitiseEvent(raw: RawEvent, opts: SanitiseOptions): SanitiseResult {
  if (!DISTINCT_ID.test(raw.distinctId)) return { ok: false, reason: 'no_distinct_id' };
  const props = raw.properties;
  let properties = posthogProperties(props);
  if (raw.event.startsWith('$')) {
    if (!POSTHOG_EVENTS.has(raw.event)) return { ok: false, reason: 'unknown_event' };
  } else {
    const def = CATALOGUE[raw.event];
    if (!def) return { ok: false, reason: 'unknown_event' };
    if (def.source !== opts.source) return { ok: false, reason: 'wrong_source' };
    const custom = Object.fromEntries(Object.entries(props).filter(([k]) => !k.startsWith('$')));
    const parsed = def.properties.safeParse(custom);
    if (!parsed.success) return { ok: false, reason: 'invalid_properties' };
    properties = { ...properties, ...(parsed.data as Record<string, unknown>) };
  }
  if (opts.source === 'web' && opts.ip) properties.$ip = opts.ip;
  const page = typeof properties.$current_url === 'string' ? pageOf(properties.$current_url) : null;
  return {
    ok: true,
    event: {
      event: raw.event,
      distinctId: raw.distinctId,
      sessionId: typeof properties.$session_id === 'string' ? properties.$session_id : null,
      source: opts.source,
      path: page?.path ?? null,
      route: page?.route ?? null,
      properties,
    },
  };
}
