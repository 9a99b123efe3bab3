import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, crmRequest } from '../api';
import { LINK_ROLE_CHOICES } from '../choices';
import { bool, compact, text } from '../inputs';
import { PERSON_OUTPUT_FIELDS, PERSON_SAMPLE } from '../records';
import { CONTACT_FIELDS, contactBody } from './contact-fields';

/**
 * POST /api/v1/people. The CRM answers 409 when a contact with the same e-mail or name exists: that is an error
 * here too (with the existing contacts named), so a Zap never creates a duplicate silently; "Find or Create
 * Contact" reuses the existing one, and "Create even if a similar contact exists" forces a namesake (an e-mail
 * already taken is always refused).
 */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord> {
  const input = bundle.inputData;
  return crmRequest<CrmRecord>(z, bundle, {
    method: 'POST',
    path: '/people',
    body: compact({
      firstName: text(input.firstName),
      lastName: text(input.lastName),
      ...contactBody(z, input),
      organisationId: text(input.organisationId),
      role: text(input.organisationId) ? text(input.role) : undefined,
      force: bool(z, 'Create even if a similar contact exists', input.force),
    }),
  });
}

export const createContact = {
  key: 'create_contact',
  noun: 'Contact',
  display: {
    label: 'Create Contact',
    description: 'Creates a contact (person), optionally linked to an organisation.',
  },
  operation: {
    perform,
    inputFields: [
      { key: 'firstName', label: 'First name', required: true, type: 'string' as const },
      { key: 'lastName', label: 'Last name', required: true, type: 'string' as const },
      ...CONTACT_FIELDS,
      {
        key: 'organisationId',
        label: 'Organisation',
        dynamic: 'organisation_list.id.name',
        search: 'find_organisation.id',
        helpText: 'Link the contact to this organisation.',
      },
      { key: 'role', label: 'Role at the organisation', choices: LINK_ROLE_CHOICES, default: 'contact_secondaire' },
      {
        key: 'force',
        label: 'Create even if a similar contact exists',
        type: 'boolean' as const,
        default: 'no',
        helpText:
          'By default the step fails when a contact with the same name or e-mail exists. Yes creates a namesake ' +
          'anyway; an e-mail already used by another contact is always refused.',
      },
    ],
    sample: PERSON_SAMPLE,
    outputFields: PERSON_OUTPUT_FIELDS,
  },
};
