import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiKeyFor } from '../../../apps/server/test/auth-helpers.ts';
import { createUser, sessionHeaders, type TestUser } from '../../../apps/server/test/factories.ts';
import { createTestApp, type TestApp } from '../../../apps/server/test/test-app.ts';

/**
 * The real CRM, started in-process on a free 127.0.0.1 port with its webhook worker (embedded PGlite, or the
 * DATABASE_URL / REDIS_URL of the environment like the server's own tests), and a user with a personal API key:
 * what a Zapier account connects to. Webhooks may target 127.0.0.1 here (WEBHOOKS_ALLOW_PRIVATE_TARGETS).
 */
export interface LocalCrm {
  t: TestApp;
  baseUrl: string;
  user: TestUser;
  apiKey: string;
  /** Zapier's `bundle.authData` for this CRM and key. */
  authData: { baseUrl: string; apiKey: string };
  /** A call to the API with the user's key (through Fastify's inject, not the app under test). */
  api<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

export async function startLocalCrm(env: Record<string, string> = {}): Promise<LocalCrm> {
  const t = await createTestApp({
    worker: true,
    env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_POLL_MS: '50', ...env },
  });
  const baseUrl = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const user = await createUser(t.deps, { name: 'Zoé Zapier', email: `zoe-${Date.now()}@example.test` });
  const apiKey = await createApiKeyFor(t.app, await sessionHeaders(t.deps, user), ['read', 'write'], 'Zapier');
  const api: LocalCrm['api'] = async (method, path, body) => {
    const res = await t.app.inject({
      method: method as 'GET',
      url: `/api/v1${path}`,
      headers: { authorization: `Bearer ${apiKey}` },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : null) as never };
  };
  return { t, baseUrl, user, apiKey, authData: { baseUrl, apiKey }, api, close: () => t.close() };
}

/** One POST the receiver got. */
export interface Arrival {
  path: string;
  headers: IncomingHttpHeaders;
  body: { type?: string; timestamp?: string; data?: Record<string, unknown> };
}

/**
 * A stand-in for hooks.zapier.com: a node:http server on 127.0.0.1 that answers 200 to every POST and keeps
 * what arrived, so a test can hand the body to the trigger's `perform` like Zapier does (`cleanedRequest`).
 */
export class HookReceiver {
  private constructor(
    private readonly server: Server,
    readonly origin: string,
    readonly arrivals: Arrival[],
  ) {}

  static async start(): Promise<HookReceiver> {
    const arrivals: Arrival[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        let body: Arrival['body'] = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          body = {};
        }
        arrivals.push({ path: req.url ?? '/', headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return new HookReceiver(server, `http://127.0.0.1:${port}`, arrivals);
  }

  /** A target URL of its own for one subscription (like Zapier's per-Zap hook URLs). */
  url(name: string): string {
    return `${this.origin}/hooks/${name}`;
  }

  /** The first arrival on `path` matching `pred`, waiting up to `timeoutMs`. */
  async next(path: string, pred: (a: Arrival) => boolean = () => true, timeoutMs = 20_000): Promise<Arrival> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.arrivals.find((a) => a.path === path && pred(a));
      if (hit) return hit;
      if (Date.now() > end) throw new Error(`no delivery on ${path} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
