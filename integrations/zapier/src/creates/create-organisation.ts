import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, crmRequest } from '../api';
import {
  LEGAL_BASIS_CHOICES,
  ORGANISATION_CATEGORY_CHOICES,
  ORGANISATION_TYPE_CHOICES,
  SOURCE_CHOICES,
  TIER_CHOICES,
} from '../choices';
import { bool, compact, decimal, integer, list, text } from '../inputs';
import { ORGANISATION_OUTPUT_FIELDS, ORGANISATION_SAMPLE } from '../records';

/**
 * POST /api/v1/organisations. A name very close to an existing organisation's answers 409 (probable duplicate):
 * an error here, naming the existing ones, unless "Create even if a similar organisation exists" is Yes.
 */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord> {
  const input = bundle.inputData;
  return crmRequest<CrmRecord>(z, bundle, {
    method: 'POST',
    path: '/organisations',
    body: compact({
      name: text(input.name),
      type: text(input.type),
      category: text(input.category),
      email: text(input.email),
      phone: text(input.phone),
      website: text(input.website),
      address: text(input.address),
      postalCode: text(input.postalCode),
      city: text(input.city),
      countryCode: text(input.countryCode),
      aum: decimal(z, 'Assets under management', input.aum),
      tier: integer(z, 'Tier', input.tier),
      tags: list(input.tags),
      notes: text(input.notes),
      source: text(input.source),
      consent: bool(z, 'Consent given', input.consent),
      legalBasis: text(input.legalBasis),
      force: bool(z, 'Create even if a similar organisation exists', input.force),
    }),
  });
}

export const createOrganisation = {
  key: 'create_organisation',
  noun: 'Organisation',
  display: {
    label: 'Create Organisation',
    description: 'Creates an organisation (asset manager, CGP firm, bank, insurer...).',
  },
  operation: {
    perform,
    inputFields: [
      { key: 'name', label: 'Name', required: true, type: 'string' as const },
      { key: 'type', label: 'Type', choices: ORGANISATION_TYPE_CHOICES },
      { key: 'category', label: 'Category', choices: ORGANISATION_CATEGORY_CHOICES },
      { key: 'email', label: 'E-mail', type: 'string' as const },
      { key: 'phone', label: 'Phone', type: 'string' as const },
      { key: 'website', label: 'Website', type: 'string' as const },
      { key: 'address', label: 'Address', type: 'string' as const },
      { key: 'postalCode', label: 'Postal code', type: 'string' as const },
      { key: 'city', label: 'City', type: 'string' as const },
      { key: 'countryCode', label: 'Country', type: 'string' as const, helpText: 'Two-letter code, e.g. `FR`.' },
      { key: 'aum', label: 'Assets under management (EUR)', type: 'number' as const },
      { key: 'tier', label: 'Tier', choices: TIER_CHOICES },
      { key: 'tags', label: 'Tags', type: 'string' as const, list: true },
      { key: 'notes', label: 'Notes', type: 'text' as const },
      { key: 'source', label: 'Source', choices: SOURCE_CHOICES },
      { key: 'consent', label: 'Consent given', type: 'boolean' as const },
      { key: 'legalBasis', label: 'Legal basis (RGPD)', choices: LEGAL_BASIS_CHOICES },
      {
        key: 'force',
        label: 'Create even if a similar organisation exists',
        type: 'boolean' as const,
        default: 'no',
        helpText: 'By default the step fails when an organisation with a very close name exists.',
      },
    ],
    sample: ORGANISATION_SAMPLE,
    outputFields: ORGANISATION_OUTPUT_FIELDS,
  },
};
