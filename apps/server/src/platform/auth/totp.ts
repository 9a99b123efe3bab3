import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 defaults that every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const DIGITS = 6;
/** Accept the previous and the next step too (clock drift of up to ±30 s). */
const WINDOW = 1;

function totpFor(secretBase32: string, label = '', issuer = ''): TOTP {
  return new TOTP({
    issuer,
    label,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A new random secret (160 bits, base32), as authenticator apps expect. */
export const generateTotpSecret = (): string => new Secret({ size: 20 }).base32;

/** The otpauth:// URI to put in a QR code, and the QR code itself as a PNG data URL. */
export async function totpProvisioning(input: { secret: string; account: string; issuer: string }) {
  const uri = totpFor(input.secret, input.account, input.issuer).toString();
  const qrCodeDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  return { uri, qrCodeDataUrl };
}

/** The code for a moment (tests and tools; the server only verifies). */
export const totpCodeAt = (secret: string, at: Date): string => totpFor(secret).generate({ timestamp: at.getTime() });

/**
 * Verifies a 6-digit code at `now` with a ±1 step window. Returns the time step (counter) the code
 * belongs to, so callers can refuse a second use of the same step, or null when the code is wrong.
 */
export function verifyTotp(secret: string, code: string, now: Date): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const totp = totpFor(secret);
  const delta = totp.validate({ token, timestamp: now.getTime(), window: WINDOW });
  if (delta === null) return null;
  return totp.counter({ timestamp: now.getTime() }) + delta;
}

export const looksLikeTotpCode = (code: string): boolean => /^\d{6}$/.test(code.replace(/\s+/g, ''));

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

/** Ten single-use backup codes like `k7wq-3mzp-xa`: 10 characters, about 49 bits each. */
export function generateBackupCodes(count = 10): string[] {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const chars = Array.from({ length: 10 }, () => BACKUP_ALPHABET[randomInt(BACKUP_ALPHABET.length)]).join('');
    codes.push(`${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`);
  }
  return codes;
}

/** Canonical form before hashing: case, spaces and dashes do not matter when typing a backup code. */
export const normalizeBackupCode = (code: string): string => code.toLowerCase().replace(/[\s-]+/g, '');
