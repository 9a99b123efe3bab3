import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, crmRequest } from '../api';
import { compact, text } from '../inputs';
import { PERSON_OUTPUT_FIELDS, PERSON_SAMPLE } from '../records';
import { CONTACT_FIELDS, contactBody } from './contact-fields';

/** PATCH /api/v1/people/{id} with the fields that were given (an empty field is left as it is in the CRM). */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord> {
  const input = bundle.inputData;
  const id = text(input.id);
  if (!id) throw new z.errors.Error('Choose the contact to update', 'input.missing', 400);
  const body = compact({ firstName: text(input.firstName), lastName: text(input.lastName), ...contactBody(z, input) });
  if (Object.keys(body).length === 0) {
    throw new z.errors.Error('Nothing to update: give at least one field of the contact', 'input.missing', 400);
  }
  return crmRequest<CrmRecord>(z, bundle, { method: 'PATCH', path: `/people/${encodeURIComponent(id)}`, body });
}

export const updateContact = {
  key: 'update_contact',
  noun: 'Contact',
  display: {
    label: 'Update Contact',
    description: 'Updates fields of an existing contact; fields left empty keep their value.',
  },
  operation: {
    perform,
    inputFields: [
      {
        key: 'id',
        label: 'Contact',
        required: true,
        dynamic: 'contact_list.id.name',
        search: 'find_contact.id',
        helpText: 'The contact to update (pick one, map a Contact ID, or search by e-mail or name).',
      },
      { key: 'firstName', label: 'First name', type: 'string' as const },
      { key: 'lastName', label: 'Last name', type: 'string' as const },
      ...CONTACT_FIELDS,
    ],
    sample: PERSON_SAMPLE,
    outputFields: PERSON_OUTPUT_FIELDS,
  },
};
