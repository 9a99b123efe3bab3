import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** What the receiver does with one request. */
export type Reaction =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string; delayMs?: number }
  | { kind: 'hang' }
  | { kind: 'drop' };

export interface Received {
  id: string;
  type: string;
  at: number;
  verified: boolean;
  /** The error of `standardwebhooks`' verify, when it failed. */
  verifyError?: string;
  headers: IncomingMessage['headers'];
  body: string;
  reaction: Reaction['kind'];
  status?: number;
}

/**
 * A webhook receiver on 127.0.0.1 that verifies every request with the `standardwebhooks` library (the reference
 * implementation receivers use), records it, and reacts as a test scripts it: a status, a slow answer, a request
 * left hanging (the sender times out) or a dropped connection.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  /** The secrets a request must verify with (any of them). */
  secrets: string[] = [];
  react: (req: { id: string; n: number }) => Reaction = () => ({ kind: 'status', status: 204 });
  private server: Server;
  private sockets = new Set<Socket>();
  private count = 0;

  private constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  static async start(): Promise<WebhookReceiver> {
    const r = new WebhookReceiver();
    await new Promise<void>((resolve) => r.server.listen(0, '127.0.0.1', resolve));
    return r;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hook`;
  }

  /** Received requests acknowledged with a 2xx. */
  acknowledged(): Received[] {
    return this.received.filter((r) => r.reaction === 'status' && (r.status ?? 0) >= 200 && (r.status ?? 0) < 300);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const id = String(req.headers['webhook-id'] ?? '');
    let verified = false;
    let verifyError: string | undefined;
    for (const secret of this.secrets) {
      try {
        new Webhook(secret).verify(body, req.headers as Record<string, string>);
        verified = true;
        break;
      } catch (err) {
        verifyError = (err as Error).message;
      }
    }
    let type = '';
    try {
      type = (JSON.parse(body) as { type: string }).type;
    } catch {}
    const reaction = this.react({ id, n: this.count++ });
    const rec: Received = {
      id,
      type,
      at: Date.now(),
      verified,
      ...(verified ? {} : { verifyError }),
      headers: req.headers,
      body,
      reaction: reaction.kind,
    };
    this.received.push(rec);
    if (reaction.kind === 'hang') return; // never answered: the sender's timeout ends it
    if (reaction.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (reaction.delayMs) await new Promise((r) => setTimeout(r, reaction.delayMs));
    rec.status = reaction.status;
    res.writeHead(reaction.status, reaction.headers ?? {});
    res.end(reaction.body ?? '');
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A receiver in its own thread, answering 204 and noting when each request arrived. Its clock is not held up by
 * the test's event loop (where the embedded database runs synchronously), so its times are the arrival times.
 */
export async function startArrivalRecorder(): Promise<{
  url: string;
  arrivals(): Promise<{ id: string; at: number }[]>;
  close(): Promise<void>;
}> {
  const { Worker } = await import('node:worker_threads');
  const worker = new Worker(
    `
    const { parentPort } = require('node:worker_threads');
    const http = require('node:http');
    const arrivals = [];
    const server = http.createServer((req, res) => {
      const at = Date.now();
      req.resume();
      req.on('end', () => {
        arrivals.push({ id: String(req.headers['webhook-id'] || ''), at });
        res.writeHead(204).end();
      });
    });
    server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }));
    parentPort.on('message', (m) => {
      if (m === 'arrivals') parentPort.postMessage({ arrivals });
      if (m === 'close') server.close(() => parentPort.postMessage({ closed: true }));
    });
    `,
    { eval: true },
  );
  const next = <T>(key: string) =>
    new Promise<T>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (key in m) {
          worker.off('message', on);
          resolve(m[key] as T);
        }
      };
      worker.on('message', on);
    });
  const port = await next<number>('port');
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals: async () => {
      const p = next<{ id: string; at: number }[]>('arrivals');
      worker.postMessage('arrivals');
      return p;
    },
    close: async () => {
      const p = next('closed');
      worker.postMessage('close');
      await p;
      await worker.terminate();
    },
  };
}
