import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../platform/errors.ts';

/**
 * The IPv4 addresses an IPv6 address carries: IPv4-compatible `::a.b.c.d` (deprecated, ::/96), IPv4-mapped
 * `::ffff:a.b.c.d`, NAT64 (64:ff9b::/96 and the local-use 64:ff9b:1::/48, RFC 6052/8215: the last 32 bits), 6to4
 * (2002::/16: bits 16-47) and Teredo (2001::/32: the server at bits 32-63, the client obfuscated in the last 32).
 */
export function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4[] {
  const b = a.toByteArray();
  const v4 = (at: number, xor = 0) => new ipaddr.IPv4(b.slice(at, at + 4).map((x) => x ^ xor));
  const w = a.parts;
  if (w.slice(0, 6).every((x) => x === 0)) return [v4(12)];
  if (a.isIPv4MappedAddress()) return [v4(12)];
  if (w[0] === 0x64 && w[1] === 0xff9b && (w.slice(2, 6).every((x) => x === 0) || w[2] === 1)) return [v4(12)];
  if (w[0] === 0x2002) return [v4(2)];
  if (w[0] === 0x2001 && w[1] === 0) return [v4(4), v4(12, 0xff)];
  return [];
}

/**
 * The SSRF guard of outgoing webhooks: a receiver must be a public address. Loopback, private (RFC 1918, unique
 * local), link-local (which holds the cloud metadata service, 169.254.169.254), carrier-grade NAT, multicast,
 * reserved and translation ranges are refused. An IPv6 address that embeds an IPv4 one is refused when that IPv4
 * address is not public, and the embedding ranges themselves (IPv4-compatible ::/96, NAT64, 6to4, Teredo) are
 * refused whatever they carry: no receiver needs them. Checked when an endpoint is saved and again at connect time
 * (the `lookup` below), so a name that later resolves to a private address (DNS rebinding) is refused too.
 */
export function isPublicAddress(address: string): boolean {
  const text = address.includes(':') ? canonicalIPv6(address) : address;
  if (text === null || !ipaddr.isValid(text)) return false;
  const a = ipaddr.parse(text);
  if (a.kind() === 'ipv4') return a.range() === 'unicast';
  const v6 = a as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range() === 'unicast';
  const carried = embeddedIPv4(v6);
  if (carried.some((v4) => v4.range() !== 'unicast')) return false;
  // ::/96 (IPv4-compatible, deprecated) reads as unicast to ipaddr.js: refuse it as the translation ranges are.
  return carried.length === 0 && v6.range() === 'unicast';
}

/**
 * An IPv6 address as the URL parser writes it (`::127.0.0.1` -> `::7f00:1`), or null. ipaddr.js reads the dotted
 * `::a.b.c.d` as the IPv4-mapped `::ffff:a.b.c.d`, which is another address: judge the one a connection would reach.
 */
function canonicalIPv6(address: string): string | null {
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
}

/** Whether `port` is in one of the inclusive ranges (WEBHOOKS_ALLOWED_PORTS). */
export function isAllowedPort(port: number, allowed: readonly (readonly [number, number])[]): boolean {
  return allowed.some(([lo, hi]) => port >= lo && port <= hi);
}

/** The port a URL connects to: its own, or its scheme's default. */
export const portOf = (url: URL) => (url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80);

/** A refused URL, pointing at the request's `url` field. */
const urlError = (code: string, message: string) =>
  new AppError(code, message, { fields: [{ path: 'body.url', message, code }] });

export const blockedTarget = (host: string, address: string) =>
  urlError(
    'webhooks.target_forbidden',
    `${host} resolves to ${address}, a private, loopback or reserved address: webhooks only reach public addresses`,
  );

/** What the guard allows: private targets (unsafe, tests) and the receivers' ports. */
export interface TargetPolicy {
  allowPrivateTargets: boolean;
  allowedPorts: readonly (readonly [number, number])[];
}

/**
 * Checks a URL a user gives: http(s), no credentials, an allowed port, and (unless allowed) a host that resolves to
 * public addresses.
 */
export async function assertSafeUrl(raw: string, policy: TargetPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw urlError('webhooks.url_invalid', 'The URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw urlError('webhooks.url_invalid', 'Only http and https URLs are accepted');
  }
  if (url.username || url.password) {
    throw urlError('webhooks.url_invalid', 'Put credentials in a custom header, not in the URL');
  }
  if (!isAllowedPort(portOf(url), policy.allowedPorts)) {
    throw urlError(
      'webhooks.port_forbidden',
      `Port ${portOf(url)} is not allowed for webhooks (allowed: ${policy.allowedPorts.map(([lo, hi]) => (lo === hi ? lo : `${lo}-${hi}`)).join(', ')})`,
    );
  }
  if (policy.allowPrivateTargets) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host)
    ? [host]
    : await new Promise<string[]>((resolve, reject) =>
        dnsLookup(host, { all: true }, (err, list) =>
          err
            ? reject(urlError('webhooks.url_unresolvable', `${host} does not resolve (${err.code ?? err.message})`))
            : resolve(list.map((l) => l.address)),
        ),
      );
  const bad = addresses.find((a) => !isPublicAddress(a));
  if (bad) throw blockedTarget(host, bad);
  return url;
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for http.request that refuses non-public addresses at connect time. IP literals never reach a lookup:
 * the sender checks those itself.
 */
export function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, list) => {
    if (err) return callback(err, []);
    const bad = list.find((l) => !isPublicAddress(l.address));
    if (bad) {
      const e = blockedTarget(hostname, bad.address) as unknown as NodeJS.ErrnoException;
      e.code = 'EWEBHOOKTARGET';
      return callback(e, []);
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    const first = list[0] as LookupAddress;
    callback(null, first.address, first.family);
  });
}
