import ipaddr from 'ipaddr.js';

/**
 * URL reduction of the sanitiser (docs/ANALYTICS.md, "Privacy"): a page is stored as its path, without query (a
 * search's text, a token) or fragment, and its route pattern (`/people/:id`), the unit the analysis groups by.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d{1,20}$/;
/** A segment the web app's router names (`people`, `api-keys`): lower case words. */
const STATIC = /^[a-z][a-z0-9-]{0,63}$/;
const MAX_SEGMENTS = 12;

export interface PageRef {
  path: string;
  route: string;
}

/**
 * The path and route of a URL or a path. Id segments (UUIDs, numbers) stay in the path and read `:id` in the route;
 * any other segment that is not a plain lower-case word (a name typed into the address bar, an encoded value) is
 * `:value` in both. Null when it is not a URL at all.
 */
export function pageOf(input: unknown): PageRef | null {
  if (typeof input !== 'string' || input.length === 0 || input.length > 8_192) return null;
  let pathname: string;
  try {
    pathname = new URL(input, 'http://crm.invalid').pathname;
  } catch {
    return null;
  }
  const segments = pathname.split('/').filter(Boolean).slice(0, MAX_SEGMENTS);
  const path: string[] = [];
  const route: string[] = [];
  for (const s of segments) {
    if (UUID.test(s) || NUMBER.test(s)) {
      path.push(s.toLowerCase());
      route.push(':id');
    } else if (STATIC.test(s)) {
      path.push(s);
      route.push(s);
    } else {
      path.push(':value');
      route.push(':value');
    }
  }
  return { path: `/${path.join('/')}`, route: `/${route.join('/')}` };
}

/** The route pattern of a path (`/people/0199…` -> `/people/:id`). */
export const routeOf = (path: string): string | null => pageOf(path)?.route ?? null;

/** An IP address with its host part cut: /24 for IPv4, /48 for IPv6 (an IPv4 mapped in IPv6 as IPv4). */
export function truncateIp(ip: string | undefined | null): string | null {
  if (!ip || !ipaddr.isValid(ip)) return null;
  let addr = ipaddr.parse(ip);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress()) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  }
  if (addr.kind() === 'ipv4') {
    const [a, b, c] = (addr as ipaddr.IPv4).octets;
    return `${a}.${b}.${c}.0`;
  }
  const parts = (addr as ipaddr.IPv6).parts;
  return new ipaddr.IPv6([parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0, 0, 0, 0, 0, 0]).toString();
}
