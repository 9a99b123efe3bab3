import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, isAllowedPort, isPublicAddress, portOf } from './ssrf.ts';

/** What one HTTP attempt gave: an answer (any status) or an error (timeout, refused, reset, blocked target). */
export interface AttemptOutcome {
  status: number | null;
  headers: Record<string, string> | null;
  /** The first RESPONSE_BODY_BYTES of the answer. */
  body: string | null;
  error: string | null;
  durationMs: number;
  /** From a Retry-After header (seconds or an HTTP date), in milliseconds from now. */
  retryAfterMs: number | null;
}

export const RESPONSE_BODY_BYTES = 4096;

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** Seconds (`120`) or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * POSTs `body` to `url`. Redirects are not followed (a 3xx is a failure like any non-2xx), the whole exchange is
 * bounded by `timeoutMs`, and unless `allowPrivate` the target must be a public address, checked at connect time.
 */
export function postWebhook(opts: {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  allowPrivate: boolean;
  /** Ports a receiver may use (inclusive ranges); any port when absent. */
  allowedPorts?: readonly (readonly [number, number])[];
  /** Called once the request has left (written to the socket), or has failed before. */
  onSent?: () => void;
}): Promise<AttemptOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const fail = (error: string): AttemptOutcome => ({
    status: null,
    headers: null,
    body: null,
    error,
    durationMs: elapsed(),
    retryAfterMs: null,
  });
  const url = new URL(opts.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!opts.allowPrivate && isIP(host) && !isPublicAddress(host)) {
    opts.onSent?.();
    return Promise.resolve(fail(`blocked: ${host} is not a public address`));
  }
  if (opts.allowedPorts && !isAllowedPort(portOf(url), opts.allowedPorts)) {
    opts.onSent?.();
    return Promise.resolve(fail(`blocked: port ${portOf(url)} is not allowed for webhooks`));
  }
  const transport = url.protocol === 'https:' ? https : http;
  return attempt(true);

  /**
   * One exchange. A kept-alive socket the receiver closed while idle fails at once with ECONNRESET before the request
   * reaches it (Node's documented race, `req.reusedSocket`): that attempt is made again once, on a new connection.
   */
  function attempt(mayReuse: boolean): Promise<AttemptOutcome> {
    return new Promise((resolve) => {
      let settled = false;
      const done = (o: AttemptOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        opts.onSent?.();
        resolve(o);
      };
      let req: http.ClientRequest;
      try {
        req = transport.request(
          url,
          {
            method: 'POST',
            headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
            agent: mayReuse ? agents[url.protocol as 'http:' | 'https:'] : false,
            ...(opts.allowPrivate ? {} : { lookup: guardedLookup as never }),
          },
          (res) => {
            const chunks: Buffer[] = [];
            let size = 0;
            res.on('data', (c: Buffer) => {
              if (size < RESPONSE_BODY_BYTES) chunks.push(c);
              size += c.length;
              // Beyond 64 KB the rest is not worth waiting for: keep what we have, drop the connection.
              if (size > 65_536) res.destroy();
            });
            const finish = () => {
              const headers: Record<string, string> = {};
              for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = String(v);
              done({
                status: res.statusCode ?? null,
                headers,
                body: Buffer.concat(chunks).subarray(0, RESPONSE_BODY_BYTES).toString('utf8'),
                error: null,
                durationMs: elapsed(),
                retryAfterMs: parseRetryAfter(res.headers['retry-after']),
              });
            };
            res.on('end', finish);
            res.on('close', finish);
            res.on('error', finish);
          },
        );
      } catch (err) {
        // Node checks the request (header names and values: ERR_INVALID_CHAR, ERR_INVALID_HTTP_TOKEN) before anything is
        // sent and throws at once: an endpoint saved before its headers were validated gets a recorded failed attempt,
        // never a delivery stuck in `delivering`.
        opts.onSent?.();
        const e = err as NodeJS.ErrnoException;
        resolve(fail(`invalid request: ${e.message || e.code || 'error'}`));
        return;
      }
      const timer = setTimeout(() => {
        req.destroy(new Error(`timeout: no complete answer within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      req.on('finish', () => opts.onSent?.());
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (mayReuse && req.reusedSocket && err.code === 'ECONNRESET' && !settled) {
          settled = true;
          clearTimeout(timer);
          resolve(attempt(false));
          return;
        }
        const reason = err.code === 'EWEBHOOKTARGET' ? `blocked: ${err.message}` : err.message || err.code || 'error';
        done(fail(reason));
      });
      req.end(opts.body);
    });
  }
}
