/**
 * Normalised organisation name for duplicate detection: lower case, no accents, no punctuation, and the
 * common legal forms (SA, SAS, SARL, SCA, GmbH, Ltd…) removed. "Société Générale S.A." and
 * "societe generale" give the same key. Stripping stays modest: business words such as "Gestion" or
 * "Asset Management" are kept, they tell firms apart.
 */
const LEGAL_FORMS = new Set([
  'sa',
  'sas',
  'sasu',
  'sarl',
  'eurl',
  'sca',
  'scs',
  'snc',
  'sci',
  'selarl',
  'scop',
  'gie',
  'se',
  'ag',
  'gmbh',
  'ltd',
  'limited',
  'llc',
  'llp',
  'plc',
  'inc',
  'nv',
  'bv',
  'sl',
  'spa',
  'sarlu',
]);

export function organisationNameKey(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    // Dotted abbreviations: "S.A.", "s.a.s" -> "sa", "sas".
    .replace(/(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])/g, (m) => m.replace(/\./g, ''))
    .replace(/&/g, ' et ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const tokens = base.split(' ').filter(Boolean);
  const kept = tokens.filter((t) => !LEGAL_FORMS.has(t));
  return (kept.length > 0 ? kept : tokens).join(' ');
}

/**
 * The digits of a normalised name, in order ("scpi pierre 2" -> "2"). Two names that differ by their numbers
 * ("Fonds Alpha 1", "Fonds Alpha 12") are different firms however close their letters: an automatic merge needs the
 * same digits (imports: docs/DOMAIN.md "Imports").
 */
export function nameKeyDigits(key: string): string {
  return key.replace(/[^0-9]+/g, '');
}
