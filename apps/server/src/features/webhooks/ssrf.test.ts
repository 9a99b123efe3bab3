import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { postWebhook } from './sender.ts';
import { assertSafeUrl, embeddedIPv4, isPublicAddress } from './ssrf.ts';

const guarded = {
  allowPrivateTargets: false,
  allowedPorts: [
    [80, 80],
    [443, 443],
    [1024, 65535],
  ] as [number, number][],
};
const unsafe = { ...guarded, allowPrivateTargets: true };

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
      await expect(assertSafeUrl(url, guarded), url).rejects.toMatchObject({ code });
    }
    await expect(assertSafeUrl('https://93.184.216.34/hook', guarded)).resolves.toBeInstanceOf(URL);
    // The unsafe switch (tests, local receivers) lets private targets through, never other schemes.
    await expect(assertSafeUrl('http://127.0.0.1:8080/hook', unsafe)).resolves.toBeInstanceOf(URL);
    await expect(assertSafeUrl('file:///etc/passwd', unsafe)).rejects.toMatchObject({ code: 'webhooks.url_invalid' });
  });

  it('judges an IPv6 address embedding an IPv4 one by that address, and refuses the embedding ranges', () => {
    for (const a of [
      '::7f00:1', // IPv4-compatible 127.0.0.1 (what http://[::127.0.0.1]/ becomes)
      '::8.8.8.8', // IPv4-compatible, deprecated: refused even when public
      '::ffff:169.254.169.254',
      '64:ff9b::a9fe:a9fe', // NAT64 of the metadata service
      '64:ff9b::808:808', // NAT64 of a public address: the translation range is refused all the same
      '64:ff9b:1::a00:1', // local-use NAT64
      '2002:7f00:1::', // 6to4 of 127.0.0.1
      '2002:808:808::1', // 6to4 of a public address
      '2001:0:4136:e378:8000:63bf:80ff:fffe', // Teredo, client 127.0.0.1 (obfuscated)
      '2001:0:a00:1::1', // Teredo, server 10.0.0.1
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    expect(embeddedIPv4(ipaddr.IPv6.parse('2001:0:4136:e378:8000:63bf:80ff:fffe')).map(String)).toEqual([
      '65.54.227.120',
      '127.0.0.1',
    ]);
    expect(embeddedIPv4(ipaddr.IPv6.parse('2002:c0a8:101::1')).map(String)).toEqual(['192.168.1.1']);
    expect(embeddedIPv4(ipaddr.IPv6.parse('2606:4700:4700::1111'))).toEqual([]);
  });

  it('allows only the configured ports: 80, 443 and 1024-65535 by default', async () => {
    expect(loadConfig({ NODE_ENV: 'test' }).webhooks.allowedPorts).toEqual([
      [80, 80],
      [443, 443],
      [1024, 65535],
    ]);
    for (const url of ['http://93.184.216.34:22/', 'https://93.184.216.34:25/', 'http://93.184.216.34:1023/']) {
      await expect(assertSafeUrl(url, guarded), url).rejects.toMatchObject({ code: 'webhooks.port_forbidden' });
    }
    for (const url of ['http://93.184.216.34/', 'https://93.184.216.34/', 'https://93.184.216.34:8443/']) {
      await expect(assertSafeUrl(url, guarded), url).resolves.toBeInstanceOf(URL);
    }
    const narrow = { ...guarded, allowedPorts: [[443, 443]] as [number, number][] };
    await expect(assertSafeUrl('https://93.184.216.34:6379/', narrow)).rejects.toMatchObject({
      code: 'webhooks.port_forbidden',
    });
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOKS_ALLOWED_PORTS: '80,70000' })).toThrow(
      /WEBHOOKS_ALLOWED_PORTS/,
    );
    expect(() => loadConfig({ NODE_ENV: 'test', WEBHOOKS_ALLOWED_PORTS: 'all' })).toThrow(/WEBHOOKS_ALLOWED_PORTS/);
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
      // A port outside the allowed ones is refused at connect time too (an endpoint saved before the rule).
      const closed = await postWebhook({
        url: `http://127.0.0.1:${port}/`,
        headers: {},
        body: '{}',
        timeoutMs: 2_000,
        allowPrivate: true,
        allowedPorts: [[443, 443]],
      });
      expect(closed).toMatchObject({ status: null, error: `blocked: port ${port} is not allowed for webhooks` });
      // A header Node refuses (an endpoint saved before the header check) is a failed attempt, not a throw.
      const bad = await postWebhook({
        url: `http://127.0.0.1:${port}/`,
        headers: { 'X-Emoji': 'ok 😀' },
        body: '{}',
        timeoutMs: 2_000,
        allowPrivate: true,
      });
      expect(bad).toMatchObject({ status: null, error: expect.stringMatching(/^invalid request: .*X-Emoji/) });
      expect(hits).toBe(1);
    } finally {
      server.close();
    }
  });
});
