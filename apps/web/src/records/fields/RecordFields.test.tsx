// @vitest-environment jsdom
import { useQuery } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { api, type Schemas } from '../../api/client.ts';
import { ApiError } from '../../api/problem.ts';
import i18n from '../../app/i18n.ts';
import { metaKeys, organisationKeys } from '../../app/query-keys.ts';
import { renderWithApp } from '../../test/render.tsx';
import { RecordFields } from './RecordFields.tsx';
import type { RecordField } from './types.ts';

type EntityField = Schemas['EntityField'];

type Org = {
  id: string;
  name: string;
  city: string | null;
  type: string;
  source: string | null;
  tier: number | null;
  aumDate: string | null;
  isActive: boolean;
  ownerId: string;
  createdAt: string;
};
const ORG: Org = {
  id: 'o1',
  name: 'Garonne Gestion',
  city: 'Paris',
  type: 'client',
  source: 'salon',
  tier: 2,
  aumDate: '2026-01-15',
  isActive: true,
  ownerId: 'u1',
  createdAt: '2026-01-01T10:00:00Z',
};
const describe_ = (name: string, type: EntityField['type'], more: Partial<EntityField> = {}): EntityField => ({
  name,
  type,
  nullable: true,
  writable: true,
  writableBy: ['admin', 'manager', 'user'],
  ...more,
});
/** What GET /meta/entities/organisations/fields answers to a salesperson: the owner is not theirs to change. */
const DESCRIBED = {
  entity: 'organisations',
  fields: [
    describe_('name', 'string', { nullable: false }),
    describe_('city', 'string'),
    describe_('type', 'enum', { nullable: false, values: ['client', 'fournisseur'] }),
    describe_('source', 'enum', { values: ['salon', 'linkedin'] }),
    describe_('tier', 'integer'),
    describe_('aumDate', 'date'),
    describe_('isActive', 'boolean', { nullable: false }),
    describe_('ownerId', 'id', { nullable: false, writable: false, writableBy: ['admin', 'manager'] }),
  ],
};
const FIELDS: RecordField<Org>[] = [
  { section: 'main', name: 'name', label: 'Nom' },
  { section: 'main', name: 'city', label: 'Ville' },
  { section: 'main', name: 'type', label: 'Type', labels: (v) => (v === 'client' ? 'Client' : 'Fournisseur') },
  { section: 'main', name: 'source', label: 'Source' },
  {
    section: 'main',
    name: 'tier',
    label: 'Tier',
    editor: {
      kind: 'select',
      options: [
        { value: '2', label: 'Tier 2' },
        { value: '3', label: 'Tier 3' },
      ],
    },
  },
  { section: 'main', name: 'aumDate', label: 'Date des encours' },
  { section: 'main', name: 'isActive', label: 'Active' },
  { section: 'main', name: 'ownerId', label: 'Responsable' },
  { section: 'main', name: 'createdAt', label: 'Créée le', display: () => '1 janv. 2026' },
];
const QUERIES: [readonly unknown[], unknown][] = [
  [metaKeys.fields('organisations'), DESCRIBED],
  [['directory', 'users'], [{ id: 'u1', name: 'Claire Fontaine' }]],
];

/** The fields of the record as a page shows them: read from its query, which a save updates. */
function Page({ mayModify }: { mayModify: boolean }) {
  const record = useQuery({ queryKey: organisationKeys.record(ORG.id), queryFn: () => ORG }).data;
  return record ? (
    <RecordFields
      entity="organisations"
      record={record}
      fields={FIELDS}
      sections={[{ key: 'main', title: 'Identité' }]}
      mayModify={mayModify}
    />
  ) : null;
}
const show = (mayModify: boolean) =>
  renderWithApp(<Page mayModify={mayModify} />, { queries: [...QUERIES, [organisationKeys.record(ORG.id), ORG]] });
const editButton = (label: string) => screen.queryByRole('button', { name: new RegExp(`^Modifier\\s:\\s${label}`) });

beforeAll(async () => {
  await i18n.loadNamespaces('records');
});
afterEach(() => vi.restoreAllMocks());

describe('RecordFields: editable where the server and the rights allow', () => {
  it('the fields the server says the caller may write are editable; the others, and undescribed ones, are shown', async () => {
    show(true);
    expect(await screen.findByRole('heading', { name: 'Identité' })).toBeTruthy();
    for (const label of ['Nom', 'Ville', 'Type', 'Source', 'Tier', 'Date des encours']) {
      expect(editButton(label), label).not.toBeNull();
    }
    expect(editButton('Responsable')).toBeNull(); // writable: false
    expect(screen.getByText('Claire Fontaine')).toBeTruthy();
    expect(editButton('Créée le')).toBeNull(); // not a PATCH field
    expect(screen.getByText('1 janv. 2026')).toBeTruthy();
    expect((screen.getByRole('switch') as HTMLInputElement).disabled).toBe(false);
  });

  it('nothing is editable when the user may not change the record', async () => {
    show(false);
    expect(await screen.findByRole('heading', { name: 'Identité' })).toBeTruthy();
    expect(screen.queryAllByRole('button')).toHaveLength(0);
    expect((screen.getByRole('switch') as HTMLInputElement).disabled).toBe(true);
    // Values still read as the user knows them: translated enums, dates in French.
    expect(screen.getByText('Client')).toBeTruthy();
    expect(screen.getByText('Salon')).toBeTruthy();
    expect(screen.getByText('15 janv. 2026')).toBeTruthy();
  });
});

describe('RecordFields: the editor follows the type', () => {
  it('an enum opens a select of its values with their labels; a string, a text input; a date, a picker', async () => {
    show(true);
    fireEvent.click(await screen.findByRole('button', { name: /^Modifier\s:\sType/ }));
    const select = screen.getByRole('combobox', { name: 'Type' });
    expect((select as HTMLInputElement).value).toBe('Client');
    expect(await screen.findByRole('option', { name: 'Fournisseur' })).toBeTruthy();
    fireEvent.keyDown(select, { key: 'Escape' });

    fireEvent.click(screen.getByRole('button', { name: /^Modifier\s:\sVille/ }));
    expect((screen.getByRole('textbox', { name: 'Ville' }) as HTMLInputElement).value).toBe('Paris');
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Ville' }), { key: 'Escape' });

    fireEvent.click(screen.getByRole('button', { name: /^Modifier\s:\sDate des encours/ }));
    // The picker's form: its own ✓ and ✕ (a pop-over takes the focus, so leaving does not save).
    expect(screen.getByRole('button', { name: 'Enregistrer' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Date des encours' }).textContent).toBe('15/01/2026');
  });
});

describe('RecordFields: saving', () => {
  it('sends that field only, as the API takes it, and says so', async () => {
    const patch = vi
      .spyOn(api, 'PATCH')
      .mockResolvedValue({ data: { ...ORG, city: 'Lyon' }, response: new Response() } as never);
    show(true);
    fireEvent.click(await screen.findByRole('button', { name: /^Modifier\s:\sVille/ }));
    const input = screen.getByRole('textbox', { name: 'Ville' });
    fireEvent.change(input, { target: { value: '  Lyon ' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0]?.[0]).toBe('/api/v1/organisations/{id}');
    expect(patch.mock.calls[0]?.[1]).toMatchObject({ params: { path: { id: 'o1' } }, body: { city: 'Lyon' } });
    expect(await screen.findByRole('button', { name: /^Modifier\s:\sVille\s*Lyon/ })).toBeTruthy();
  });

  it('a number chosen from a select travels as a number', async () => {
    const patch = vi.spyOn(api, 'PATCH').mockResolvedValue({ data: { ...ORG, tier: 3 } } as never);
    show(true);
    fireEvent.click(await screen.findByRole('button', { name: /^Modifier\s:\sTier/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'Tier 3' }));
    await waitFor(() => expect(patch).toHaveBeenCalledTimes(1));
    expect(patch.mock.calls[0]?.[1]).toMatchObject({ body: { tier: 3 } });
  });

  it('a refusal shows under the field, in French, and the field stays open', async () => {
    vi.spyOn(api, 'PATCH').mockRejectedValue(new ApiError(403, { code: 'auth.forbidden', detail: 'You may not' }));
    show(true);
    fireEvent.click(await screen.findByRole('button', { name: /^Modifier\s:\sNom/ }));
    const input = screen.getByRole('textbox', { name: 'Nom' });
    fireEvent.change(input, { target: { value: 'Garonne AM' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(await screen.findByText('Vous n’avez pas les droits nécessaires pour cette action.')).toBeTruthy();
    expect(screen.getByRole('textbox', { name: 'Nom' })).toBeTruthy();
    expect(screen.queryByText(/may not/)).toBeNull();
  });
});
