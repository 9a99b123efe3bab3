// Contacts: create one linked to an organisation, meet the duplicate prompt, inline-edit on the detail page;
// find a contact with Ctrl+K (accents ignored) and open it; the list's Organisation column and its last-activity
// filter; a merge started from the new, nearly empty duplicate keeps the older, fuller contact by default.

import type { Page } from '@playwright/test';
import { type ApiSession, expect, test } from '../fixtures.ts';
import { uniqueWord } from '../support/names.ts';

/** First paint of a page on a loaded 2-core machine (shared with other test runs) can take a while. */
const SLOW = { timeout: 45_000 };

// The machine running the journeys is shared (2 cores, several servers and test runs): give actions room. The
// trace's DOM snapshots around every action made clicks on the contacts list time out there; screenshots on
// failure remain.
test.use({ actionTimeout: 30_000, trace: 'off' });

async function apiPost(page: Page, session: ApiSession, path: string, data: object) {
  const res = await page.request.post(path, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
  return (await res.json()) as { id: string };
}

// The duplicate check answers 409 person.duplicate (with the candidates): Chromium logs every 4xx response.
test.describe(() => {
  test.use({ allowedConsoleErrors: [/status of 409 \(Conflict\) \(http[^)]*\/api\/v1\/people\)/] });

  test('create a contact linked to an organisation, duplicate prompt, inline edit of the phone', async ({
    page,
    signInViaApi,
    checkA11y,
    snap,
  }) => {
    test.setTimeout(300_000); // ~30 s on an idle machine; several minutes when the shared cores are saturated
    const session = await signInViaApi(page);
    const word = uniqueWord();
    const orgName = `Gestion Azur ${word}`;
    await apiPost(page, session, '/api/v1/organisations', { name: orgName, force: true });
    const firstName = 'Amélie';
    const lastName = `Durand${word}`;
    const fullName = `${firstName} ${lastName}`;

    await page.goto('/people');
    await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible(SLOW);
    await expect(page.getByTestId('list-row').first()).toBeVisible(SLOW);
    await checkA11y(page, 'people-list');
    await snap(page, 'people-list');

    // Create, linked to the organisation with a role.
    await page.getByRole('button', { name: 'Nouveau contact' }).click();
    let dialog = page.getByRole('dialog', { name: 'Nouveau contact' });
    await dialog.getByLabel('Prénom').fill(firstName);
    await dialog.getByRole('textbox', { name: /^Nom\b/ }).fill(lastName);
    await dialog.getByLabel('E-mail', { exact: true }).fill(`amelie.${word}@example.test`);
    await dialog.getByLabel('Fonction').fill('Directrice des partenariats');
    await dialog.getByRole('combobox', { name: 'Organisation' }).fill(word);
    await page.getByRole('option', { name: orgName }).click();
    await dialog.getByRole('combobox', { name: 'Rôle' }).click();
    await page.getByRole('option', { name: 'Décideur' }).click();
    await dialog.getByRole('button', { name: 'Créer' }).click();

    // The new contact opens, with its organisation and role in the header.
    await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeVisible(SLOW);
    const header = page.getByTestId('person-organisations');
    await expect(header.getByRole('link', { name: orgName })).toBeVisible();
    await expect(header).toContainText('Décideur');

    // The same person again: the API's candidates are offered instead of a duplicate.
    await page.goto('/people');
    await page.getByRole('button', { name: 'Nouveau contact' }).click();
    dialog = page.getByRole('dialog', { name: 'Nouveau contact' });
    await dialog.getByLabel('Prénom').fill('amelie'); // accents and case do not hide a duplicate
    await dialog.getByRole('textbox', { name: /^Nom\b/ }).fill(lastName.toLowerCase());
    await dialog.getByRole('button', { name: 'Créer' }).click();
    const prompt = dialog.getByTestId('duplicates-prompt');
    await expect(prompt).toContainText('Un contact semblable existe déjà');
    await expect(prompt).toContainText(fullName);
    await expect(prompt.getByRole('button', { name: 'Créer quand même' })).toBeVisible();
    await prompt.getByRole('link', { name: `Ouvrir la fiche existante : ${fullName}` }).click();

    // Detail page of the existing contact.
    await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeVisible(SLOW);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.getByRole('link', { name: `amelie.${word}@example.test` })).toHaveAttribute(
      'href',
      `mailto:amelie.${word}@example.test`,
    );

    // Inline edit: click the value, type, Enter saves only that field.
    const phone = '+33 1 42 86 00 00';
    await page.getByRole('button', { name: 'Modifier : Téléphone' }).click();
    const input = page.getByRole('textbox', { name: 'Téléphone' });
    await expect(input).toBeFocused();
    await input.fill(phone);
    await input.press('Enter');
    await expect(page.getByRole('button', { name: 'Modifier : Téléphone' })).toContainText(phone);
    await expect(page.getByRole('link', { name: phone })).toHaveAttribute('href', 'tel:+33142860000');

    // Escape cancels.
    await page.getByRole('button', { name: 'Modifier : Fonction' }).click();
    await page.getByRole('textbox', { name: 'Fonction' }).fill('Autre chose');
    await page.getByRole('textbox', { name: 'Fonction' }).press('Escape');
    await expect(page.getByRole('button', { name: 'Modifier : Fonction' })).toContainText(
      'Directrice des partenariats',
    );

    // Saved on the server, one field only.
    const id = new URL(page.url()).pathname.split('/').at(-1);
    const saved = await (await page.request.get(`/api/v1/people/${id}`)).json();
    expect(saved).toMatchObject({
      phone,
      jobTitle: 'Directrice des partenariats',
      email: `amelie.${word}@example.test`,
    });
    await checkA11y(page, 'person-detail');
    await snap(page, 'person-detail');
  });
});

test('Ctrl+K finds a contact without its accents and opens it', async ({ page, signInViaApi, snap }) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const lastName = `Lefèvre${word}`;
  const person = await apiPost(page, session, '/api/v1/people', {
    firstName: 'Hélène',
    lastName,
    jobTitle: 'Responsable ISR',
  });

  await page.goto('/people');
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible(SLOW);

  // Mantine's `mod + K` answers Ctrl (Windows, Linux) and Meta (macOS).
  await page.keyboard.press('Meta+K');
  const search = page.getByRole('textbox', { name: 'Rechercher…' }).last();
  await expect(search).toBeFocused();
  await search.press('Escape');
  await expect(search).toBeHidden(SLOW);

  await page.keyboard.press('Control+K');
  await expect(search).toBeFocused();
  await search.fill(`helene lefevre${word}`); // no accents
  const hit = page.getByTestId('search-hit').filter({ hasText: `Hélène ${lastName}` });
  await expect(hit).toBeVisible(SLOW);
  await snap(page, 'search');
  await hit.click();

  await expect(page).toHaveURL(new RegExp(`/people/${person.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: `Hélène ${lastName}` })).toBeVisible(SLOW);
});

test('the contacts list shows each one’s organisation and narrows to those without recent activity', async ({
  page,
  signInViaApi,
  checkA11y,
}) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const orgName = `Conseil Activité ${word}`;
  const org = await apiPost(page, session, '/api/v1/organisations', { name: orgName, force: true });
  const make = (lastName: string, daysAgo: number) =>
    apiPost(page, session, '/api/v1/people', {
      firstName: 'Paul',
      lastName: `${lastName}${word}`,
      organisationId: org.id,
      force: true,
    }).then((p) =>
      apiPost(page, session, '/api/v1/interactions', {
        type: 'appel',
        title: `Appel ${word}`,
        personId: p.id,
        occurredAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
      }),
    );
  await make('Ancien', 120);
  await make('Recent', 2);

  // The organisation's contacts (the list's organisation picker, in the URL).
  await page.goto(`/people?organisationId=${org.id}&sort=lastName`);
  const rows = page.getByTestId('list-row');
  await expect(rows).toHaveCount(2, SLOW);
  for (const row of await rows.all()) await expect(row.getByRole('link', { name: orgName })).toBeVisible();
  await expect(rows.first()).toContainText(`Paul Ancien${word}`);
  await checkA11y(page, 'people-list-organisation');

  // Without activity for 30 days: only the one last called four months ago.
  await page.getByRole('button', { name: /Filtres/ }).click();
  const drawer = page.getByRole('dialog', { name: 'Filtres' });
  await drawer.getByRole('textbox', { name: 'Sans activité depuis (jours)' }).fill('30');
  await drawer.getByRole('button', { name: 'Appliquer' }).click();
  await expect(drawer).toBeHidden();
  await expect(page).toHaveURL(/[?&]inactiveDays=30(&|$)/);
  await expect(page.getByTestId('filter-chips').getByText('Sans activité depuis 30 jours')).toBeVisible();
  await expect(rows).toHaveCount(1, SLOW);
  await expect(rows.first()).toContainText(`Paul Ancien${word}`);

  // The column links to the organisation.
  await rows.first().getByRole('link', { name: orgName }).click();
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible(SLOW);
});

test('merging from the new duplicate keeps the older, fuller contact by default', async ({ page, signInViaApi }) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const firstName = 'Élodie';
  const lastName = `Marchal${word}`;
  const fullName = `${firstName} ${lastName}`;
  const email = `elodie.${word}@example.test`;
  // The contact people know, then the same person typed again later with a single new value and another phone.
  const older = await apiPost(page, session, '/api/v1/people', {
    firstName,
    lastName,
    email,
    phone: '+33 1 40 00 00 01',
    jobTitle: 'Directrice commerciale',
  });
  const newer = await apiPost(page, session, '/api/v1/people', {
    firstName,
    lastName,
    phone: '+33 6 00 00 00 02',
    mobile: '+33 6 00 00 00 03',
    force: true,
  });

  // Started from the new record's page: the older one is the one kept.
  await page.goto(`/people/${newer.id}/merge`);
  await page.getByRole('button', { name: `${fullName} · ${email}` }).click(SLOW);
  const compare = page.getByTestId('merge-compare');
  await expect(compare).toBeVisible(SLOW);
  const keptRecord = page.getByRole('radiogroup', { name: 'Fiche conservée' });
  await expect(keptRecord.getByRole('radio', { name: 'L’autre fiche', exact: true })).toBeChecked();
  const headers = compare.getByRole('columnheader');
  await expect(headers.nth(2)).toContainText('Conservée');
  await expect(headers.nth(1)).toContainText('Corbeille');
  // Both have a phone: the kept record's is chosen; the user may still take the other.
  await expect(page.getByRole('radio', { name: 'Téléphone : +33 1 40 00 00 01 (L’autre fiche)' })).toBeChecked();
  await expect(page.getByRole('radio', { name: 'Téléphone : +33 6 00 00 00 02 (Cette fiche)' })).not.toBeChecked();

  // Swapping is still possible, and then the new record's values come first.
  await keptRecord.getByText('Cette fiche', { exact: true }).click();
  await expect(headers.nth(1)).toContainText('Conservée');
  await expect(page.getByRole('radio', { name: 'Téléphone : +33 6 00 00 00 02 (Cette fiche)' })).toBeChecked();
  await keptRecord.getByText('L’autre fiche', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Téléphone : +33 1 40 00 00 01 (L’autre fiche)' })).toBeChecked();

  await page.getByRole('button', { name: 'Fusionner' }).click();
  await page.getByRole('dialog', { name: 'Confirmer la fusion' }).getByRole('button', { name: 'Fusionner' }).click();
  await expect(page).toHaveURL(new RegExp(`/people/${older.id}$`), SLOW);

  // The server kept the older record with its values, and filled what it lacked from the new one.
  const kept = await (await page.request.get(`/api/v1/people/${older.id}`)).json();
  expect(kept).toMatchObject({
    email,
    phone: '+33 1 40 00 00 01',
    mobile: '+33 6 00 00 00 03',
    jobTitle: 'Directrice commerciale',
  });
  expect((await page.request.get(`/api/v1/people/${newer.id}`)).status()).toBe(404);
});
