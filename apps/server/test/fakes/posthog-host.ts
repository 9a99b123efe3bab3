import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** One request the fake PostHog received. */
export interface PostHogCall {
  path: string;
  status: number;
  headers: IncomingMessage['headers'];
  /** The decoded JSON body (`{ api_key, batch, sent_at }` for `/batch/`), or null when it did not decode. */
  body: { api_key?: string; batch?: Record<string, unknown>[]; sent_at?: string } | null;
}

/**
 * A PostHog host on 127.0.0.1 (port 0) for the forwarding tests: it accepts `POST /batch/` (and `/e/`, `/capture/`),
 * JSON or gzip (by `Content-Encoding: gzip` or the magic number), records every call, and answers
 * `{ "status": 1 }`, or the status a test scripted with `failNext(status, n)` for the next n calls.
 */
export class FakePostHogHost {
  readonly calls: PostHogCall[] = [];
  private failures: number[] = [];
  private server: Server;
  private sockets = new Set<Socket>();

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<FakePostHogHost> {
    const host = new FakePostHogHost();
    await new Promise<void>((resolve) => host.server.listen(0, '127.0.0.1', resolve));
    return host;
  }

  /** The host to configure as POSTHOG_HOST. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The next `n` requests are answered `status` (a 503 to test the retry, a 400 to test a refusal). */
  failNext(status: number, n = 1): void {
    for (let i = 0; i < n; i++) this.failures.push(status);
  }

  /** The events of the batches answered 200, in order. */
  accepted(): Record<string, unknown>[] {
    return this.calls.filter((c) => c.status === 200).flatMap((c) => c.body?.batch ?? []);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let raw = Buffer.concat(chunks);
    let body: PostHogCall['body'] = null;
    try {
      if (req.headers['content-encoding'] === 'gzip' || (raw[0] === 0x1f && raw[1] === 0x8b)) raw = gunzipSync(raw);
      body = JSON.parse(raw.toString('utf8'));
    } catch {
      body = null;
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const known = req.method === 'POST' && ['/batch/', '/e/', '/capture/', '/i/v0/e/'].includes(path);
    const status = !known ? 404 : body === null ? 400 : (this.failures.shift() ?? 200);
    this.calls.push({ path, status, headers: req.headers, body });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(status === 200 ? { status: 1 } : { type: 'validation_error', code: String(status) }));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
