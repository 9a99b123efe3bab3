// Mandates and funds: the pipeline board (create, drag to won, lose with a reason), a mandate's page (stepper,
// inline edit, attach a fund), the mandates list and the fund catalogue. Each test creates its own records with
// unique names; the board is filtered on the signed-in administrator, who owns none of the demo mandates.
import type { APIRequestContext, Page } from '@playwright/test';
import { type ApiSession, expect, test } from '../fixtures.ts';
import { boardColumn, dragCard } from '../support/board.ts';

type Json = Record<string, unknown>;
/** First render of a page after a navigation: generous, the journeys share two cores with other work. */
const PAGE_LOAD = { timeout: 45_000 };

async function post(request: APIRequestContext, session: ApiSession, path: string, data: Json): Promise<Json> {
  const res = await request.post(`/api/v1${path}`, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
  return (await res.json()) as Json;
}

async function newOrganisation(page: Page, session: ApiSession, suffix: string) {
  return post(page.request, session, '/organisations', {
    name: `Journey Gestion ${suffix}`,
    type: 'client',
    category: 'CGPI',
    force: true,
  });
}

const column = boardColumn;
const countOf = async (page: Page, stage: string) =>
  Number(await column(page, stage).getByTestId('column-count').getAttribute('data-count'));

test('pipeline board: create a mandate and drag it across the board to won', async ({ page, signInViaApi }) => {
  test.slow(); // drags on a shared two-core machine
  const session = await signInViaApi(page);
  const suffix = `${Date.now()}`;
  const org = await newOrganisation(page, session, suffix);
  const title = `Distribution Journey ${suffix}`;

  await page.goto(`/mandats?ownerId=${session.user.id}`);
  const board = page.getByRole('region', { name: 'Pipeline des mandats' });
  await expect(board).toBeVisible(PAGE_LOAD);
  await expect(column(page, 'gagne').getByTestId('column-count')).toHaveAttribute('data-count', /\d+/, PAGE_LOAD);

  // Create through the modal, with the organisation picked by search.
  await page.getByRole('button', { name: 'Nouveau mandat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouveau mandat' });
  await dialog.getByRole('combobox', { name: 'Organisation' }).fill(`Journey Gestion ${suffix}`);
  await page.getByRole('option', { name: org.name as string }).click();
  await dialog.getByLabel('Intitulé').fill(title);
  await dialog.getByLabel('Montant').fill('1250000');
  await dialog.getByRole('button', { name: 'Créer' }).click();
  await expect(dialog).toBeHidden();

  const card = column(page, 'lead').getByTestId('mandat-card').filter({ hasText: title });
  await expect(card).toBeVisible(PAGE_LOAD);
  await expect(card).toContainText(org.name as string);

  // Drag it across the board to "won" (the drop zone shown while dragging).
  const wonBefore = await countOf(page, 'gagne');
  const wonTotalBefore = await column(page, 'gagne').getByTestId('column-total').textContent();
  const leadBefore = await countOf(page, 'lead');
  await dragCard(page, card, () => page.getByTestId('drop-gagne'));
  const wonCard = column(page, 'gagne').getByTestId('mandat-card').filter({ hasText: title });
  await expect(wonCard).toBeVisible();
  await expect(column(page, 'gagne').getByTestId('column-count')).toHaveAttribute('data-count', `${wonBefore + 1}`);
  await expect(column(page, 'lead').getByTestId('column-count')).toHaveAttribute('data-count', `${leadBefore - 1}`);
  await expect(column(page, 'gagne').getByTestId('column-total')).not.toHaveText(wonTotalBefore ?? '');
});

test('pipeline board: moving a mandate to lost asks for the reason', async ({ page, signInViaApi, checkA11y }) => {
  test.slow(); // drags on a shared two-core machine
  const session = await signInViaApi(page);
  const suffix = `${Date.now()}`;
  const org = await newOrganisation(page, session, suffix);
  // Lost needs a reason (« Autre » also its detail): cancelling puts the card back, confirming moves it.
  const lostTitle = `Placement perdu Journey ${suffix}`;
  const lostMandat = await post(page.request, session, '/mandats', {
    organisationId: org.id,
    kind: 'placement',
    title: lostTitle,
    amount: '300000',
    ownerId: session.user.id,
  });
  await page.goto(`/mandats?ownerId=${session.user.id}`);
  const lostCard = column(page, 'lead').getByTestId('mandat-card').filter({ hasText: lostTitle });
  await expect(lostCard).toBeVisible(PAGE_LOAD);
  await expect(column(page, 'perdu').getByTestId('column-count')).toHaveAttribute('data-count', /\d+/);
  const lostBefore = await countOf(page, 'perdu');

  await dragCard(page, lostCard, () => page.getByTestId('drop-perdu'));
  let lostDialog = page.getByRole('dialog', { name: 'Mandat perdu' });
  await expect(lostDialog).toBeVisible();
  await lostDialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(lostDialog).toBeHidden();
  await expect(lostCard).toBeVisible();

  await dragCard(page, lostCard, () => page.getByTestId('drop-perdu'));
  lostDialog = page.getByRole('dialog', { name: 'Mandat perdu' });
  const confirmLost = lostDialog.getByRole('button', { name: 'Marquer comme perdu' });
  await checkA11y(page, 'lost-reason-dialog');
  await confirmLost.click();
  await expect(lostDialog.getByText('Choisissez le motif de perte')).toBeVisible();
  await lostDialog.getByRole('radio', { name: /^Autre/ }).click();
  await confirmLost.click();
  await expect(lostDialog.getByText('Précisez ce qui s’est passé')).toBeVisible();
  await lostDialog.getByRole('radio', { name: /^Frais trop élevés/ }).click();
  await expect(lostDialog.getByRole('radio', { name: /^Frais trop élevés/ })).toHaveAttribute('aria-checked', 'true');
  await lostDialog.getByLabel('Précision sur la perte').fill('Frais d’entrée refusés par le comité');
  await confirmLost.click();
  await expect(lostDialog).toBeHidden();
  await expect(column(page, 'perdu').getByTestId('mandat-card').filter({ hasText: lostTitle })).toBeVisible();
  await expect(column(page, 'perdu').getByTestId('column-count')).toHaveAttribute('data-count', `${lostBefore + 1}`);

  // The mandate's page names the reason, then the detail.
  await page.goto(`/mandats/${lostMandat.id}`);
  const why = page.getByTestId('lost-reason');
  await expect(why).toContainText('Perdu\u202f: Frais trop élevés', PAGE_LOAD);
  await expect(why).toContainText('Frais d’entrée refusés par le comité');
});

test('pipeline board: the whole pipeline, accessible', async ({ page, signInViaApi, checkA11y, snap }) => {
  test.slow(); // the demo pipeline is a few hundred cards on a shared machine
  await signInViaApi(page);
  await page.goto('/mandats');
  await expect(column(page, 'negociation').getByTestId('mandat-card').first()).toBeVisible(PAGE_LOAD);
  await expect(column(page, 'lead').getByTestId('column-count')).toHaveAttribute('data-count', /\d+/);
  await checkA11y(page, 'pipeline-board');
  await snap(page, 'pipeline-board');
});

test('pipeline board: a card moves to the next column with the keyboard', async ({ page, signInViaApi }) => {
  test.slow(); // shared two-core machine
  const session = await signInViaApi(page);
  const suffix = `${Date.now()}`;
  const org = await newOrganisation(page, session, suffix);
  const title = `Clavier Journey ${suffix}`;
  await post(page.request, session, '/mandats', {
    organisationId: org.id,
    kind: 'distribution',
    title,
    ownerId: session.user.id,
  });
  await page.goto(`/mandats?ownerId=${session.user.id}`);
  const handle = page.getByRole('button', { name: `Déplacer « ${title} »` });
  await expect(handle).toBeVisible(PAGE_LOAD);
  await handle.focus();
  // Each step waits for what a screen reader hears (dnd-kit's live region) before the next key.
  await page.keyboard.press('Space');
  await expect(page.getByText(`Mandat « ${title} » saisi, dans la colonne Prospect.`)).toBeAttached();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByText(`Mandat « ${title} » au-dessus de la colonne Rendez-vous.`)).toBeAttached();
  await page.keyboard.press('Space');
  await expect(column(page, 'rdv').getByTestId('mandat-card').filter({ hasText: title })).toBeVisible();
});

test('mandate page: stepper, inline edit, attach a fund', async ({ page, signInViaApi, checkA11y, snap }) => {
  test.slow(); // shared two-core machine
  const session = await signInViaApi(page);
  const suffix = `${Date.now()}`;
  const org = await newOrganisation(page, session, suffix);
  const mandat = await post(page.request, session, '/mandats', {
    organisationId: org.id,
    kind: 'placement',
    title: `Placement Journey ${suffix}`,
    amount: '2500000',
    expectedCloseDate: '2027-03-31',
    ownerId: session.user.id,
  });
  const funds = (await (await page.request.get('/api/v1/produits?limit=1&sort=name')).json()) as {
    items: { name: string; isin: string }[];
  };
  const fund = funds.items[0];
  if (!fund) throw new Error('the demo data has no funds');

  await page.goto(`/mandats/${mandat.id}`);
  await expect(page.getByRole('heading', { level: 1, name: mandat.title as string })).toBeVisible(PAGE_LOAD);
  await expect(page.getByRole('link', { name: org.name as string }).first()).toBeVisible();

  // The stepper moves the mandate.
  const stepper = page.getByRole('navigation', { name: 'Étapes du pipeline' });
  await stepper.getByRole('button', { name: 'Passer à l’étape Présentation' }).click();
  await expect(stepper.getByRole('button', { name: 'Présentation (étape actuelle)' })).toHaveAttribute(
    'aria-current',
    'step',
  );
  await expect(page.getByText('40 %').first()).toBeVisible();

  // Inline edit of the title.
  const newTitle = `Placement Journey renommé ${suffix}`;
  await page.getByRole('button', { name: /Modifier\s:\sIntitulé/ }).click();
  await page.getByRole('textbox', { name: 'Intitulé' }).fill(newTitle);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: newTitle })).toBeVisible();

  // Attach a fund (a placement carries funds at any open stage).
  await page.getByRole('tab', { name: 'Fonds' }).click();
  await expect(page).toHaveURL(/tab=produits/);
  await expect(page.getByText('Aucun fonds rattaché')).toBeVisible();
  await page.getByRole('combobox', { name: 'Fonds à rattacher' }).fill(fund.isin);
  await page.getByRole('option', { name: fund.name }).click();
  await page.getByRole('button', { name: 'Rattacher un fonds' }).click();
  await expect(page.getByTestId('mandat-produit').filter({ hasText: fund.isin })).toBeVisible();

  // Stage history shows the move.
  await page.getByRole('tab', { name: 'Historique des étapes' }).click();
  await expect(page.getByText('Présentation').first()).toBeVisible();

  await page.getByRole('tab', { name: 'Fonds' }).click();
  await expect(page.getByTestId('mandat-produit')).toHaveCount(1);
  await checkA11y(page, 'mandat-detail');
  await snap(page, 'mandat-detail');
});

test('mandates list and fund catalogue', async ({ page, signInViaApi, snap }) => {
  test.slow(); // shared two-core machine
  const session = await signInViaApi(page);
  // The board of one owner (light), then the switch to the list, which keeps the owner filter.
  await page.goto(`/mandats?ownerId=${session.user.id}`);
  // The view switch (a radio group whose inputs are visually hidden): click the "Liste" label.
  await expect(page.getByRole('radio', { name: 'Tableau' })).toBeChecked(PAGE_LOAD);
  await page.getByText('Liste', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'Liste' })).toBeChecked();
  await expect(page).toHaveURL(/mode=list/);
  await expect(page).toHaveURL(new RegExp(`ownerId=${session.user.id}`));
  await expect(page.getByText('Responsable : Administrateur')).toBeVisible();
  await page.goto('/mandats?mode=list');
  await expect(page.getByTestId('list-row').first()).toBeVisible(PAGE_LOAD);
  await expect(page.getByTestId('list-total')).toContainText('résultats');
  await snap(page, 'mandats-list');

  await page.getByRole('link', { name: 'Fonds' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Fonds' })).toBeVisible(PAGE_LOAD);
  const firstRow = page.getByTestId('list-row').first();
  await expect(firstRow).toBeVisible(PAGE_LOAD);
  await snap(page, 'produits-list');

  // An ISIN already in the catalogue is caught before creating a duplicate.
  const isin = (await firstRow.getByRole('cell').nth(2).textContent())?.trim() ?? '';
  await page.getByRole('button', { name: 'Nouveau fonds' }).click();
  const dialog = page.getByRole('dialog', { name: 'Nouveau fonds' });
  await dialog.getByLabel('Nom').fill('Doublon');
  await dialog.getByLabel('ISIN').fill(isin);
  await expect(dialog.getByText('Ce code ISIN existe déjà dans le catalogue')).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Créer' })).toBeDisabled();
});
