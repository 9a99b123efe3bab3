// Organisations: create through the UI (with the duplicate prompt on a second identical name), open the record,
// edit a field in place, log a call from its page and see it on its timeline, add a note. Then the list: filter,
// save the view, go back to all rows and re-apply the saved view; sort it by a column header.
import { expect, type Page, test } from '../fixtures.ts';

/** Renders are slow on a busy 2-core machine (production build, embedded database): wait longer than the default. */
const see = expect.configure({ timeout: 30_000 });
test.use({ actionTimeout: 30_000 });

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
