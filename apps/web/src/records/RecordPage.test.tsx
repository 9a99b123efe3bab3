// @vitest-environment jsdom
import { useQuery } from '@tanstack/react-query';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { useLocation } from 'react-router';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/problem.ts';
import i18n from '../app/i18n.ts';
import { renderWithApp } from '../test/render.tsx';
import { RecordLoad, RecordPage, type RecordPageProps } from './RecordPage.tsx';

function Where() {
  const location = useLocation();
  return <output data-testid="url">{location.pathname + location.search}</output>;
}
const url = () => screen.getByTestId('url').textContent;

const TABS: RecordPageProps['tabs'] = [
  { value: 'info', label: 'Informations', render: () => <p>Les champs</p> },
  { value: 'contacts', label: 'Contacts', count: 3, render: () => <p>Les contacts</p> },
];
const page = (more: Partial<RecordPageProps> = {}) => (
  <>
    <RecordPage
      back={{ to: '/organisations', label: 'Organisations' }}
      title="Garonne Gestion"
      tabs={TABS}
      timeline={<p>Le fil</p>}
      notes={<p>Les notes</p>}
      {...more}
    />
    <Where />
  </>
);

/** A record page whose record does not load: answered `status`. */
function Missing({ status }: { status: number }) {
  const query = useQuery({
    queryKey: ['test', status],
    queryFn: (): Promise<{ name: string }> => Promise.reject(new ApiError(status, { code: `http.${status}` })),
  });
  return (
    <RecordLoad
      query={query}
      back={{ to: '/organisations', label: 'Organisations' }}
      notFound={{ icon: null, title: 'Organisation introuvable', body: 'Supprimée ?', action: 'Organisations' }}
    >
      {(r) => <p>{r.name}</p>}
    </RecordLoad>
  );
}

beforeAll(async () => {
  await i18n.loadNamespaces('records');
});

describe('RecordPage: tabs kept in the URL', () => {
  it('the first tab by default, then the activity slots last, in a sideways-scrolling list', async () => {
    renderWithApp(page(), { url: '/organisations/o1' });
    const list = await screen.findByRole('tablist', { name: 'Sections de la fiche' });
    expect(list.classList.contains('scroll-x')).toBe(true);
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual([
      'Informations',
      'Contacts3',
      'Activité',
      'Notes et fichiers',
    ]);
    expect(screen.getByRole('tab', { name: 'Informations' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByText('Les champs')).toBeTruthy();
    expect(screen.queryByText('Les contacts')).toBeNull(); // a tab mounts when opened
    expect(screen.getByRole('heading', { level: 1, name: 'Garonne Gestion' })).toBeTruthy();
  });

  it('opens the tab the URL names; choosing one writes `?tab=`, the first one leaves it out', async () => {
    renderWithApp(page(), { url: '/organisations/o1?tab=timeline&sort=name' });
    expect(await screen.findByText('Le fil')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: /Contacts/ }));
    await waitFor(() => expect(url()).toBe('/organisations/o1?tab=contacts&sort=name'));
    expect(screen.getByText('Les contacts')).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Informations' }));
    await waitFor(() => expect(url()).toBe('/organisations/o1?sort=name'));
    expect(screen.getByText('Les champs')).toBeTruthy();
  });

  it('an unknown tab in the URL falls back to the first', async () => {
    renderWithApp(page(), { url: '/organisations/o1?tab=nope' });
    expect(await screen.findByText('Les champs')).toBeTruthy();
  });

  it('a summary can open a tab', async () => {
    renderWithApp(
      page({
        summary: (open) => (
          <button type="button" onClick={() => open('contacts')}>
            3 contacts
          </button>
        ),
      }),
      { url: '/organisations/o1' },
    );
    fireEvent.click(await screen.findByRole('button', { name: '3 contacts' }));
    await waitFor(() => expect(url()).toBe('/organisations/o1?tab=contacts'));
  });

  it('one tab alone shows its content without a tab list', async () => {
    renderWithApp(page({ tabs: [TABS[0] as RecordPageProps['tabs'][number]], timeline: undefined, notes: undefined }));
    expect(await screen.findByText('Les champs')).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
  });
});

describe('RecordPage: header and loading', () => {
  it('the menu ends with the delete of the lifecycle; no menu without items nor a lifecycle', async () => {
    const confirmDelete = vi.fn();
    renderWithApp(
      page({ menu: { label: 'Autres actions', lifecycle: { confirmDelete }, deleteLabel: 'Mettre à la corbeille' } }),
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Autres actions' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Mettre à la corbeille' }));
    expect(confirmDelete).toHaveBeenCalledTimes(1);
  });

  it('no menu when the user may not delete and it has no items', async () => {
    renderWithApp(page({ menu: { label: 'Autres actions', lifecycle: null } }));
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Autres actions' })).toBeNull();
  });

  it('a record that does not exist says so, with the way back', async () => {
    renderWithApp(<Missing status={404} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Organisation introuvable' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Organisations' }).getAttribute('href')).toBe('/organisations');
  });

  it('another problem shows its message, under the way back', async () => {
    renderWithApp(<Missing status={500} />);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Organisation introuvable' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Organisations' })).toBeTruthy();
  });
});
