import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, listPage } from '../api';
import {
  LOST_MANDAT_SAMPLE,
  MANDAT_OUTPUT_FIELDS,
  MANDAT_SAMPLE,
  ORGANISATION_OUTPUT_FIELDS,
  ORGANISATION_SAMPLE,
  PERSON_OUTPUT_FIELDS,
  PERSON_SAMPLE,
  TASK_OUTPUT_FIELDS,
  TASK_SAMPLE,
  WON_MANDAT_SAMPLE,
} from '../records';
import { hookTrigger, type InstantTriggerSpec } from './hook-trigger';

/** How many recent records the sample / polling fallback asks for: Zapier's limit when it gives one, else 50. */
export function recentLimit(bundle: Bundle): number {
  const limit = bundle.meta?.limit;
  return typeof limit === 'number' && limit > 0 ? Math.min(limit, 200) : 50;
}

function recordAt(key: string) {
  return (data: Record<string, unknown>): CrmRecord | null => {
    const record = data[key];
    return record && typeof record === 'object' && typeof (record as CrmRecord).id === 'string'
      ? { ...(record as CrmRecord) }
      : null;
  };
}

function recentCreated(path: string) {
  return async (z: ZObject, bundle: Bundle) =>
    (await listPage(z, bundle, path, { sort: '-createdAt', limit: recentLimit(bundle) })).items;
}

/** Mandates that reached a closing stage, latest close first. */
function recentClosed(stage: 'gagne' | 'perdu') {
  return async (z: ZObject, bundle: Bundle) =>
    (await listPage(z, bundle, '/mandats', { stage, sort: '-closedAt', limit: recentLimit(bundle) })).items;
}

/** Tasks done, latest completion first. */
async function recentCompletedTasks(z: ZObject, bundle: Bundle) {
  return (await listPage(z, bundle, '/tasks', { status: 'done', sort: '-completedAt', limit: recentLimit(bundle) }))
    .items;
}

const mandatOf = recordAt('mandat');

export const INSTANT_TRIGGERS: InstantTriggerSpec[] = [
  {
    key: 'new_contact',
    noun: 'Contact',
    label: 'New Contact',
    description: 'Triggers when a contact (person) is created in the CRM.',
    eventType: 'contact.created',
    recordOf: recordAt('person'),
    listRecent: recentCreated('/people'),
    sample: PERSON_SAMPLE,
    outputFields: PERSON_OUTPUT_FIELDS,
  },
  {
    key: 'new_organisation',
    noun: 'Organisation',
    label: 'New Organisation',
    description: 'Triggers when an organisation is created in the CRM.',
    eventType: 'organisation.created',
    recordOf: recordAt('organisation'),
    listRecent: recentCreated('/organisations'),
    sample: ORGANISATION_SAMPLE,
    outputFields: ORGANISATION_OUTPUT_FIELDS,
  },
  {
    key: 'new_deal',
    noun: 'Deal',
    label: 'New Deal',
    description: 'Triggers when a deal (distribution or placement mandate) is created in the CRM.',
    eventType: 'deal.created',
    recordOf: mandatOf,
    listRecent: recentCreated('/mandats'),
    sample: MANDAT_SAMPLE,
    outputFields: MANDAT_OUTPUT_FIELDS,
  },
  {
    key: 'deal_won',
    noun: 'Deal',
    label: 'Deal Won',
    description: 'Triggers when a deal reaches the Won stage.',
    eventType: 'deal.won',
    recordOf: mandatOf,
    listRecent: recentClosed('gagne'),
    sample: WON_MANDAT_SAMPLE,
    outputFields: MANDAT_OUTPUT_FIELDS,
  },
  {
    key: 'deal_lost',
    noun: 'Deal',
    label: 'Deal Lost',
    description: 'Triggers when a deal reaches the Lost stage (with the reason).',
    eventType: 'deal.lost',
    // The event carries the reason beside the mandate: its code, and as `lostReason` the detail or, without one, the
    // code's French name (never empty, as Zaps built before the codes expect). The mandate holds them too.
    recordOf: (data) => {
      const mandat = mandatOf(data);
      if (!mandat) return null;
      return {
        ...mandat,
        lostReasonCode: (data.lostReasonCode as string | undefined) ?? mandat.lostReasonCode ?? null,
        lostReason: (data.lostReason as string | undefined) ?? mandat.lostReason ?? null,
      };
    },
    listRecent: recentClosed('perdu'),
    sample: LOST_MANDAT_SAMPLE,
    outputFields: MANDAT_OUTPUT_FIELDS,
  },
  {
    key: 'task_completed',
    noun: 'Task',
    label: 'Task Completed',
    description: 'Triggers when a task is marked done in the CRM.',
    eventType: 'task.completed',
    recordOf: recordAt('task'),
    listRecent: recentCompletedTasks,
    sample: TASK_SAMPLE,
    outputFields: TASK_OUTPUT_FIELDS,
  },
];

export const instantTriggers = Object.fromEntries(INSTANT_TRIGGERS.map((spec) => [spec.key, hookTrigger(spec)]));
