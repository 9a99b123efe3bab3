import { describe, expect, it } from 'vitest';
import { editorOf, isEditable, kindOfType, patchOf, type ResolveContext, resolveEditor } from './resolve.ts';
import type { FieldDescription, RecordField } from './types.ts';

type Org = {
  id: string;
  name: string;
  type: string;
  tier: number | null;
  aumDate: string | null;
  ownerId: string;
  isActive: boolean;
  tags: string[];
  createdAt: string;
};
const ORG: Org = {
  id: 'o1',
  name: 'Garonne Gestion',
  type: 'client',
  tier: 2,
  aumDate: '2026-01-15',
  ownerId: 'u9',
  isActive: true,
  tags: ['ESG'],
  createdAt: '2026-01-01T10:00:00Z',
};
const d = (name: string, type: FieldDescription['type'], more: Partial<FieldDescription> = {}): FieldDescription => ({
  name,
  type,
  nullable: false,
  writable: true,
  ...more,
});
const CTX: ResolveContext = {
  users: [{ value: 'u1', label: 'Claire Fontaine' }],
  userName: (id) => (id === 'u9' ? 'Ancien Responsable' : '…'),
  enumLabel: (name, value) => (name === 'type' && value === 'client' ? 'Client' : undefined),
};
const field = (name: keyof Org & string, more: Partial<RecordField<Org>> = {}): RecordField<Org> => ({
  name,
  label: name,
  section: 'main',
  ...more,
});

describe('record fields: the editor follows the server’s type', () => {
  it('maps each type to its kind of editor', () => {
    expect(kindOfType(d('type', 'enum'))).toBe('select');
    expect(kindOfType(d('aumDate', 'date'))).toBe('date');
    expect(kindOfType(d('tier', 'integer'))).toBe('number');
    expect(kindOfType(d('aum', 'number'))).toBe('number');
    expect(kindOfType(d('name', 'string'))).toBe('text');
    expect(kindOfType(d('email', 'email'))).toBe('text');
    expect(kindOfType(d('website', 'url'))).toBe('text');
    expect(kindOfType(d('notes', 'text'))).toBe('textarea');
    expect(kindOfType(d('isActive', 'boolean'))).toBe('boolean');
    expect(kindOfType(d('tags', 'list'))).toBe('tags');
    expect(kindOfType(d('ownerId', 'id'))).toBe('user');
    expect(kindOfType(d('organisationId', 'id'))).toBe('none'); // no generic picker: the page says which
    expect(kindOfType(d('dueAt', 'datetime'))).toBe('none');
  });

  it('a declared editor wins over the type; without a description, yes/no and lists still show as such', () => {
    expect(editorOf(field('tier', { editor: { kind: 'select' } }), ORG, d('tier', 'integer')).kind).toBe('select');
    expect(editorOf(field('tier', { editor: () => ({ kind: 'none' }) }), ORG, d('tier', 'integer')).kind).toBe('none');
    expect(editorOf(field('isActive'), ORG, undefined).kind).toBe('boolean');
    expect(editorOf(field('tags'), ORG, undefined).kind).toBe('tags');
    expect(editorOf(field('name'), ORG, undefined).kind).toBe('none');
  });

  it('an enum is a select of the server’s values, translated, clearable when nullable', () => {
    const editor = resolveEditor(field('type'), ORG, d('type', 'enum', { values: ['client', 'autre'] }), CTX);
    expect(editor).toEqual({
      kind: 'select',
      value: 'client',
      options: [
        { value: 'client', label: 'Client' },
        { value: 'autre', label: 'autre' },
      ],
      clearable: false,
    });
    const labelled = resolveEditor(
      field('type', { labels: (v) => v.toUpperCase() }),
      ORG,
      d('type', 'enum', { values: ['client'], nullable: true }),
      CTX,
    );
    expect(labelled).toMatchObject({ options: [{ value: 'client', label: 'CLIENT' }], clearable: true });
  });

  it('a stored value the options lack is kept; the owner picker offers the current owner', () => {
    const odd = resolveEditor(
      field('type'),
      { ...ORG, type: 'legacy' },
      d('type', 'enum', { values: ['client'] }),
      CTX,
    );
    expect(odd).toMatchObject({ options: [{ value: 'client' }, { value: 'legacy', label: 'legacy' }] });
    const owner = resolveEditor(field('ownerId'), ORG, d('ownerId', 'id'), CTX);
    expect(owner).toMatchObject({
      kind: 'select',
      value: 'u9',
      options: [
        { value: 'u9', label: 'Ancien Responsable' },
        { value: 'u1', label: 'Claire Fontaine' },
      ],
    });
  });

  it('numbers as text for the input, integers flagged; a date gets the picker; an email its input type', () => {
    expect(resolveEditor(field('tier'), ORG, d('tier', 'integer'), CTX)).toMatchObject({
      kind: 'number',
      value: '2',
      integer: true,
    });
    expect(resolveEditor(field('aumDate'), ORG, d('aumDate', 'date'), CTX)).toMatchObject({
      kind: 'custom',
      value: '2026-01-15',
    });
    expect(resolveEditor(field('name'), ORG, d('name', 'email'), CTX)).toMatchObject({
      kind: 'text',
      inputType: 'email',
    });
    expect(resolveEditor(field('createdAt'), ORG, undefined, CTX)).toBeUndefined();
  });
});

describe('record fields: who may edit, what is sent', () => {
  const editor = resolveEditor(field('name'), ORG, d('name', 'string'), CTX);

  it('editable only when the server says writable and the user may change the record', () => {
    expect(isEditable(d('name', 'string'), true, editor)).toBe(true);
    expect(isEditable(d('name', 'string', { writable: false }), true, editor)).toBe(false);
    expect(isEditable(d('name', 'string'), false, editor)).toBe(false);
    expect(isEditable(undefined, true, editor)).toBe(false); // not described: computed, or still loading
    expect(isEditable(d('name', 'string'), true, undefined)).toBe(false);
  });

  it('the PATCH names that field only, numbers of a numeric field as numbers, an empty value as null', () => {
    expect(patchOf(field('tier'), d('tier', 'integer'), '3')).toEqual({ tier: 3 });
    expect(patchOf(field('tier'), d('tier', 'integer', { nullable: true }), null)).toEqual({ tier: null });
    expect(patchOf(field('aumDate'), d('aumDate', 'date'), '')).toEqual({ aumDate: null });
    expect(patchOf(field('name', { toValue: (v) => String(v).toUpperCase() }), d('name', 'string'), 'x')).toEqual({
      name: 'X',
    });
  });
});
