import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { AppError } from '../../platform/errors.ts';

/**
 * The SSRF guard of outgoing webhooks: a receiver must be a public address. Loopback, private (RFC 1918, unique
 * local), link-local (which holds the cloud metadata service, 169.254.169.254), carrier-grade NAT, multicast,
 * reserved and translation ranges are refused, and IPv4-mapped IPv6 is judged as the IPv4 it carries. Checked when
 * an endpoint is saved and again at connect time (the `lookup` below), so a name that later resolves to a private
 * address (DNS rebinding) is refused too.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let a = ipaddr.parse(address);
  if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
  return a.range() === 'unicast';
}

/** A refused URL, pointing at the request's `url` field. */
const urlError = (code: string, message: string) =>
  new AppError(code, message, { fields: [{ path: 'body.url', message, code }] });

export const blockedTarget = (host: string, address: string) =>
  urlError(
    'webhooks.target_forbidden',
    `${host} resolves to ${address}, a private, loopback or reserved address: webhooks only reach public addresses`,
  );

/** Checks a URL a user gives: http(s), no credentials, and (unless allowed) a host that resolves to public addresses. */
export async function assertSafeUrl(raw: string, allowPrivate: boolean): Promise<URL> {
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
  if (allowPrivate) return url;
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
