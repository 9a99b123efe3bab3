import type { Bundle, HttpRequestOptions, ZObject } from 'zapier-platform-core';

/** The CRM's public REST API lives under this path of the CRM's URL. */
export const API_PREFIX = '/api/v1';

/**
 * The CRM's origin from what the user typed when connecting: surrounding spaces, trailing slashes and a pasted
 * `/api/v1` are dropped, and `https://` is assumed when no scheme is given. Throws on something that is no URL.
 */
export function normaliseBaseUrl(raw: unknown): string {
  let value = String(raw ?? '').trim();
  if (!value) throw new Error('The CRM URL is missing: reconnect the CRM account and give its address');
  if (!/^https?:\/\//i.test(value)) value = `https://${value}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`The CRM URL "${String(raw)}" is not a valid address (example: https://crm.example.com)`);
  }
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api(\/v1)?$/i, '');
  return `${url.origin}${path}`;
}

/** Absolute URL of an API path (`/people`) for the connected CRM. */
export function apiUrl(bundle: Pick<Bundle, 'authData'>, path: string): string {
  return `${normaliseBaseUrl(bundle.authData.baseUrl)}${API_PREFIX}${path}`;
}

/** A query string value of a list filter (`stage: ['gagne']` -> `gagne`). */
type QueryValue = string | number | boolean | undefined | null | readonly string[];

function queryParams(params: Record<string, QueryValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') continue;
    out[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}

/** The envelope of every list answer of the CRM. */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export type CrmRecord = Record<string, unknown> & { id: string };

/** One request to the CRM API; errors become Zapier errors in the `afterResponse` middleware. */
export async function crmRequest<T>(
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  opts: Omit<HttpRequestOptions, 'url' | 'params'> & { path: string; params?: Record<string, QueryValue> },
): Promise<T> {
  const { path, params, ...rest } = opts;
  const response = await z.request({
    ...rest,
    url: apiUrl(bundle, path),
    ...(params ? { params: queryParams(params) } : {}),
  });
  return response.data as T;
}

/** One page of a list endpoint (`GET /people?sort=-createdAt&limit=25`). */
export function listPage<T extends CrmRecord>(
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  path: string,
  params: Record<string, QueryValue>,
): Promise<ListPage<T>> {
  return crmRequest<ListPage<T>>(z, bundle, { method: 'GET', path, params });
}

/**
 * Page `page` (0-based) of a list, walking the CRM's cursors from the start: dynamic dropdowns ask for numbered
 * pages while the API pages by cursor. Dropdowns rarely go past a few pages, so walking is cheaper than keeping
 * cursors in Zapier's storage.
 */
export async function listNumberedPage<T extends CrmRecord>(
  z: ZObject,
  bundle: Pick<Bundle, 'authData'>,
  path: string,
  params: Record<string, QueryValue>,
  page: number,
): Promise<T[]> {
  let cursor: string | undefined;
  for (let i = 0; ; i++) {
    const res = await listPage<T>(z, bundle, path, { ...params, cursor });
    if (i >= page) return res.items;
    if (!res.nextCursor) return [];
    cursor = res.nextCursor;
  }
}
