import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, listPage } from '../api';
import { text } from '../inputs';
import { organisationNameKey } from '../match';
import { ORGANISATION_OUTPUT_FIELDS, ORGANISATION_SAMPLE } from '../records';

/**
 * Organisations by name, compared like the CRM's duplicate check does (case, accents, punctuation and legal forms
 * such as SA or SAS ignored: "societe generale" finds "Société Générale S.A.").
 */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord[]> {
  const name = text(bundle.inputData.name);
  if (!name) throw new z.errors.Error('Give the name of the organisation to search for', 'input.missing', 400);
  const key = organisationNameKey(name);
  const { items } = await listPage(z, bundle, '/organisations', { q: name.slice(0, 200), limit: 50 });
  return items.filter((o) => organisationNameKey(String(o.name ?? '')) === key);
}

export const findOrganisation = {
  key: 'find_organisation',
  noun: 'Organisation',
  display: { label: 'Find Organisation', description: 'Finds an organisation by name.' },
  operation: {
    perform,
    inputFields: [
      {
        key: 'name',
        label: 'Name',
        required: true,
        type: 'string' as const,
        helpText: 'Case, accents and legal forms (SA, SAS...) are ignored.',
      },
    ],
    sample: ORGANISATION_SAMPLE,
    outputFields: ORGANISATION_OUTPUT_FIELDS,
  },
};
