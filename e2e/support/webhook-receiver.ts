// A webhook receiver for the journeys: a node:http server on 127.0.0.1 that records every request and answers
// what the test says (the e2e server runs with WEBHOOKS_ALLOW_PRIVATE_TARGETS=true so it may target it), and the
// Standard Webhooks signature check a real receiver would make (docs/WEBHOOKS.md, "Verifying the signature").
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Answer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface Receiver {
  /** `http://127.0.0.1:<port>` (add a path). */
  origin: string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a receiver; `answer` decides the response to each request (after its body was read). */
export async function startReceiver(answer: (req: ReceivedRequest) => Answer): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(received);
      const a = answer(received);
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** True when one of the request's `webhook-signature` entries is `v1,` + base64 HMAC-SHA256 of id.timestamp.body. */
export function signedWith(secret: string, req: ReceivedRequest): boolean {
  const id = String(req.headers['webhook-id'] ?? '');
  const timestamp = String(req.headers['webhook-timestamp'] ?? '');
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${req.body}`).digest();
  return String(req.headers['webhook-signature'] ?? '')
    .split(' ')
    .map((s) => Buffer.from(s.split(',')[1] ?? '', 'base64'))
    .some((sig) => sig.length === expected.length && timingSafeEqual(sig, expected));
}

/** The requests whose JSON body has this event `type`. */
export const ofType = (r: Receiver, type: string) =>
  r.requests.filter((q) => {
    try {
      return (JSON.parse(q.body) as { type?: string }).type === type;
    } catch {
      return false;
    }
  });
