import { dictionary } from '@zxcvbn-ts/language-common';

/**
 * The most common passwords, ordered by frequency (about 49,000 entries from the xato 10-million
 * password corpus, as shipped by the MIT-licensed `@zxcvbn-ts/language-common` package). Loaded once into
 * a Set, lower-cased; the check is case-insensitive so "Password1234" is refused like "password1234".
 */
const COMMON: ReadonlySet<string> = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export const commonPasswordCount = (): number => COMMON.size;

export function isCommonPassword(plain: string): boolean {
  return COMMON.has(plain.toLowerCase());
}
