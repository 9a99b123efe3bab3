import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, crmRequest } from '../api';
import { LOST_REASON_CHOICES, MANDAT_KIND_CHOICES, MANDAT_STAGE_CHOICES, SOURCE_CHOICES } from '../choices';
import { calendarDate, compact, decimal, integer, text } from '../inputs';
import { MANDAT_OUTPUT_FIELDS, MANDAT_SAMPLE } from '../records';

/** POST /api/v1/mandats: a deal is a distribution or placement mandate with an organisation. */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord> {
  const input = bundle.inputData;
  const stage = text(input.stage);
  return crmRequest<CrmRecord>(z, bundle, {
    method: 'POST',
    path: '/mandats',
    body: compact({
      organisationId: text(input.organisationId),
      kind: text(input.kind),
      title: text(input.title),
      stage,
      lostReasonCode: stage === 'perdu' ? text(input.lostReasonCode) : undefined,
      lostReason: stage === 'perdu' ? text(input.lostReason) : undefined,
      amount: decimal(z, 'Amount', input.amount),
      currency: text(input.currency)?.toUpperCase(),
      probability: integer(z, 'Probability', input.probability),
      expectedCloseDate: calendarDate(z, 'Expected close date', input.expectedCloseDate),
      primaryContactId: text(input.primaryContactId),
      source: text(input.source),
      mandateNumber: text(input.mandateNumber),
      commissionRate: decimal(z, 'Commission rate', input.commissionRate),
    }),
  });
}

export const createDeal = {
  key: 'create_deal',
  noun: 'Deal',
  display: { label: 'Create Deal', description: 'Creates a deal (distribution or placement mandate) in the pipeline.' },
  operation: {
    perform,
    inputFields: [
      {
        key: 'organisationId',
        label: 'Organisation',
        required: true,
        dynamic: 'organisation_list.id.name',
        search: 'find_organisation.id',
      },
      { key: 'kind', label: 'Kind', required: true, choices: MANDAT_KIND_CHOICES, default: 'distribution' },
      { key: 'title', label: 'Title', required: true, type: 'string' as const },
      { key: 'stage', label: 'Stage', choices: MANDAT_STAGE_CHOICES, default: 'lead' },
      {
        key: 'lostReasonCode',
        label: 'Lost reason',
        choices: LOST_REASON_CHOICES,
        helpText: 'Why the deal was lost: required when the stage is Lost (left empty with a detail: Other).',
      },
      {
        key: 'lostReason',
        label: 'Lost reason detail',
        type: 'text' as const,
        helpText: 'What happened, in words: required with Other, optional with the other reasons.',
      },
      { key: 'amount', label: 'Amount', type: 'number' as const },
      { key: 'currency', label: 'Currency', type: 'string' as const, helpText: 'ISO code, default EUR.' },
      {
        key: 'probability',
        label: 'Probability (%)',
        type: 'integer' as const,
        helpText: "0-100; defaults to the stage's probability.",
      },
      { key: 'expectedCloseDate', label: 'Expected close date', type: 'datetime' as const },
      {
        key: 'primaryContactId',
        label: 'Primary contact',
        dynamic: 'contact_list.id.name',
        search: 'find_contact.id',
      },
      { key: 'source', label: 'Source', choices: SOURCE_CHOICES },
      { key: 'mandateNumber', label: 'Mandate number', type: 'string' as const },
      { key: 'commissionRate', label: 'Commission rate (%)', type: 'number' as const },
    ],
    sample: MANDAT_SAMPLE,
    outputFields: MANDAT_OUTPUT_FIELDS,
  },
};
