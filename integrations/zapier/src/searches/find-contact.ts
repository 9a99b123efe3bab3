import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, listPage } from '../api';
import { text } from '../inputs';
import { emailMatches, nameMatches } from '../match';
import { PERSON_OUTPUT_FIELDS, PERSON_SAMPLE } from '../records';

/**
 * Contacts by e-mail (work or personal, exact, any case: the list's `email` filter) or else by name (every word
 * given is one of the contact's names, accents and case ignored: "martin" finds Hélène Martin, "Dupond" does not
 * find Dupont; the list's typo-tolerant `q` search narrows the candidates, this rule decides). Best match first.
 */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord[]> {
  const email = text(bundle.inputData.email);
  const name = text(bundle.inputData.name);
  if (email) {
    const { items } = await listPage(z, bundle, '/people', { email, limit: 10 });
    // The filter is exact already; checked again so that a CRM without it (older) cannot answer someone else.
    return items.filter((p) => emailMatches(email, p));
  }
  if (!name) throw new z.errors.Error('Give an e-mail or a name to search for', 'input.missing', 400);
  const { items } = await listPage(z, bundle, '/people', { q: name.slice(0, 200), limit: 50 });
  return items.filter((p) => nameMatches(name, p));
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
