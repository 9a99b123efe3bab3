import { describe, expect, it } from 'vitest';
import { bulkFieldsFrom, bulkRequest, type FieldDescription, isReady } from './bulk-fields.ts';
import type { BulkField } from './types.ts';

const d = (name: string, type: FieldDescription['type'], more: Partial<FieldDescription> = {}): FieldDescription => ({
  name,
  type,
  nullable: false,
  writable: true,
  ...more,
});

// What the server describes for organisations (abridged), as GET /meta/entities/organisations/fields answers.
const ORGANISATION: FieldDescription[] = [
  d('name', 'string'),
  d('category', 'enum', { values: ['CGPI', 'SDG'] }),
  d('countryCode', 'string'),
  d('tier', 'integer', { nullable: true }),
  d('aum', 'number', { nullable: true }),
  d('aumDate', 'date', { nullable: true }),
  d('notes', 'text', { nullable: true }),
  d('tags', 'list'),
  d('strategies', 'list'),
  d('isActive', 'boolean'),
  d('ownerId', 'id', { writable: false }),
  d('website', 'url', { nullable: true }),
];

describe('the fields a bulk edit offers', () => {
  it('follows the list’s hints, in their order, with a control for each type', () => {
    const fields = bulkFieldsFrom(ORGANISATION, {
      tags: { label: 'Tags' },
      category: { label: 'Catégorie', options: [{ value: 'SDG', label: 'Société de gestion' }] },
      tier: { label: 'Tier', options: ['1', '2', '3'].map((v) => ({ value: v, label: `Tier ${v}` })) },
      countryCode: { label: 'Pays', options: [{ value: 'FR', label: 'France' }] },
      aum: { label: 'Encours' },
      aumDate: { label: 'Date de l’encours' },
      isActive: { label: 'Active' },
      website: { label: 'Site' },
    });
    expect(fields.map((f) => [f.key, f.kind])).toEqual([
      ['tags', 'tags'],
      ['category', 'select'],
      ['tier', 'select'],
      ['countryCode', 'select'],
      ['aum', 'number'],
      ['aumDate', 'date'],
      ['isActive', 'boolean'],
      ['website', 'text'],
    ]);
    expect(fields[1]).toMatchObject({ options: [{ value: 'SDG', label: 'Société de gestion' }], nullable: false });
    expect(fields[2]).toMatchObject({ numeric: true, nullable: true });
  });

  it('leaves out what the caller may not write, what the list does not show, and what has no bulk control', () => {
    const fields = bulkFieldsFrom(ORGANISATION, {
      ownerId: { label: 'Propriétaire' }, // writable by managers only
      notes: { label: 'Notes' }, // long text
      strategies: { label: 'Stratégies' }, // a list that is not the tags
      nope: { label: 'Inconnu' }, // not described
    });
    expect(fields).toEqual([]);
  });

  it('offers only the enum values the server allows and the list keeps (a lost mandate needs its reason)', () => {
    const [stage] = bulkFieldsFrom([d('stage', 'enum', { values: ['prospect', 'gagne', 'perdu'] })], {
      stage: {
        label: 'Étape',
        options: [
          { value: 'prospect', label: 'Prospect' },
          { value: 'gagne', label: 'Gagné' },
          { value: 'retired', label: 'Ancien code' },
        ],
      },
    });
    expect(stage).toMatchObject({ kind: 'select', options: [{ value: 'prospect' }, { value: 'gagne' }] });
  });

  it('gives owners and assignees a user picker, and tasks’ due date a date-time', () => {
    const fields = bulkFieldsFrom(
      [
        d('assigneeId', 'id', { nullable: true }),
        d('organisationId', 'id'),
        d('dueAt', 'datetime', { nullable: true }),
      ],
      { assigneeId: { label: 'Assignée à' }, organisationId: { label: 'Organisation' }, dueAt: { label: 'Échéance' } },
    );
    expect(fields.map((f) => [f.key, f.kind, f.nullable])).toEqual([
      ['assigneeId', 'user', true],
      ['dueAt', 'datetime', true],
    ]);
  });
});

describe('what a bulk edit sends', () => {
  const field = (f: Partial<BulkField> & Pick<BulkField, 'kind'>) =>
    ({ key: 'x', label: 'X', nullable: false, ...f }) as BulkField;
  const ids = ['a', 'b'];

  it('one value for every row, typed as the field wants it', () => {
    expect(bulkRequest(ids, field({ kind: 'select', key: 'category', options: [] }), 'SDG')).toEqual({
      ids,
      patch: { category: 'SDG' },
    });
    expect(bulkRequest(ids, field({ kind: 'select', key: 'tier', options: [], numeric: true }), '2').patch).toEqual({
      tier: 2,
    });
    expect(bulkRequest(ids, field({ kind: 'number', key: 'aum', integer: false }), 1500.5).patch).toEqual({
      aum: 1500.5,
    });
    expect(bulkRequest(ids, field({ kind: 'boolean', key: 'isActive' }), false).patch).toEqual({ isActive: false });
    expect(bulkRequest(ids, field({ kind: 'text', key: 'city' }), '  Lyon ').patch).toEqual({ city: 'Lyon' });
    expect(bulkRequest(ids, field({ kind: 'date', key: 'aumDate' }), '2026-12-31').patch).toEqual({
      aumDate: '2026-12-31',
    });
  });

  it('a due date typed in Paris time is sent as its instant', () => {
    expect(bulkRequest(ids, field({ kind: 'datetime', key: 'dueAt' }), '2026-12-08 09:00:00').patch).toEqual({
      dueAt: '2026-12-08T08:00:00.000Z',
    });
  });

  it('an emptied nullable field sends null', () => {
    const tier = field({ kind: 'select', key: 'tier', options: [], numeric: true, nullable: true });
    expect(isReady(tier, null)).toBe(true);
    expect(bulkRequest(ids, tier, null).patch).toEqual({ tier: null });
    expect(isReady(field({ kind: 'select', options: [] }), null)).toBe(false);
  });

  it('tags are added and removed on each row’s own list, not replaced', () => {
    const tags = field({ kind: 'tags', key: 'tags' });
    expect(bulkRequest(ids, tags, { add: ['ESG'], remove: ['Salon'] })).toEqual({
      ids,
      patch: {},
      tags: { add: ['ESG'], remove: ['Salon'] },
    });
    expect(isReady(tags, { add: [], remove: [] })).toBe(false);
    expect(isReady(tags, { add: ['ESG'], remove: [] })).toBe(true);
  });

  it('is not ready before a value is chosen', () => {
    expect(isReady(field({ kind: 'user' }), undefined)).toBe(false);
    expect(isReady(field({ kind: 'boolean' }), undefined)).toBe(false);
    expect(isReady(field({ kind: 'boolean' }), false)).toBe(true);
    expect(isReady(field({ kind: 'text' }), '   ')).toBe(false);
    expect(isReady(field({ kind: 'datetime' }), 'pas une date')).toBe(false);
  });
});
