import { describe, expect, it } from 'vitest';
import { analyticsOf, derivedUuid } from './domain-events.ts';

const id = '0190f5a2-0000-7000-8000-000000000001';

describe('analyticsOf: the business event a domain event is', () => {
  it('maps a contact created by hand, with its id only', () => {
    const person = { id, firstName: 'Élodie', lastName: 'Bérenger', email: 'e@x.fr', dataSource: null };
    expect(analyticsOf({ type: 'contact.created', payload: { person } })).toEqual({
      event: 'contact_created',
      properties: { personId: id },
    });
  });

  it('skips the records an import creates (the import says it once, with its counts)', () => {
    const person = { id, firstName: 'A', lastName: 'B', dataSource: 'Import contacts.csv' };
    expect(analyticsOf({ type: 'contact.created', payload: { person } })).toBeNull();
    const organisation = { id, name: 'Cabinet', dataSource: 'Import LinkedIn' };
    expect(analyticsOf({ type: 'organisation.created', payload: { organisation } })).toBeNull();
  });

  it('maps a stage change with the stages as codes, and ignores what the catalogue does not name', () => {
    expect(
      analyticsOf({
        type: 'deal.stage_changed',
        payload: { mandat: { id, stage: 'pitch' }, from: 'rdv', to: 'pitch' },
      }),
    ).toEqual({ event: 'deal_stage_changed', properties: { mandatId: id, from: 'rdv', to: 'pitch' } });
    expect(analyticsOf({ type: 'contact.updated', payload: { person: { id } } })).toBeNull();
  });
});

describe('derivedUuid', () => {
  it('is stable per domain event and analytics event, and a valid UUID', () => {
    const a = derivedUuid(id, 'contact_created');
    expect(a).toBe(derivedUuid(id, 'contact_created'));
    expect(a).not.toBe(derivedUuid(id, 'deal_won'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
