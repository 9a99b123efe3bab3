import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, crmRequest } from '../api';
import { DIRECTION_CHOICES, INTERACTION_TYPE_CHOICES } from '../choices';
import { compact, instant, integer, text } from '../inputs';
import { INTERACTION_OUTPUT_FIELDS, INTERACTION_SAMPLE } from '../records';

/** What marks interactions logged by Zapier (`externalSource`), with the step's "External ID". */
export const EXTERNAL_SOURCE = 'zapier';

/**
 * POST /api/v1/interactions. With an external ID the call is idempotent: the same ID logs one interaction however
 * often the step runs (the CRM answers the existing one).
 */
async function perform(z: ZObject, bundle: Bundle): Promise<CrmRecord> {
  const input = bundle.inputData;
  const externalId = text(input.externalId);
  return crmRequest<CrmRecord>(z, bundle, {
    method: 'POST',
    path: '/interactions',
    body: compact({
      type: text(input.type),
      title: text(input.title),
      occurredAt: instant(z, 'Occurred at', input.occurredAt) ?? new Date().toISOString(),
      body: text(input.body),
      durationMinutes: integer(z, 'Duration', input.durationMinutes),
      direction: text(input.direction),
      organisationId: text(input.organisationId),
      personId: text(input.personId),
      mandatId: text(input.mandatId),
      outcome: text(input.outcome),
      externalSource: externalId ? EXTERNAL_SOURCE : undefined,
      externalId,
    }),
  });
}

export const logInteraction = {
  key: 'log_interaction',
  noun: 'Interaction',
  display: {
    label: 'Log Interaction',
    description: 'Logs a call, e-mail, meeting, pitch or note on the timeline of a contact and/or an organisation.',
  },
  operation: {
    perform,
    inputFields: [
      { key: 'type', label: 'Type', required: true, choices: INTERACTION_TYPE_CHOICES, default: 'note' },
      { key: 'title', label: 'Title', required: true, type: 'string' as const },
      { key: 'body', label: 'Body', type: 'text' as const },
      {
        key: 'occurredAt',
        label: 'Occurred at',
        type: 'datetime' as const,
        helpText: 'When it happened; now when empty.',
      },
      { key: 'durationMinutes', label: 'Duration (minutes)', type: 'integer' as const },
      { key: 'direction', label: 'Direction', choices: DIRECTION_CHOICES },
      {
        key: 'personId',
        label: 'Contact',
        dynamic: 'contact_list.id.name',
        search: 'find_contact.id',
        helpText: 'Give a contact, an organisation or both: the CRM needs at least one.',
      },
      {
        key: 'organisationId',
        label: 'Organisation',
        dynamic: 'organisation_list.id.name',
        search: 'find_organisation.id',
      },
      { key: 'mandatId', label: 'Deal', dynamic: 'deal_list.id.name' },
      { key: 'outcome', label: 'Outcome', type: 'string' as const },
      {
        key: 'externalId',
        label: 'External ID',
        type: 'string' as const,
        helpText:
          'A unique ID from the source app (e.g. the e-mail or calendar event ID). The same ID never logs twice: ' +
          'a replayed or retried Zap returns the interaction already logged.',
      },
    ],
    sample: INTERACTION_SAMPLE,
    outputFields: INTERACTION_OUTPUT_FIELDS,
  },
};
