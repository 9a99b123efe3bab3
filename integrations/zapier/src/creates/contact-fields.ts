import type { ZObject } from 'zapier-platform-core';
import { LEGAL_BASIS_CHOICES, SOURCE_CHOICES } from '../choices';
import { bool, compact, type Input, text } from '../inputs';

/** Contact fields shared by "Create Contact" and "Update Contact" (the `editable` fields of people.contracts.ts). */
export const CONTACT_FIELDS = [
  { key: 'email', label: 'E-mail', type: 'string' as const, helpText: 'Work e-mail; unique among contacts.' },
  { key: 'personalEmail', label: 'Personal e-mail', type: 'string' as const },
  { key: 'phone', label: 'Phone', type: 'string' as const },
  { key: 'mobile', label: 'Mobile', type: 'string' as const },
  { key: 'jobTitle', label: 'Job title', type: 'string' as const },
  {
    key: 'language',
    label: 'Language',
    type: 'string' as const,
    helpText: 'Two-letter code, e.g. `FR` or `EN` (CRM default: FR).',
  },
  { key: 'countryCode', label: 'Country', type: 'string' as const, helpText: 'Two-letter code, e.g. `FR`.' },
  { key: 'linkedinUrl', label: 'LinkedIn URL', type: 'string' as const },
  { key: 'notes', label: 'Notes', type: 'text' as const },
  { key: 'source', label: 'Source', choices: SOURCE_CHOICES },
  { key: 'marketingOptOut', label: 'Opted out of marketing', type: 'boolean' as const },
  {
    key: 'consent',
    label: 'Consent given',
    type: 'boolean' as const,
    helpText: 'Marketing consent (RGPD); the CRM records when it was given.',
  },
  { key: 'legalBasis', label: 'Legal basis (RGPD)', choices: LEGAL_BASIS_CHOICES },
  { key: 'dataSource', label: 'Where the data comes from (RGPD)', type: 'string' as const },
];

/** The API body of the contact fields that were given. */
export function contactBody(z: ZObject, input: Input) {
  return compact({
    email: text(input.email),
    personalEmail: text(input.personalEmail),
    phone: text(input.phone),
    mobile: text(input.mobile),
    jobTitle: text(input.jobTitle),
    language: text(input.language),
    countryCode: text(input.countryCode),
    linkedinUrl: text(input.linkedinUrl),
    notes: text(input.notes),
    source: text(input.source),
    marketingOptOut: bool(z, 'Opted out of marketing', input.marketingOptOut),
    consent: bool(z, 'Consent given', input.consent),
    legalBasis: text(input.legalBasis),
    dataSource: text(input.dataSource),
  });
}
