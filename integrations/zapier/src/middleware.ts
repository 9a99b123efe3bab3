import type { Bundle, HttpRequestOptions, HttpResponse, ZObject } from 'zapier-platform-core';
import { normaliseBaseUrl } from './api';

/**
 * `beforeRequest`: sends the personal API key as `Authorization: Bearer crm_...`, only to the connected CRM (a
 * request to any other host never carries the key).
 */
export function addApiKey(request: HttpRequestOptions, _z: ZObject, bundle: Bundle): HttpRequestOptions {
  const apiKey = bundle.authData?.apiKey?.trim();
  if (!apiKey || !bundle.authData?.baseUrl || !request.url) return request;
  if (originOf(request.url) !== originOf(normaliseBaseUrl(bundle.authData.baseUrl))) return request;
  request.headers = { ...request.headers, authorization: `Bearer ${apiKey}`, accept: 'application/json' };
  return request;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** RFC 9457 problem details as the CRM answers them (`application/problem+json`). */
interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { path?: string; message?: string }[];
  fields?: { path?: string; message?: string }[];
  candidates?: { id?: string; name?: string; firstName?: string; lastName?: string; email?: string | null }[];
}

function problemOf(response: HttpResponse): Problem | null {
  const data = response.data as unknown;
  if (data && typeof data === 'object' && !Array.isArray(data)) return data as Problem;
  return null;
}

/** Seconds of a `Retry-After` header (seconds or an HTTP date); undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

function candidateList(p: Problem): string {
  const names = (p.candidates ?? []).slice(0, 5).map((c) => {
    const name = c.name ?? [c.firstName, c.lastName].filter(Boolean).join(' ');
    return `${name}${c.email ? ` <${c.email}>` : ''}${c.id ? ` (id ${c.id})` : ''}`;
  });
  return names.length ? ` Existing: ${names.join('; ')}.` : '';
}

/** What to tell the person running the Zap, in words, for an error answer of the CRM. */
export function describeProblem(response: HttpResponse): { message: string; code: string; status: number } {
  const status = response.status;
  const p = problemOf(response);
  if (!p?.detail && !p?.title) {
    const text = String(response.content ?? '')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 200);
    return { message: `The CRM answered HTTP ${status}${text ? `: ${text}` : ''}`, code: `http.${status}`, status };
  }
  const code = p.code ?? `http.${status}`;
  let message = p.detail || p.title || `HTTP ${status}`;
  const fieldErrors = p.errors ?? p.fields ?? [];
  const unlisted = fieldErrors.filter((f) => f.message && !message.includes(f.message));
  if (unlisted.length) message += ` (${unlisted.map((f) => `${f.path || 'request'}: ${f.message}`).join('; ')})`;
  if (code === 'person.duplicate') {
    message += `.${candidateList(p)} Use "Find or Create Contact" to reuse it, or set "Create even if a similar contact exists" to Yes.`;
  } else if (code === 'organisation.duplicate') {
    message += `.${candidateList(p)} Use "Find or Create Organisation" to reuse it, or set "Create even if a similar organisation exists" to Yes.`;
  } else if (status === 403) {
    message += '. Check that your CRM role allows it and that the API key has the "write" scope.';
  }
  return { message: `${message} [${code}]`, code, status };
}

/**
 * The error to throw for an error answer of the CRM: a 429 (or a 503 with Retry-After) becomes a ThrottledError so
 * that Zapier retries later; a 401 an ExpiredAuthError (the key was revoked or expired: reconnect); anything else
 * a plain error whose message is the CRM's problem detail, its failing fields and what to do.
 */
export function crmError(z: ZObject, response: HttpResponse): Error {
  const { message, code, status } = describeProblem(response);
  const retryAfter = retryAfterSeconds(response.getHeader('retry-after'));
  if (status === 429 || (status === 503 && retryAfter !== undefined)) {
    return new z.errors.ThrottledError(`The CRM asks to slow down: ${message}`, retryAfter);
  }
  if (status === 401) {
    return new z.errors.ExpiredAuthError(
      `The CRM refused the API key: ${message}. Create a new key in the CRM (user menu, API keys) and reconnect.`,
    );
  }
  return new z.errors.Error(message, code, status);
}

/** `afterResponse`: error answers of the CRM become readable Zapier errors (unless the request opted out). */
export function handleCrmErrors(response: HttpResponse, z: ZObject): HttpResponse {
  if (response.status < 400 || response.skipThrowForStatus) return response;
  throw crmError(z, response);
}
