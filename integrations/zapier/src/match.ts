/**
 * How searches decide that a CRM record is the one asked for. The CRM's `q` search is typo-tolerant and ranks
 * close names first, which suits people browsing, not a Zap that must not attach an e-mail to the wrong contact:
 * the searches send `q` and keep only exact matches by these rules.
 */

/** Lower case, no accents, ligatures spelled out, punctuation as spaces. */
export function plain(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Every word of `query` is a word of the person's first or last name ("martin", "Hélène Martin"). */
export function nameMatches(query: string, person: Record<string, unknown>): boolean {
  const wanted = plain(query).split(' ').filter(Boolean);
  if (wanted.length === 0) return false;
  const words = new Set(plain(`${String(person.firstName ?? '')} ${String(person.lastName ?? '')}`).split(' '));
  return wanted.every((w) => words.has(w));
}

export function emailMatches(email: string, person: Record<string, unknown>): boolean {
  const wanted = email.trim().toLowerCase();
  return [person.email, person.personalEmail].some((e) => typeof e === 'string' && e.trim().toLowerCase() === wanted);
}

/** Legal forms the CRM ignores when it compares organisation names (apps/server .../organisations/name-key.ts). */
const LEGAL_FORMS = new Set(
  'sa sas sasu sarl eurl sca scs snc sci selarl scop gie se ag gmbh ltd limited llc llp plc inc nv bv sl spa sarlu'.split(
    ' ',
  ),
);

/**
 * The organisation name as the CRM's duplicate check compares it: "Société Générale S.A." and "societe generale"
 * give the same key. Kept in step with the server's organisationNameKey by test/definition.test.ts.
 */
export function organisationNameKey(name: string): string {
  const base = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/(?<![a-z0-9])[a-z](?:\.[a-z])+\.?(?![a-z0-9])/g, (m) => m.replace(/\./g, ''))
    .replace(/&/g, ' et ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const tokens = base.split(' ').filter(Boolean);
  const kept = tokens.filter((t) => !LEGAL_FORMS.has(t));
  return (kept.length > 0 ? kept : tokens).join(' ');
}
