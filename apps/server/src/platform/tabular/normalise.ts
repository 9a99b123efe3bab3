/**
 * Text keys used to compare what people type (headers, enum labels, country names) with what we know:
 * accents, case, punctuation, underscores and camelCase do not matter.
 */

/** `"Adresse_e-mail"` -> `"adresse e mail"`, `"firstName"` -> `"first name"`, `"Société"` -> `"societe"`. */
export function normaliseKey(value: string): string {
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The normalised key without spaces: `"E-mail"` and `"Email"` both give `"email"`. */
export function squashKey(value: string): string {
  return normaliseKey(value).replace(/ /g, '');
}
