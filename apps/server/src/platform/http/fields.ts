import { IANAZone } from 'luxon';
import { z } from 'zod';
import { isCountryCode } from '../tabular/countries.ts';

/**
 * A decimal amount for a `numeric(precision, scale)` column, given as a JSON number or a decimal string and kept as
 * a string (no floating-point rounding on the way to the database). Bounded to what the column holds, so
 * `1e308` or `9223372036854775808` is a 400 naming the field, never a numeric overflow in the database.
 */
export function decimalAmount(opts: { precision: number; scale: number }) {
  const integerDigits = opts.precision - opts.scale;
  const limit = 10 ** integerDigits;
  const message = `a decimal number with at most ${integerDigits} digits before the decimal point and ${opts.scale} after`;
  return z
    .union([
      z.number().refine((n) => Number.isFinite(n) && Math.abs(n) < limit, message),
      z.string().regex(new RegExp(`^-?\\d{1,${integerDigits}}(\\.\\d{1,${opts.scale}})?$`), message),
    ])
    .transform((v) => String(v));
}

/** Schemes a stored web address may use: anything else (`javascript:`, `data:`, `vbscript:`, `file:`) is refused. */
const WEB_SCHEMES = new Set(['http:', 'https:']);
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** `acme.fr` -> `https://acme.fr`; a URL with a scheme is kept as written. Null when not a web address. */
export function toWebUrl(value: string): string | null {
  const withScheme = HAS_SCHEME.test(value) ? value : `https://${value}`;
  if (!URL.canParse(withScheme)) return null;
  const url = new URL(withScheme);
  if (!WEB_SCHEMES.has(url.protocol) || url.hostname === '' || url.username || url.password) return null;
  return withScheme;
}

/**
 * A web address given by a user (an organisation's website, a contact's LinkedIn profile): `http:` or `https:` only,
 * so that no stored link can run script or carry a document when the web app, an export or an integration (Zapier,
 * Make) opens it. Without a scheme (`acme.fr`) it is stored as `https://acme.fr`, as imports do.
 */
export function webUrl(max = 300) {
  return z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s, ctx) => {
      const url = toWebUrl(s);
      if (url === null) {
        ctx.addIssue({ code: 'custom', message: 'an http:// or https:// web address' });
        return z.NEVER;
      }
      return url;
    })
    .describe('An http:// or https:// web address (https:// is added when no scheme is given)');
}

/**
 * A country: an ISO 3166-1 alpha-2 code (`platform/tabular/countries.ts`, the list the imports read too), in any case
 * and stored upper case (`lu` -> `LU`). `ZZ`, `UK` or `FRA` are a 400 naming the field.
 */
/** An IANA time zone (`Europe/Paris`, `America/New_York`), as Luxon and the platform's Intl know them. */
export function timeZoneName() {
  return z
    .string()
    .trim()
    .max(64)
    .refine((s) => IANAZone.isValidZone(s), { message: 'not an IANA time zone (Europe/Paris, America/New_York…)' })
    .describe('IANA time zone (Europe/Paris, America/New_York…)');
}

export function countryCode() {
  return z
    .string()
    .trim()
    .regex(/^[A-Za-z]{2}$/, { message: 'an ISO 3166-1 alpha-2 country code (two letters: FR, LU, BE…)', abort: true })
    .refine(isCountryCode, { message: 'not an ISO 3166-1 alpha-2 country code', abort: true })
    .transform((s) => s.toUpperCase())
    .describe('ISO 3166-1 alpha-2 country code (FR, LU, BE…), any case; stored upper case');
}

/**
 * An e-mail address, trimmed like a name before it is checked (` ana@acme.fr ` is `ana@acme.fr`), at most 254
 * characters. Its case is kept: the e-mail columns are `citext`, so every comparison (the people's e-mail rule,
 * logins, the list's `email` filter) ignores case (docs/DOMAIN.md).
 */
export function emailAddress() {
  return z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.email().max(254));
}
