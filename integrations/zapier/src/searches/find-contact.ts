import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, listPage } from '../api';
import { text } from '../inputs';
import { emailMatches, nameMatches } from '../match';
import { PERSON_OUTPUT_FIELDS, PERSON_SAMPLE } from '../records';

/**
 * Contacts by e-mail (work or personal, exact, any case) or else by name (every word given is one of the
 * contact's names, accents and case ignored: "martin" finds Hélène Martin, "Dupond" does not find Dupont).
 * The list's search (`q`) narrows the candidates; the exact rule decides. Best match first.
 */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord[]> {
  const email = text(bundle.inputData.email);
  const name = text(bundle.inputData.name);
  if (!email && !name) throw new z.errors.Error('Give an e-mail or a name to search for', 'input.missing', 400);
  const q = (email ?? name) as string;
  const { items } = await listPage(z, bundle, '/people', { q: q.slice(0, 200), limit: 50 });
  return email ? items.filter((p) => emailMatches(email, p)) : items.filter((p) => nameMatches(q, p));
}

export const findContact = {
  key: 'find_contact',
  noun: 'Contact',
  display: { label: 'Find Contact', description: 'Finds a contact by e-mail or by name.' },
  operation: {
    perform,
    inputFields: [
      {
        key: 'email',
        label: 'E-mail',
        type: 'string' as const,
        helpText: 'Exact e-mail (work or personal). When given, the name is not used.',
      },
      {
        key: 'name',
        label: 'Name',
        type: 'string' as const,
        helpText: 'First and/or last name, e.g. "Hélène Martin" or "Martin" (accents and case ignored).',
      },
    ],
    sample: PERSON_SAMPLE,
    outputFields: PERSON_OUTPUT_FIELDS,
  },
};
