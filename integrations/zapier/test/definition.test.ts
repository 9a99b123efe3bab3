import {
  DIRECTIONS,
  EmailEventSchema,
  EmailSchema,
  INTERACTION_TYPES,
  LEGAL_BASES,
  LINK_ROLES,
  LOST_REASON_CODES,
  MANDAT_KINDS,
  MANDAT_STAGES,
  ORGANISATION_CATEGORIES,
  ORGANISATION_TYPES,
  SOURCES,
} from '@crm/contracts';
import { describe, expect, it } from 'vitest';
import { InteractionSchema } from '../../../apps/server/src/features/interactions/interactions.contracts.ts';
import { MandatSchema } from '../../../apps/server/src/features/mandats/mandats.contracts.ts';
import { organisationNameKey as serverNameKey } from '../../../apps/server/src/features/organisations/name-key.ts';
import { OrganisationSchema } from '../../../apps/server/src/features/organisations/organisations.contracts.ts';
import { PersonSchema } from '../../../apps/server/src/features/people/people.contracts.ts';
import { TaskSchema } from '../../../apps/server/src/features/tasks/tasks.contracts.ts';
import { normaliseBaseUrl } from '../src/api.ts';
import * as choices from '../src/choices.ts';
import App from '../src/index.ts';
import { calendarDate, decimal, list } from '../src/inputs.ts';
import { organisationNameKey } from '../src/match.ts';
import { describeProblem, retryAfterSeconds } from '../src/middleware.ts';
import * as records from '../src/records.ts';

// `zapier validate` checks the definition as Zapier receives it: compiled, its functions replaced by placeholders.
// Those two helpers of zapier-platform-core are CommonJS-only internals (no types, no `import` export).
const { prepareApp } = require('zapier-platform-core/src/tools/schema') as { prepareApp(app: unknown): unknown };
const { recurseCleanFuncs } = require('zapier-platform-core/src/tools/cleaner') as {
  recurseCleanFuncs(app: unknown): unknown;
};
const { validateAppDefinition } = require('zapier-platform-schema') as {
  validateAppDefinition(definition: unknown): { errors: { stack: string }[] };
};

type Operation = { sample?: Record<string, unknown>; outputFields?: { key: string }[] };
const sections = { triggers: App.triggers, creates: App.creates, searches: App.searches } as unknown as Record<
  string,
  Record<string, { operation: Operation }>
>;

describe('the app definition', () => {
  it('passes zapier-platform-schema validation, as `zapier validate` runs it', () => {
    const result = validateAppDefinition(recurseCleanFuncs(prepareApp(App)));
    expect(result.errors.map((e) => e.stack)).toEqual([]);
  });

  it('has the ten instant triggers, five actions, two searches and their search-or-create', () => {
    const visible = Object.entries(App.triggers)
      .filter(([, t]) => !(t.display as { hidden?: boolean }).hidden)
      .map(([k]) => k);
    expect(visible).toEqual([
      'new_contact',
      'new_organisation',
      'new_deal',
      'deal_won',
      'deal_lost',
      'task_completed',
      'email_opened',
      'email_clicked',
      'email_bounced',
      'email_unsubscribed',
    ]);
    expect(Object.keys(App.creates)).toEqual([
      'create_contact',
      'update_contact',
      'create_organisation',
      'create_deal',
      'log_interaction',
    ]);
    expect(Object.keys(App.searches)).toEqual(['find_contact', 'find_organisation']);
    expect(App.searchOrCreates.find_contact).toMatchObject({ search: 'find_contact', create: 'create_contact' });
    expect(App.searchOrCreates.find_organisation).toMatchObject({
      search: 'find_organisation',
      create: 'create_organisation',
    });
  });

  it('every output field of every operation is in its sample', () => {
    for (const [section, items] of Object.entries(sections)) {
      for (const [key, item] of Object.entries(items)) {
        for (const f of item.operation.outputFields ?? []) {
          expect(item.operation.sample, `${section}.${key}.${f.key}`).toHaveProperty(f.key);
        }
      }
    }
  });

  it('the samples have exactly the fields of the API’s records', () => {
    const fields = (schema: { shape: Record<string, unknown> }) => Object.keys(schema.shape).sort();
    expect(Object.keys(records.PERSON_SAMPLE).sort()).toEqual(fields(PersonSchema));
    expect(Object.keys(records.ORGANISATION_SAMPLE).sort()).toEqual(fields(OrganisationSchema));
    expect(Object.keys(records.MANDAT_SAMPLE).sort()).toEqual(fields(MandatSchema));
    expect(Object.keys(records.LOST_MANDAT_SAMPLE).sort()).toEqual(fields(MandatSchema));
    expect(Object.keys(records.TASK_SAMPLE).sort()).toEqual(fields(TaskSchema));
    expect(Object.keys(records.INTERACTION_SAMPLE).sort()).toEqual(fields(InteractionSchema));
    // An e-mail event: the event's fields, then its e-mail's (its `id` as `emailId`).
    const { email: _email, ...event } = EmailEventSchema.shape;
    const { id: _id, ...email } = EmailSchema.shape;
    expect(Object.keys(records.EMAIL_EVENT_SAMPLE).sort()).toEqual(
      [...Object.keys(event), 'emailId', ...Object.keys(email)].sort(),
    );
  });

  it('its dropdown choices are the CRM’s enum values', () => {
    const values = (c: Record<string, string>) => Object.keys(c);
    expect(values(choices.MANDAT_KIND_CHOICES)).toEqual([...MANDAT_KINDS]);
    expect(values(choices.MANDAT_STAGE_CHOICES)).toEqual([...MANDAT_STAGES]);
    expect(values(choices.INTERACTION_TYPE_CHOICES)).toEqual([...INTERACTION_TYPES]);
    expect(values(choices.DIRECTION_CHOICES)).toEqual([...DIRECTIONS]);
    expect(values(choices.ORGANISATION_TYPE_CHOICES)).toEqual([...ORGANISATION_TYPES]);
    expect(values(choices.ORGANISATION_CATEGORY_CHOICES)).toEqual([...ORGANISATION_CATEGORIES]);
    expect(values(choices.SOURCE_CHOICES)).toEqual([...SOURCES]);
    expect(values(choices.LEGAL_BASIS_CHOICES)).toEqual([...LEGAL_BASES]);
    expect(values(choices.LINK_ROLE_CHOICES)).toEqual([...LINK_ROLES]);
    expect(values(choices.LOST_REASON_CHOICES)).toEqual([...LOST_REASON_CODES]);
  });
});

describe('helpers', () => {
  it('organisationNameKey compares names like the CRM’s duplicate check', () => {
    for (const name of [
      'Société Générale S.A.',
      'AURORE GESTION SAS',
      'Cœur & Patrimoine SARL',
      'Groß Asset Management GmbH',
      'S.A.',
      'La Française AM',
    ]) {
      expect(organisationNameKey(name), name).toBe(serverNameKey(name));
    }
  });

  it('normaliseBaseUrl keeps the CRM’s origin and path, whatever was pasted', () => {
    expect(normaliseBaseUrl(' https://crm.example.com/ ')).toBe('https://crm.example.com');
    expect(normaliseBaseUrl('crm.example.com')).toBe('https://crm.example.com');
    expect(normaliseBaseUrl('https://example.com/crm/api/v1/')).toBe('https://example.com/crm');
    expect(normaliseBaseUrl('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000');
    expect(() => normaliseBaseUrl('')).toThrow(/missing/);
    expect(() => normaliseBaseUrl('https://exa mple')).toThrow(/not a valid address/);
  });

  it('reads Retry-After in seconds or as a date', () => {
    expect(retryAfterSeconds('30')).toBe(30);
    expect(retryAfterSeconds(new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), Date.UTC(2026, 0, 1))).toBe(60);
    expect(retryAfterSeconds(undefined)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
  });

  it('describes a non-JSON error answer (a proxy’s HTML page) by its status and first words', () => {
    const response = { status: 502, data: undefined, content: '<html><body>Bad gateway</body></html>' };
    expect(describeProblem(response as never)).toEqual({
      message: 'The CRM answered HTTP 502: <html><body>Bad gateway</body></html>',
      code: 'http.502',
      status: 502,
    });
  });

  it('turns typed amounts, dates and lists into what the API takes', () => {
    const z = { errors: { Error } } as never;
    expect(decimal(z, 'a', '1 250 000,50')).toBe('1250000.50');
    expect(decimal(z, 'a', 1250000.5)).toBe('1250000.5');
    expect(decimal(z, 'a', '0.7512')).toBe('0.75');
    expect(() => decimal(z, 'a', 'beaucoup')).toThrow();
    expect(calendarDate(z, 'd', '2026-12-15T00:00:00+01:00')).toBe('2026-12-15');
    expect(calendarDate(z, 'd', '')).toBeUndefined();
    expect(list('a, b,,c')).toEqual(['a', 'b', 'c']);
  });
});
