/**
 * ISIN (ISO 6166): 2-letter country code, 9 alphanumerics, 1 check digit. The check digit is the Luhn
 * digit of the first 11 characters with letters expanded to two digits (A=10 … Z=35).
 */
const ISIN_BODY = /^[A-Z]{2}[A-Z0-9]{9}$/;
const ISIN_FULL = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;

/** The check digit of an 11-character ISIN body (country code + 9 alphanumerics). */
export function isinCheckDigit(body: string): number {
  if (!ISIN_BODY.test(body)) throw new RangeError(`not an ISIN body: ${body}`);
  let digits = '';
  for (const ch of body) digits += ch >= 'A' ? String(ch.charCodeAt(0) - 55) : ch;
  // Luhn: from the rightmost digit (which will sit left of the check digit), double every other digit.
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** A 12-character ISIN with a correct check digit (upper case only). */
export function isValidIsin(isin: string): boolean {
  return ISIN_FULL.test(isin) && isinCheckDigit(isin.slice(0, 11)) === Number(isin[11]);
}

/** Completes an 11-character body with its check digit. */
export const withIsinCheckDigit = (body: string): string => `${body}${isinCheckDigit(body)}`;
