import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { postWebhook } from './sender.ts';

/** A receiver that resets any kept-alive connection at its second request (as an idle-timeout close does). */
function resettingReceiver(opts: { resetEverything?: boolean } = {}) {
  const served = new WeakSet<Socket>();
  const seen: { reused: boolean }[] = [];
  const server = createServer((req, res) => {
    const reused = served.has(req.socket);
    seen.push({ reused });
    if (reused || opts.resetEverything) {
      req.socket.destroy();
      return;
    }
    served.add(req.socket);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  return { server, seen };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}

const send = (url: string) => postWebhook({ url, headers: {}, body: '{}', timeoutMs: 5_000, allowPrivate: true });

describe('postWebhook on kept-alive connections', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('sends again once, on a new connection, when a reused connection is reset', async () => {
    const r = resettingReceiver();
    server = r.server;
    const url = await listen(server);
    expect(await send(url)).toMatchObject({ status: 200, error: null });
    // The second delivery takes the pooled socket, which the receiver resets: the attempt goes out again.
    expect(await send(url)).toMatchObject({ status: 200, error: null, body: '{"ok":true}' });
    expect(r.seen).toEqual([{ reused: false }, { reused: true }, { reused: false }]);
  });

  it('reports a reset on a new connection as the failure it is (no second try)', async () => {
    const r = resettingReceiver({ resetEverything: true });
    server = r.server;
    const url = await listen(server);
    const outcome = await send(url);
    expect(outcome).toMatchObject({ status: null, error: 'socket hang up' });
    expect(r.seen).toHaveLength(1);
  });
});
