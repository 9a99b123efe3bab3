// Organisations: create through the UI (with the duplicate prompt on a second identical name), open the record,
// edit a field in place, log a call from its page and see it on its timeline, add a note. Then the list: filter,
// save the view, go back to all rows and re-apply the saved view; sort it by a column header; filter on country, tier
// and encours. From an organisation's tabs, create a contact and a mandate already linked to it. A merge started
// from the new, nearly empty duplicate keeps the older record and its values by default.
import { type ApiSession, expect, type Page, test } from '../fixtures.ts';
import { uniqueWord } from '../support/names.ts';

/** Renders are slow on a busy 2-core machine (production build, embedded database): wait longer than the default. */
const see = expect.configure({ timeout: 30_000 });
test.use({ actionTimeout: 30_000 });

async function apiPost(page: Page, session: ApiSession, path: string, data: object) {
  const res = await page.request.post(path, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
  return (await res.json()) as { id: string };
}

/** The number in "123 résultats" under the list. */
async function listTotal(page: Page): Promise<number> {
  const text = (await page.getByTestId('list-total').textContent()) ?? '';
  return Number(text.replace(/\D/g, ''));
}

test('create an organisation, edit it in place, log a call, see it on the timeline, add a note', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.slow();
  const stamp = Date.now();
  const name = `Parcours Gestion ${stamp}`;
  const subject = `Appel de découverte ${stamp}`;
  const noteText = `Intéressé par la part institutionnelle ${stamp}`;
  await signInViaApi(page);

  await page.goto('/organisations');
  await see(page.getByRole('heading', { name: 'Organisations', level: 1 })).toBeVisible();
  await see(page.getByTestId('list-row').first()).toBeVisible();
  await checkA11y(page, 'organisations-list');
  await snap(page, 'organisations-list');

  // Create: no similar name yet, so it is saved at once and its page opens.
  await page.getByRole('button', { name: 'Nouvelle organisation' }).click();
  const createDialog = page.getByRole('dialog', { name: 'Nouvelle organisation' });
  await createDialog.getByLabel('Nom').fill(name);
  await createDialog.getByLabel('Ville').fill('Paris');
  await createDialog.getByRole('button', { name: 'Créer' }).click();
  await see(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  const detailUrl = page.url();
  expect(detailUrl).toMatch(/\/organisations\/[0-9a-f-]{36}$/);

  // A second one with the same name: the duplicates prompt offers the existing record.
  await page.getByRole('link', { name: 'Organisations' }).first().click();
  await see(page.getByTestId('list-row').first()).toBeVisible();
  await page.getByRole('button', { name: 'Nouvelle organisation' }).click();
  const again = page.getByRole('dialog', { name: 'Nouvelle organisation' });
  await again.getByLabel('Nom').fill(name);
  await again.getByRole('button', { name: 'Créer' }).click();
  await see(again.getByText('Des organisations proches existent déjà')).toBeVisible();
  await see(again.getByText(name, { exact: true })).toBeVisible();
  await see(again.getByRole('button', { name: 'Créer quand même' })).toBeVisible();
  await again.getByRole('link', { name: 'Ouvrir la fiche existante' }).first().click();
  await see(page).toHaveURL(detailUrl);
  await see(page.getByRole('heading', { name, level: 1 })).toBeVisible();

  // Inline edit: click the value, type, Enter saves only that field.
  await page.getByRole('button', { name: /^Ville\b/ }).click();
  const city = page.getByRole('textbox', { name: 'Ville' });
  await city.fill('Lyon');
  await city.press('Enter');
  await see(page.getByText('Ville : modification enregistrée')).toBeVisible();
  await see(page.getByRole('button', { name: /^Ville Lyon/ })).toBeVisible();
  await checkA11y(page, 'organisation-detail');

  // Log a call from the record's page: it is linked to this organisation.
  await page.getByRole('button', { name: 'Consigner une interaction' }).click();
  const log = page.getByRole('dialog', { name: 'Consigner une interaction' });
  await see(log.getByRole('combobox', { name: 'Type' })).toHaveValue('Appel');
  await log.getByLabel('Objet').fill(subject);
  await log.getByLabel('Compte rendu').fill('Présentation de la gamme ; rappeler en janvier.');
  await log.getByRole('button', { name: 'Enregistrer' }).click();
  await see(log).toBeHidden();
  await see(page.getByText('Interaction enregistrée')).toBeVisible();

  // The call is on the timeline; the tab is in the URL and survives a reload.
  await page.getByRole('tab', { name: 'Activité' }).click();
  await see(page).toHaveURL(/[?&]tab=timeline/);
  await page.reload();
  const call = page.getByTestId('timeline-item').filter({ hasText: subject });
  await see(call).toBeVisible();
  await see(call.getByText('Appel', { exact: true })).toBeVisible();
  // The inline edit was saved: it is in the record's history.
  await see(page.getByTestId('timeline-item').filter({ hasText: 'Champ modifié : ville' })).toBeVisible();

  // A note, shown in the notes list and on the timeline.
  await page.getByRole('tab', { name: 'Notes et fichiers' }).click();
  await page.getByRole('textbox', { name: 'Nouvelle note' }).fill(noteText);
  await page.getByRole('button', { name: 'Ajouter la note' }).click();
  await see(page.getByTestId('note').filter({ hasText: noteText })).toBeVisible();
  await page.getByRole('tab', { name: 'Activité' }).click();
  await see(page.getByTestId('timeline-item').filter({ hasText: noteText })).toBeVisible();
  await checkA11y(page, 'organisation-timeline');
  await snap(page, 'organisation-detail');
});

test('filter the list, save the view, go back to all rows, re-apply the saved view', async ({ page, signInViaApi }) => {
  test.slow();
  const viewName = `CGPI ${Date.now()}`;
  await signInViaApi(page);
  await page.goto('/organisations');
  await see(page.getByTestId('list-row').first()).toBeVisible();
  const all = await listTotal(page);
  expect(all).toBeGreaterThan(0);

  await page.getByRole('button', { name: /Filtres/ }).click();
  const drawer = page.getByRole('dialog', { name: 'Filtres' });
  await drawer.getByRole('combobox', { name: 'Catégorie' }).click();
  await page.getByRole('option', { name: 'CGPI', exact: true }).click();
  await drawer.getByRole('button', { name: 'Appliquer' }).click();
  await see(drawer).toBeHidden();

  const chip = page.getByTestId('filter-chips').getByText('Catégorie : CGPI');
  await see(chip).toBeVisible();
  await see(page).toHaveURL(/category=CGPI/);
  await expect.poll(() => listTotal(page)).toBeLessThan(all);
  const filtered = await listTotal(page);
  expect(filtered).toBeGreaterThan(0);

  // Save it under a name.
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name: 'Enregistrer la vue' }).click();
  const save = page.getByRole('dialog', { name: 'Enregistrer la vue' });
  await save.getByRole('textbox', { name: 'Nom de la vue' }).fill(viewName);
  await save.getByRole('button', { name: 'Enregistrer' }).click();
  await see(save).toBeHidden();
  await see(page.getByTestId('views-menu')).toHaveText(viewName);

  // All rows again: no chip, the full total.
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name: 'Toutes les lignes' }).click();
  await see(chip).toBeHidden();
  await expect.poll(() => listTotal(page)).toBe(all);

  // The saved view brings the filter back.
  await page.getByTestId('views-menu').click();
  await page.getByRole('menuitem', { name: viewName }).click();
  await see(page.getByTestId('filter-chips').getByText('Catégorie : CGPI')).toBeVisible();
  await expect.poll(() => listTotal(page)).toBe(filtered);
});

test('the Ville filter finds Paris and Genève whatever the case and accents typed', async ({ page, signInViaApi }) => {
  test.slow();
  await signInViaApi(page);
  // The total once the filtered rows are on screen (each row shows its city).
  const countFor = async (typed: string, shown: string) => {
    await page.goto('/organisations');
    await see(page.getByTestId('list-row').first()).toBeVisible();
    await page.getByRole('button', { name: /Filtres/ }).click();
    const drawer = page.getByRole('dialog', { name: 'Filtres' });
    await drawer.getByRole('textbox', { name: 'Ville' }).fill(typed);
    await drawer.getByRole('button', { name: 'Appliquer' }).click();
    await see(drawer).toBeHidden();
    await see(page).toHaveURL((url) => url.searchParams.get('city') === typed);
    const rows = page.getByTestId('list-row');
    await see(rows.first()).toContainText(shown);
    await expect.poll(async () => (await rows.allTextContents()).every((r) => r.includes(shown))).toBe(true);
    return listTotal(page);
  };
  const paris = await countFor('Paris', 'Paris');
  expect(paris).toBeGreaterThan(0);
  expect(await countFor('PARIS', 'Paris')).toBe(paris);
  const geneva = await countFor('genève', 'Genève');
  expect(geneva).toBeGreaterThan(0);
  expect(await countFor('GENEVE', 'Genève')).toBe(geneva);
});

test('sort the list by a column header: ascending, then descending, kept in the URL', async ({
  page,
  signInViaApi,
}) => {
  test.slow();
  await signInViaApi(page);
  await page.goto('/organisations');
  await see(page.getByTestId('list-row').first()).toBeVisible();
  const header = page.getByRole('columnheader', { name: /Catégorie/ });
  await see(header).toHaveAttribute('aria-sort', 'none');

  /** The category shown on each row of the page, read in the header's column. */
  const categories = async () => {
    const index = await header.evaluate((th) => (th as HTMLTableCellElement).cellIndex);
    return page
      .getByTestId('list-row')
      .evaluateAll((rows, i) => rows.map((r) => (r as HTMLTableRowElement).cells[i]?.textContent?.trim() ?? ''), index);
  };
  const ordered = (values: string[], dir: 1 | -1) =>
    values.every((v, i) => i === 0 || dir * (values[i - 1] as string).localeCompare(v) <= 0);

  await header.getByRole('button').click();
  await see(page).toHaveURL(/[?&]sort=category(&|$)/);
  await see(header).toHaveAttribute('aria-sort', 'ascending');
  await expect.poll(async () => ordered(await categories(), 1)).toBe(true);

  await header.getByRole('button').click();
  await see(page).toHaveURL(/[?&]sort=-category(&|$)/);
  await see(header).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => ordered(await categories(), -1)).toBe(true);
  const firstDescending = (await categories())[0];

  // The sort is the URL's: a reload keeps it.
  await page.reload();
  await see(page.getByRole('columnheader', { name: /Catégorie/ })).toHaveAttribute('aria-sort', 'descending');
  await expect.poll(async () => (await categories())[0]).toBe(firstDescending);
});

test('create a contact and a mandate from the organisation’s tabs, see them listed there', async ({
  page,
  signInViaApi,
  checkA11y,
}) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const orgName = `Gestion Onglets ${word}`;
  const org = await apiPost(page, session, '/api/v1/organisations', { name: orgName, force: true });
  const contact = `Inès Moreau${word}`;
  const mandate = `Distribution fonds ${word}`;

  // Contacts tab: the new contact's organisation is this one, shown in the form, and the tab lists it once created.
  await page.goto(`/organisations/${org.id}?tab=contacts`);
  await see(page.getByRole('heading', { name: orgName, level: 1 })).toBeVisible();
  await page.getByRole('button', { name: 'Nouveau contact' }).first().click();
  const person = page.getByRole('dialog', { name: 'Nouveau contact' });
  await see(person.getByRole('combobox', { name: 'Organisation' })).toHaveValue(orgName);
  await person.getByLabel('Prénom').fill('Inès');
  await person.getByRole('textbox', { name: /^Nom\b/ }).fill(`Moreau${word}`);
  await person.getByRole('button', { name: 'Créer' }).click();
  await see(person).toBeHidden();
  await see(page.getByText(`Contact « ${contact} » créé`)).toBeVisible();
  const card = page.getByTestId('contact').filter({ hasText: contact });
  await see(card).toBeVisible();
  await see(card.getByText('Principal', { exact: true })).toBeVisible(); // its first link: the contact's primary organisation
  await see(page).toHaveURL(new RegExp(`/organisations/${org.id}\\?tab=contacts$`)); // we stay on the tab
  await checkA11y(page, 'organisation-contacts');

  // Mandats tab: the same, and the toast opens the new mandate.
  await page.getByRole('tab', { name: 'Mandats' }).click();
  await page.getByRole('button', { name: 'Nouveau mandat' }).click();
  const form = page.getByRole('dialog', { name: 'Nouveau mandat' });
  await see(form.getByRole('combobox', { name: 'Organisation' })).toHaveValue(orgName);
  await form.getByRole('textbox', { name: 'Intitulé' }).fill(mandate);
  await form.getByRole('button', { name: 'Créer' }).click();
  await see(form).toBeHidden();
  await see(page.getByText(`Mandat « ${mandate} » créé`)).toBeVisible();
  await see(page.getByRole('link', { name: mandate }).first()).toBeVisible();
  await see(page.getByText('1 mandat', { exact: true })).toBeVisible();
  await checkA11y(page, 'organisation-mandats');
  await page.getByRole('button', { name: 'Ouvrir le mandat' }).click();
  await see(page.getByRole('heading', { name: mandate, level: 1 })).toBeVisible();
  await see(page.getByRole('link', { name: orgName }).first()).toBeVisible();
});

test('filter the organisations by country, tier and encours', async ({ page, signInViaApi }) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = uniqueWord();
  // Three organisations tagged with this run's word: the list is narrowed to them by the tag filter in the URL.
  const make = (name: string, extra: object) =>
    apiPost(page, session, '/api/v1/organisations', { name: `${name} ${word}`, tags: [word], force: true, ...extra });
  await make('Luxembourg Un', { countryCode: 'LU', tier: 1, aum: 250_000_000 });
  await make('Luxembourg Deux', { countryCode: 'LU', tier: 2, aum: 40_000_000 });
  await make('Paris Trois', { countryCode: 'FR', tier: 1, aum: 900_000_000 });

  await page.goto(`/organisations?tags=${word}&sort=name`);
  const rows = page.getByTestId('list-row');
  const names = async () => (await rows.allTextContents()).map((r) => r.split(word)[0]?.trim());
  await expect.poll(names, { timeout: 30_000 }).toEqual(['Luxembourg Deux', 'Luxembourg Un', 'Paris Trois']);

  const drawer = page.getByRole('dialog', { name: 'Filtres' });
  const openFilters = async () => {
    await page.getByRole('button', { name: /Filtres/ }).click();
    await see(drawer).toBeVisible();
  };
  const apply = async () => {
    await drawer.getByRole('button', { name: 'Appliquer' }).click();
    await see(drawer).toBeHidden();
  };

  // Country.
  await openFilters();
  await drawer.getByRole('combobox', { name: 'Pays' }).click();
  await page.getByRole('option', { name: 'Luxembourg (LU)' }).click();
  await apply();
  await see(page).toHaveURL(/[?&]countryCode=LU(&|$)/);
  await see(page.getByTestId('filter-chips').getByText('Pays : Luxembourg (LU)')).toBeVisible();
  await expect.poll(names, { timeout: 30_000 }).toEqual(['Luxembourg Deux', 'Luxembourg Un']);

  // And tier 1.
  await openFilters();
  await drawer.getByRole('combobox', { name: 'Tier' }).click();
  await page.getByRole('option', { name: 'Tier 1' }).click();
  await apply();
  await see(page).toHaveURL(/[?&]tier=1(&|$)/);
  await expect.poll(names, { timeout: 30_000 }).toEqual(['Luxembourg Un']);

  // Encours from 100 million, in every country and tier.
  await page.getByRole('button', { name: /^Retirer Pays/ }).click();
  await page.getByRole('button', { name: /^Retirer Tier/ }).click();
  await expect.poll(names, { timeout: 30_000 }).toEqual(['Luxembourg Deux', 'Luxembourg Un', 'Paris Trois']);
  await openFilters();
  await drawer.getByRole('textbox', { name: 'Encours (EUR) · Du' }).fill('100000000');
  await apply();
  await see(page).toHaveURL(/[?&]aumMin=100000000(&|$)/);
  await expect.poll(names, { timeout: 30_000 }).toEqual(['Luxembourg Un', 'Paris Trois']);
  await openFilters();
  await drawer.getByRole('textbox', { name: 'Au' }).fill('500000000');
  await apply();
  await see(page).toHaveURL(/[?&]aumMax=500000000(&|$)/);
  await expect.poll(names, { timeout: 30_000 }).toEqual(['Luxembourg Un']);
});

test('merging from the new duplicate keeps the older organisation and its values by default', async ({
  page,
  signInViaApi,
}) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const olderName = `Gestion Ancienne ${word}`;
  const newerName = `Gestion Ancienne ${word} doublon`;
  const older = await apiPost(page, session, '/api/v1/organisations', {
    name: olderName,
    city: 'Lyon',
    countryCode: 'FR',
    website: 'https://ancienne.example.test',
    force: true,
  });
  const newer = await apiPost(page, session, '/api/v1/organisations', {
    name: newerName,
    phone: '+33 4 00 00 00 01',
    countryCode: 'LU',
    force: true,
  });

  // The page of the new record, the older one picked beside it: the older is kept.
  await page.goto(`/organisations/${newer.id}/merge?with=${older.id}`);
  await see(page.getByTestId('merge-kept')).toContainText(olderName);
  await see(page.getByTestId('merge-binned')).toContainText(newerName);
  // Both have a name and a country: the kept record's are chosen; the phone only the new one has is taken.
  const keepName = page.getByRole('radio', { name: /^Garder la valeur de la fiche conservée pour Nom/ });
  await see(keepName).toBeChecked();
  await see(page.getByRole('radio', { name: /^Garder la valeur de la fiche conservée pour Pays/ })).toBeChecked();
  await see(page.getByText('reprise de l’autre fiche')).toBeVisible();

  // The user may swap the records, and back; then take the other record's country.
  await page.getByRole('button', { name: 'Conserver plutôt l’autre fiche' }).click();
  await see(page.getByTestId('merge-kept')).toContainText(newerName);
  await page.getByRole('button', { name: 'Conserver plutôt l’autre fiche' }).click();
  await see(page.getByTestId('merge-kept')).toContainText(olderName);
  await page.getByRole('radio', { name: /^Garder la valeur de l’autre fiche pour Pays/ }).check();

  await page.getByRole('button', { name: 'Fusionner' }).click();
  await page.getByRole('dialog', { name: 'Confirmer la fusion' }).getByRole('button', { name: 'Fusionner' }).click();
  await see(page).toHaveURL(new RegExp(`/organisations/${older.id}$`));

  // The server kept what the page sent: the older record, its name and city, the chosen country, the phone filled.
  const kept = await (await page.request.get(`/api/v1/organisations/${older.id}`)).json();
  expect(kept).toMatchObject({ name: olderName, city: 'Lyon', countryCode: 'LU', phone: '+33 4 00 00 00 01' });
  expect((await page.request.get(`/api/v1/organisations/${newer.id}`)).status()).toBe(404);
});
