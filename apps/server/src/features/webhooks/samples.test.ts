import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  EVENT_PAYLOAD_SCHEMAS,
  EVENT_TYPES,
  PLANNED_EVENT_TYPES,
  PRODUCED_EVENT_TYPES,
  type ProducedEventType,
} from '@crm/contracts';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EmailSchema } from '../campaigns/email-events.contracts.ts';
import { InteractionSchema } from '../interactions/interactions.contracts.ts';
import { MandatSchema } from '../mandats/mandats.contracts.ts';
import { OrganisationSchema } from '../organisations/organisations.contracts.ts';
import { PersonSchema } from '../people/people.contracts.ts';
import { ProduitSchema } from '../produits/produits.contracts.ts';
import { TaskSchema } from '../tasks/tasks.contracts.ts';
import { EMITTED_EVENT_TYPES, SAMPLE_OBJECTS, samplePayload } from './samples.ts';
import { DOC_END, DOC_START, renderSamplesSection } from './samples-doc.ts';

/** The API schemas hold Dates; a webhook body holds their ISO strings. Turn them back before parsing. */
function parseAsApi(schema: z.ZodObject, value: Record<string, unknown>) {
  const revived = Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v) : v]),
  );
  return schema.strict().safeParse(revived);
}

describe('webhook sample payloads', () => {
  it('are shaped exactly like the API objects (no missing, extra or mistyped field)', () => {
    const pairs: [z.ZodObject, Record<string, unknown>][] = [
      [PersonSchema, SAMPLE_OBJECTS.person],
      [OrganisationSchema, SAMPLE_OBJECTS.organisation],
      [MandatSchema, SAMPLE_OBJECTS.mandat],
      [ProduitSchema, SAMPLE_OBJECTS.product],
      [TaskSchema, SAMPLE_OBJECTS.task],
      [InteractionSchema, SAMPLE_OBJECTS.interaction],
      [EmailSchema, SAMPLE_OBJECTS.email],
    ];
    for (const [schema, sample] of pairs) {
      const r = parseAsApi(schema, sample);
      expect(r.success, JSON.stringify(r.error?.issues)).toBe(true);
    }
  });

  it('exist for every event type the CRM emits, all of them in the catalogue', () => {
    for (const type of EMITTED_EVENT_TYPES) {
      expect(EVENT_TYPES).toContain(type);
      expect(samplePayload(type)).not.toBeNull();
    }
    expect(samplePayload('call.completed')).toBeNull();
  });
});

describe('the event catalogue’s payload schemas (@crm/contracts)', () => {
  it('cover every type of the catalogue, the planned ones marked provisional', () => {
    expect(Object.keys(EVENT_PAYLOAD_SCHEMAS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of PLANNED_EVENT_TYPES) expect(EVENT_PAYLOAD_SCHEMAS[type].description).toMatch(/^Provisional/);
    for (const type of PRODUCED_EVENT_TYPES) expect(EVENT_PAYLOAD_SCHEMAS[type].description).toBeUndefined();
  });

  it('accept the sample of every produced type', () => {
    for (const type of PRODUCED_EVENT_TYPES) {
      const r = EVENT_PAYLOAD_SCHEMAS[type].safeParse(samplePayload(type));
      expect(r.success, `${type}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
    }
  });

  it('refuse a tampered sample', () => {
    const without = (o: Record<string, unknown>, key: string) =>
      Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));
    const tampered: [ProducedEventType, (p: Record<string, unknown>) => unknown][] = [
      ['contact.created', (p) => without(p, 'person')],
      ['contact.created', (p) => ({ ...p, person: without(p.person as Record<string, unknown>, 'ownerId') })],
      ['task.assigned', (p) => ({ ...p, task: { ...(p.task as object), assigneeId: 42 } })],
      ['task.updated', (p) => ({ ...p, changes: 'priority' })],
      ['deal.stage_changed', (p) => ({ ...p, to: 'signe' })],
      ['deal.lost', (p) => without(p, 'lostReason')],
      ['deal.lost', (p) => without(p, 'lostReasonCode')],
      ['deal.lost', (p) => ({ ...p, lostReasonCode: 'trop_cher' })],
      ['interaction.created', (p) => ({ ...p, interaction: { ...(p.interaction as object), participants: [{}] } })],
      ['organisation.updated', (p) => ({ ...p, merged: true })],
      ['product.created', () => ({ organisation: samplePayload('organisation.created').organisation })],
    ];
    for (const [type, tamper] of tampered) {
      const r = EVENT_PAYLOAD_SCHEMAS[type].safeParse(tamper(samplePayload(type)));
      expect(r.success, `${type}: ${tamper.toString()}`).toBe(false);
    }
  });
});

describe('docs/WEBHOOKS.md', () => {
  it('shows the payload examples the samples give (run `npm run docs:webhooks` after changing them)', () => {
    const doc = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '../../../../../docs/WEBHOOKS.md'), 'utf8');
    // Layout is the formatter's business (table padding, JSON line breaks): compared without white space, a run of
    // dashes as one.
    const normal = (text: string) => text.replace(/\s+/g, '').replace(/-{3,}/g, '---');
    const section = doc.slice(doc.indexOf(DOC_START) + DOC_START.length, doc.indexOf(DOC_END)).trim();
    expect(normal(section)).toBe(normal(renderSamplesSection()));
  });
});
