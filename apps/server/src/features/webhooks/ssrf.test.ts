import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { postWebhook } from './sender.ts';
import { assertSafeUrl, isPublicAddress } from './ssrf.ts';

describe('webhook SSRF guard', () => {
  it('calls public unicast addresses public, and everything else not', () => {
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111']) expect(isPublicAddress(a), a).toBe(true);
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254', // cloud metadata
      '100.64.0.1', // carrier-grade NAT
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fd00:ec2::254', // AWS metadata over IPv6
      'fe80::1',
      '::ffff:127.0.0.1', // IPv4-mapped loopback
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
  });

  it('refuses non-http schemes, credentials in the URL, and hosts that are or resolve to private addresses', async () => {
    const refused: [string, string][] = [
      ['file:///etc/passwd', 'webhooks.url_invalid'],
      ['gopher://example.com/', 'webhooks.url_invalid'],
      ['not a url', 'webhooks.url_invalid'],
      ['https://u:p@example.com/', 'webhooks.url_invalid'],
      ['http://127.0.0.1:8080/hook', 'webhooks.target_forbidden'],
      ['http://localhost/hook', 'webhooks.target_forbidden'],
      ['http://169.254.169.254/latest/meta-data/', 'webhooks.target_forbidden'],
      ['http://[::1]/hook', 'webhooks.target_forbidden'],
      ['http://[::ffff:7f00:1]/hook', 'webhooks.target_forbidden'],
      ['http://10.0.0.1/hook', 'webhooks.target_forbidden'],
      ['http://0x7f000001/hook', 'webhooks.target_forbidden'], // the URL parser reads it as 127.0.0.1
    ];
    for (const [url, code] of refused) {
      await expect(assertSafeUrl(url, false), url).rejects.toMatchObject({ code });
    }
    await expect(assertSafeUrl('https://93.184.216.34/hook', false)).resolves.toBeInstanceOf(URL);
    // The unsafe switch (tests, local receivers) lets private targets through, never other schemes.
    await expect(assertSafeUrl('http://127.0.0.1:8080/hook', true)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeUrl('file:///etc/passwd', true)).rejects.toMatchObject({ code: 'webhooks.url_invalid' });
  });

  it('refuses a private target again at connect time, by IP and by a name resolving to it (DNS rebinding)', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const send = (url: string, allowPrivate: boolean) =>
        postWebhook({ url, headers: {}, body: '{}', timeoutMs: 2_000, allowPrivate });
      const byIp = await send(`http://127.0.0.1:${port}/`, false);
      expect(byIp).toMatchObject({ status: null, error: expect.stringMatching(/^blocked/) });
      const byName = await send(`http://localhost:${port}/`, false);
      expect(byName).toMatchObject({ status: null, error: expect.stringMatching(/^blocked/) });
      expect(hits).toBe(0);
      expect((await send(`http://127.0.0.1:${port}/`, true)).status).toBe(200);
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});
