import { hmac, safeEqual } from '../../platform/auth/tokens.ts';

/**
 * Our own open and click tracking (docs/CAMPAIGNS.md, "Tracking"). A campaign mail's links point to
 * `/email/c/<send>.<i>.<signature>` and it carries a 1×1 image `/email/o/<send>.<signature>.gif`. The signature
 * (HMAC-SHA-256 with SESSION_SECRET) makes the tokens unforgeable, and a click only ever goes to the i-th link of the
 * mail as we wrote it: the target is never read from the request, so there is no open redirect.
 */

const sign = (secret: string, what: string) => hmac(secret, `email-track:${what}`).slice(0, 22);

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CLICK = new RegExp(`^(${UUID})\\.(\\d{1,3})\\.([\\w-]{22})$`);
const OPEN = new RegExp(`^(${UUID})\\.([\\w-]{22})(?:\\.gif)?$`);

export function clickToken(secret: string, sendId: string, index: number): string {
  return `${sendId}.${index}.${sign(secret, `c:${sendId}:${index}`)}`;
}

export function openToken(secret: string, sendId: string): string {
  return `${sendId}.${sign(secret, `o:${sendId}`)}`;
}

export function readClick(secret: string, token: string): { sendId: string; index: number } | null {
  const m = CLICK.exec(token);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const index = Number(m[2]);
  return safeEqual(m[3], sign(secret, `c:${m[1]}:${index}`)) ? { sendId: m[1], index } : null;
}

export function readOpen(secret: string, token: string): string | null {
  const m = OPEN.exec(token);
  if (!m?.[1] || !m[2]) return null;
  return safeEqual(m[2], sign(secret, `o:${m[1]}`)) ? m[1] : null;
}

const decode = (href: string) =>
  href
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
const encode = (url: string) => url.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

/**
 * The mail with its web links going through our redirect and the pixel before `</body>`, and the links as written.
 * Our own pages (unsubscribe, preferences) and `mailto:`/`tel:` links are left as they are.
 */
export function withTracking(
  html: string,
  opts: { appUrl: string; secret: string; sendId: string },
): { html: string; links: string[] } {
  const links: string[] = [];
  const own = `${opts.appUrl}/email/`;
  const rewritten = html.replace(
    /(<a\b[^>]*?\shref=")([^"]*)(")/gi,
    (all, before: string, href: string, after: string) => {
      const url = decode(href);
      if (!/^https?:\/\//i.test(url) || url.startsWith(own)) return all;
      links.push(url);
      return `${before}${encode(`${opts.appUrl}/email/c/${clickToken(opts.secret, opts.sendId, links.length - 1)}`)}${after}`;
    },
  );
  const pixel = `<img src="${opts.appUrl}/email/o/${openToken(opts.secret, opts.sendId)}.gif" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`;
  const withPixel = rewritten.includes('</body>') ? rewritten.replace('</body>', `${pixel}</body>`) : rewritten + pixel;
  return { html: withPixel, links };
}

/** User agents of link scanners and fetchers, not people. */
const SCANNERS =
  /barracuda|mimecast|proofpoint|symantec|messagelabs|trend ?micro|fireeye|sophos|forcepoint|safelinks|paloalto|cisco|python-requests|curl\/|wget|go-http-client|java\/|okhttp|headlesschrome|phantomjs|urlscan|\bbot\b|spider|crawler|preview/i;

/**
 * Why an open or a click was a machine's, or null for a person. Apple Mail Privacy Protection fetches every image as
 * soon as the mail arrives, from Apple's network (17.0.0.0/8) with a bare `Mozilla/5.0`; security gateways follow every
 * link within seconds of delivery, several at once, often with HEAD or a telltale user agent.
 */
export function machineReason(hit: {
  kind: 'open' | 'click';
  method: string;
  userAgent: string | undefined;
  ip: string;
  sentAt: Date | null;
  now: Date;
  /** Other links of the same mail clicked in the last two seconds. */
  recentOtherClicks: number;
}): string | null {
  const ua = (hit.userAgent ?? '').trim();
  if (hit.kind === 'open' && (ua === 'Mozilla/5.0' || /^(::ffff:)?17\./.test(hit.ip))) return 'apple_mpp';
  if (!ua || SCANNERS.test(ua)) return 'scanner';
  if (hit.kind === 'click') {
    if (hit.method === 'HEAD') return 'head_request';
    if (hit.sentAt && hit.now.getTime() - hit.sentAt.getTime() < 10_000) return 'too_fast';
    if (hit.recentOtherClicks > 0) return 'burst';
  }
  return null;
}

/** A transparent 1×1 GIF. */
export const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
