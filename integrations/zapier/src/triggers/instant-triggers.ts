import type { Bundle, ZObject } from 'zapier-platform-core';
import { type CrmRecord, listPage } from '../api';
import {
  EMAIL_EVENT_OUTPUT_FIELDS,
  EMAIL_EVENT_SAMPLE,
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

/** The e-mail of an `email.*` event flattened beside the event (records.ts, EMAIL_EVENT_SAMPLE). */
function flatEmail(eventId: string, type: string, at: string, url: string | null, email: Record<string, unknown>) {
  const { id: emailId, ...rest } = email;
  return { id: eventId, type, at, url, emailId, ...rest } as CrmRecord;
}

function emailEventOf(type: string) {
  return (data: Record<string, unknown>, timestamp: string | undefined): CrmRecord | null => {
    const email = data.email as Record<string, unknown> | undefined;
    if (!email || typeof data.emailEventId !== 'string') return null;
    const url = typeof data.url === 'string' ? data.url : null;
    return flatEmail(data.emailEventId, type, timestamp ?? '', url, email);
  };
}

/** People's e-mail events of one type, newest first (`GET /email-events`), flattened like the hook's record. */
function recentEmailEvents(type: string) {
  return async (z: ZObject, bundle: Bundle) => {
    const page = await listPage<CrmRecord>(z, bundle, '/email-events', { type, limit: recentLimit(bundle) });
    return page.items.map((e) =>
      flatEmail(
        e.id,
        String(e.type),
        String(e.at),
        (e.url as string | null) ?? null,
        e.email as Record<string, unknown>,
      ),
    );
  };
}

const emailTrigger = (key: string, type: string, label: string, description: string): InstantTriggerSpec => ({
  key,
  noun: 'E-mail',
  label,
  description,
  eventType: `email.${type}`,
  recordOf: emailEventOf(type),
  listRecent: recentEmailEvents(type),
  sample: { ...EMAIL_EVENT_SAMPLE, type, url: type === 'clicked' ? 'https://www.example.com/fonds/atlas' : null },
  outputFields: EMAIL_EVENT_OUTPUT_FIELDS,
});

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
  emailTrigger(
    'email_opened',
    'opened',
    'E-mail Opened',
    'Triggers when a contact opens a campaign e-mail (opens by privacy proxies and scanners are left out).',
  ),
  emailTrigger(
    'email_clicked',
    'clicked',
    'E-mail Link Clicked',
    'Triggers when a contact clicks a link of a campaign e-mail (link scanners are left out).',
  ),
  emailTrigger(
    'email_bounced',
    'bounced',
    'E-mail Bounced',
    'Triggers when a campaign e-mail bounces (a dead address is taken off every campaign).',
  ),
  emailTrigger(
    'email_unsubscribed',
    'unsubscribed',
    'Contact Unsubscribed',
    'Triggers when a contact unsubscribes through a campaign e-mail.',
  ),
];

export const instantTriggers = Object.fromEntries(INSTANT_TRIGGERS.map((spec) => [spec.key, hookTrigger(spec)]));
