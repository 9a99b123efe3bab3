// The end-to-end story of the core CRM, done through the UI only, as a salesperson does it: create an
// organisation, create a contact working there, log a call with a follow-up task, create a mandate on the
// pipeline board and drag it across to won, attach a fund to it, check the organisation's timeline tells the
// story, then export the organisation list (CSV for French Excel) and read the downloaded file. The API is used only to read a
// fund's ISIN to type into the picker.
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures.ts';
import { boardColumn, dragCard } from '../support/board.ts';
import { uniqueWord } from '../support/names.ts';

/** First render of a page on a shared, busy 2-core machine (production build, embedded database). */
const SLOW = { timeout: 45_000 };
test.use({ actionTimeout: 30_000 });

test('the story: organisation, contact, call and task, mandate dragged to won, fund, timeline, CSV export', async ({
  page,
  signInViaApi,
  snap,
}) => {
  test.setTimeout(300_000); // about a minute on an idle machine
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const orgName = `Gestion Horizon ${word}`;
  const lastName = `Marchand${word}`;
  const fullName = `Claire ${lastName}`;
  const subject = `Appel de présentation ${word}`;
  const mandatTitle = `Distribution Horizon ${word}`;

  // 1. The organisation, through its creation modal; its page opens.
  await page.goto('/organisations');
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible(SLOW);
  await page.getByRole('button', { name: 'Nouvelle organisation' }).click();
  const orgDialog = page.getByRole('dialog', { name: 'Nouvelle organisation' });
  await orgDialog.getByLabel('Nom').fill(orgName);
  await orgDialog.getByLabel('Ville').fill('Bordeaux');
  await orgDialog.getByRole('button', { name: 'Créer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible(SLOW);
  const orgUrl = page.url();
  expect(orgUrl).toMatch(/\/organisations\/[0-9a-f-]{36}$/);

  // 2. A contact who works there, as decision maker.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible(SLOW);
  await page.getByRole('button', { name: 'Nouveau contact' }).click();
  const personDialog = page.getByRole('dialog', { name: 'Nouveau contact' });
  await personDialog.getByLabel('Prénom').fill('Claire');
  await personDialog.getByRole('textbox', { name: /^Nom\b/ }).fill(lastName);
  await personDialog.getByLabel('E-mail', { exact: true }).fill(`claire.${word}@example.test`);
  await personDialog.getByRole('combobox', { name: 'Organisation' }).fill(word);
  await page.getByRole('option', { name: orgName }).click();
  await personDialog.getByRole('combobox', { name: 'Rôle' }).click();
  await page.getByRole('option', { name: 'Décideur' }).click();
  await personDialog.getByRole('button', { name: 'Créer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeVisible(SLOW);
  await expect(page.getByTestId('person-organisations').getByRole('link', { name: orgName })).toBeVisible();

  // 3. A call with her, logged in one step with its follow-up task.
  await page.getByRole('button', { name: 'Consigner une interaction' }).click();
  const logDialog = page.getByRole('dialog', { name: 'Consigner une interaction' });
  await expect(logDialog.getByRole('combobox', { name: 'Type' })).toHaveValue('Appel');
  await logDialog.getByLabel('Objet').fill(subject);
  await logDialog.getByLabel('Compte rendu').fill('Intéressée par le fonds obligataire ; envoyer la documentation.');
  await logDialog.getByRole('checkbox', { name: 'Créer une tâche de relance' }).check();
  await expect(logDialog.getByLabel('Échéance de la relance')).toBeVisible();
  await logDialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(logDialog).toBeHidden();
  await expect(page.getByText('Interaction enregistrée et relance planifiée')).toBeVisible();

  // 4. The follow-up task is on her tasks tab.
  await page.getByRole('tab', { name: 'Tâches' }).click();
  await expect(page.getByTestId('entity-task').filter({ hasText: `Relance : ${subject}` })).toBeVisible(SLOW);

  // 5. A mandate for the organisation, created on the board (filtered on its owner: the signed-in user).
  await page.goto(`/mandats?ownerId=${session.user.id}`);
  await expect(page.getByRole('region', { name: 'Pipeline des mandats' })).toBeVisible(SLOW);
  await expect(boardColumn(page, 'gagne').getByTestId('column-count')).toHaveAttribute('data-count', /\d+/, SLOW);
  await page.getByRole('button', { name: 'Nouveau mandat' }).click();
  const mandatDialog = page.getByRole('dialog', { name: 'Nouveau mandat' });
  await mandatDialog.getByRole('combobox', { name: 'Organisation' }).fill(word);
  await page.getByRole('option', { name: orgName }).click();
  await mandatDialog.getByLabel('Intitulé').fill(mandatTitle);
  await mandatDialog.getByLabel('Montant').fill('1250000');
  await mandatDialog.getByRole('button', { name: 'Créer' }).click();
  await expect(mandatDialog).toBeHidden();
  const leadCard = boardColumn(page, 'lead').getByTestId('mandat-card').filter({ hasText: mandatTitle });
  await expect(leadCard).toBeVisible(SLOW);
  // Cards show amounts compactly, in French (decimal comma): 1,3 M €.
  await expect(leadCard).toContainText(/1,3\sM\s€/);

  // 6. Dragged across the board to won.
  const wonBefore = Number(await boardColumn(page, 'gagne').getByTestId('column-count').getAttribute('data-count'));
  await dragCard(page, leadCard, () => page.getByTestId('drop-gagne'));
  const wonCard = boardColumn(page, 'gagne').getByTestId('mandat-card').filter({ hasText: mandatTitle });
  await expect(wonCard).toBeVisible();
  await expect(boardColumn(page, 'gagne').getByTestId('column-count')).toHaveAttribute(
    'data-count',
    `${wonBefore + 1}`,
  );
  await snap(page, 'story-board-won');

  // 7. A fund attached to the won mandate, from its page.
  const funds = (await (await page.request.get('/api/v1/produits?limit=1&sort=name')).json()) as {
    items: { name: string; isin: string }[];
  };
  const fund = funds.items[0];
  if (!fund) throw new Error('the demo data has no funds');
  await wonCard.getByRole('link', { name: mandatTitle }).click();
  await expect(page.getByRole('heading', { level: 1, name: mandatTitle })).toBeVisible(SLOW);
  // The full amount, formatted for French: no-break spaces between thousands, then the euro sign.
  await expect(page.getByText(/1\s250\s000\s€/).first()).toBeVisible();
  await page.getByRole('tab', { name: 'Fonds' }).click();
  await page.getByRole('combobox', { name: 'Fonds à rattacher' }).fill(fund.isin);
  await page.getByRole('option', { name: fund.name }).click();
  await page.getByRole('button', { name: 'Rattacher un fonds' }).click();
  await expect(page.getByTestId('mandat-produit').filter({ hasText: fund.isin })).toBeVisible();

  // 8. The organisation's timeline tells the story: the call, its follow-up task, the mandate won.
  await page.goto(orgUrl);
  await expect(page.getByRole('heading', { level: 1, name: orgName })).toBeVisible(SLOW);
  await page.getByRole('tab', { name: 'Activité' }).click();
  const items = page.getByTestId('timeline-item');
  await expect(items.filter({ hasText: subject }).filter({ hasText: 'Appel' }).first()).toBeVisible(SLOW);
  await expect(items.filter({ hasText: `Relance : ${subject}` })).toBeVisible();
  await expect(items.filter({ hasText: mandatTitle }).filter({ hasText: 'Prospect → Gagné' })).toBeVisible();
  await page.getByRole('tab', { name: 'Contacts' }).click();
  await expect(page.getByRole('link', { name: fullName })).toBeVisible(SLOW);
  await snap(page, 'story-organisation');

  // 9. The organisation list, searched down to this one, exported as CSV: the file holds the new row.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Organisations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible(SLOW);
  await page.getByRole('textbox', { name: 'Rechercher dans la liste' }).fill(orgName);
  await expect(page.getByTestId('list-row').filter({ hasText: orgName })).toBeVisible(SLOW);
  await expect(page.getByTestId('list-row')).not.toHaveCount(25, SLOW); // the search applied (fuzzy: look-alikes stay)
  const shown = await page.getByTestId('list-row').count();
  await page.getByRole('button', { name: 'Exporter' }).click();
  const downloading = page.waitForEvent('download');
  await page.getByRole('menuitem', { name: /^CSV pour Excel/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines).toHaveLength(shown + 1); // the header, then the rows the list showed
  expect(lines[0]).toContain(';Ville;'); // French Excel: semicolons and the column labels
  const row = lines.find((l) => l.includes(orgName));
  expect(row).toBeDefined();
  expect(row).toContain(';Bordeaux;');
});
