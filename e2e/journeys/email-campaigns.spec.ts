// Campaigns → a campaign made in the wizard from a template on a saved view of contacts: the live audience count and
// who is left out (a contact opposed to marketing mail), an unknown variable refused on its field, the review, then
// « Programmer » now; its page follows the send (status, recipients), auto-refreshed. Another campaign, due later:
// pause, resume, back to draft, cancel with a confirmation. The « Désinscriptions » tab: an address added by hand and
// removed (administrators). What a salesperson and a viewer see (no suppression tab; no « Nouvelle campagne »).
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { type ApiSession, checkA11y, expect, phonePage, signInViaApi, snap, test } from '../fixtures.ts';
import { randomWord } from '../support/names.ts';

const PAGE_LOAD = { timeout: 45_000 };
/** The send job runs every minute (and at once on start); the page refreshes itself every 15 s. */
const SENDING = { timeout: 150_000 };

/**
 * Refusals on purpose, which the browser logs: the unknown variable when the draft is saved, the address that is
 * not one on the suppression list.
 */
test.use({
  allowedConsoleErrors: [/status of 400 \(Bad Request\) \(http[^)]*\/api\/v1\/(campaigns|email-suppressions)[^)]*\)/],
});

type Json = Record<string, unknown>;

async function send(request: APIRequestContext, session: ApiSession, method: 'post' | 'put', path: string, data: Json) {
  const res = await request[method](`/api/v1${path}`, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return (await res.json()) as Json;
}

/**
 * Three contacts sharing a made-up family name (one opposed to marketing mail), a shared view of them, and a template:
 * an audience of two, whatever the demo data holds.
 */
async function fixtures(request: APIRequestContext, session: ApiSession, word: string) {
  const family = `Campagne${word}`;
  for (const [first, optOut] of [
    ['Alice', false],
    ['Bruno', false],
    ['Chloé', true],
  ] as const) {
    await send(request, session, 'post', '/people', {
      firstName: first,
      lastName: family,
      email: `${first.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')}.${word}@exemple.fr`,
      marketingOptOut: optOut,
      consent: true,
      legalBasis: 'interet_legitime',
      force: true,
    });
  }
  const view = await send(request, session, 'post', '/segments', {
    name: `Contacts ${family}`,
    entity: 'people',
    filters: { q: family },
    shared: true,
  });
  const template = await send(request, session, 'post', '/email-templates', {
    name: `Modèle ${word}`,
    subject: 'Bonjour {{ contact.firstName }}, nos nouvelles',
    preheader: 'Le mois en bref',
    bodyHtml:
      '<p>Bonjour {{ contact.firstName }},</p><p><a href="https://exemple.fr/fonds">Notre nouveau fonds</a></p>',
    locale: 'fr',
  });
  return { family, view, template };
}

/** Picks an option of a Mantine select named `label`. */
async function choose(page: Page, label: string | RegExp, option: string) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

test('e-mail campaigns: the wizard from a template on a saved view, scheduled now, followed on its page', async ({
  page,
  browser,
}) => {
  test.setTimeout(360_000); // a shared two-core machine, and a send job that runs every minute
  const session = await signInViaApi(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const word = randomWord();
  const { view, template } = await fixtures(page.request, session, word);
  const name = `Newsletter ${word}`;

  // The list, from the main menu: the « Campagnes » tab is the section's first.
  await page.goto('/');
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Campagnes' }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  const sections = page.getByRole('navigation', { name: 'Rubriques des campagnes' });
  await expect(sections.getByRole('link', { name: 'Campagnes' })).toHaveAttribute('aria-current', 'page');
  await expect(sections.getByRole('link', { name: 'Désinscriptions' })).toBeVisible();
  await page
    .getByRole('link', { name: /^(Nouvelle campagne|Créer une première campagne)$/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/campaigns\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle campagne' })).toBeVisible(PAGE_LOAD);

  // 1. Audience: nothing goes on without a name and a view.
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByRole('textbox', { name: 'Nom de la campagne' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('textbox', { name: 'Nom de la campagne' }).fill(name);
  await choose(page, 'Thème', 'Lancement de fonds');
  await choose(page, 'Vue de contacts', view.name as string);
  const audience = page.getByTestId('audience-panel');
  await expect(audience.getByTestId('audience-count')).toHaveText('2 destinataires', PAGE_LOAD);
  await expect(audience).toContainText('sur 3 contacts dans la vue');
  await expect(audience.getByTestId('audience-excluded')).toContainText('Opposés aux e-mails marketing');
  await expect(audience.getByTestId('audience-sample')).toContainText('Alice');
  await expect(audience.getByTestId('audience-sample')).not.toContainText('Chloé');
  await snap(page, 'email-campaigns-wizard-audience-desktop');
  await page.getByRole('button', { name: 'Suivant' }).click();

  // 2. Content: the template copied in, then a variable that does not exist refused by the server on its field.
  const step = page.getByTestId('step-card').first();
  await choose(page, 'Partir d’un modèle · E-mail 1', template.name as string);
  const subject = step.getByRole('textbox', { name: 'Objet' });
  await expect(subject).toHaveValue('Bonjour {{ contact.firstName }}, nos nouvelles');
  await expect(step.getByRole('textbox', { name: /^Contenu de l’e-mail/ })).toContainText('Notre nouveau fonds');
  await expect(step).toContainText(`Copié du modèle « ${template.name} »`);
  await subject.fill('Bonjour {{ contact.age }}');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(subject).toHaveAttribute('aria-invalid', 'true', PAGE_LOAD);
  await expect(step).toContainText('variable inconnue');
  await expect(page.getByTestId('save-error')).toHaveText('Corrigez les champs signalés.');
  await subject.fill('Bonjour {{ contact.firstName }}, nos nouvelles');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await expect(page.getByText(`Brouillon créé : « ${name} »`)).toBeVisible(PAGE_LOAD);
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}\/edit$/);
  await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot from the top (the header stays in place)
  await snap(page, 'email-campaigns-wizard-content-desktop');
  await page.getByRole('button', { name: 'Suivant' }).click();

  // 3. Sending: as soon as possible (the default).
  await expect(page.getByRole('radio', { name: 'Dès que possible' })).toBeChecked();
  await page.getByRole('button', { name: 'Suivant' }).click();

  // 4. Review, then « Programmer ».
  const review = page.getByTestId('review');
  await expect(review).toContainText(name);
  await expect(review).toContainText(view.name as string);
  await expect(review).toContainText('Bonjour {{ contact.firstName }}, nos nouvelles');
  await expect(review.getByTestId('review-when')).toHaveText('Dès que possible');
  await expect(review.getByTestId('audience-count')).toHaveText('2 destinataires');
  await checkA11y(page, 'campaign-wizard-review');
  await page.getByRole('button', { name: 'Programmer' }).click();
  await expect(page.getByText(`Campagne programmée : « ${name} »`)).toBeVisible(PAGE_LOAD);
  await expect(page).toHaveURL(/\/campaigns\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();

  // Its page follows the send: started, then its two recipients and the report.
  const status = page.getByTestId('campaign-status');
  await expect(status).toHaveText(/En cours|Terminée/, SENDING);
  await expect(page.getByTestId('recipient-row')).toHaveCount(2, SENDING);
  await expect(page.getByTestId('recipient-row').first()).toContainText(`.${word}@exemple.fr`);
  await expect(page.getByTestId('report-kpis')).toContainText('Envoyés');
  await expect(page.getByTestId('report-variant')).toHaveCount(1);
  // Nobody opened (the journey opens no mail): the filter keeps both.
  const filters = page.getByRole('radiogroup', { name: 'Filtrer les destinataires' });
  await filters.getByText('N’ont pas ouvert', { exact: true }).click();
  await expect(page.getByRole('radio', { name: 'N’ont pas ouvert' })).toBeChecked();
  await expect(page.getByTestId('recipient-row')).toHaveCount(2);
  await filters.getByText('Ont cliqué', { exact: true }).click();
  await expect(page.getByTestId('recipient-row')).toHaveCount(0);
  await expect(page.getByText('Aucun destinataire pour ce filtre')).toBeVisible();
  await checkA11y(page, 'campaign-page');
  await page.evaluate(() => window.scrollTo(0, 0));
  await snap(page, 'email-campaigns-page-desktop');

  // In the list, with its status.
  await page.getByRole('link', { name: 'Campagnes', exact: true }).first().click();
  const row = page.getByTestId('campaign-row').filter({ hasText: name });
  await expect(row.getByTestId('campaign-status')).toHaveText(/En cours|Terminée/, PAGE_LOAD);
  await page.getByRole('combobox', { name: 'Statut' }).click();
  await page.getByRole('option', { name: 'Brouillon', exact: true }).click();
  await expect(page).toHaveURL(/status=draft/);
  await expect(page.getByTestId('campaign-row').filter({ hasText: name })).toHaveCount(0);
  await snap(page, 'email-campaigns-list-desktop');

  const phone = await phonePage(browser, page);
  await phone.goto('/campaigns');
  await expect(phone.getByTestId('campaign-cards').getByRole('article', { name })).toBeVisible(PAGE_LOAD);
  await snap(phone, 'email-campaigns-list-phone');
  await phone.context().close();
});

test('e-mail campaigns: a campaign due later is paused, resumed, taken back to draft, then cancelled', async ({
  page,
}) => {
  test.slow();
  const session = await signInViaApi(page);
  const word = randomWord();
  const { view, template } = await fixtures(page.request, session, word);
  const name = `Invitation ${word}`;
  const campaign = await send(page.request, session, 'post', '/campaigns', {
    name,
    topic: 'event',
    segmentId: view.id,
    steps: [
      {
        variants: [
          { key: 'A', templateId: template.id, subject: 'Invitation', bodyHtml: '<p>Venez</p>', locale: 'fr' },
        ],
      },
    ],
  });
  const at = new Date(Date.now() + 7 * 24 * 3600_000).toISOString();
  await send(page.request, session, 'post', `/campaigns/${campaign.id}/schedule`, { kind: 'at', at });

  await page.goto(`/campaigns/${campaign.id}`);
  const status = page.getByTestId('campaign-status');
  await expect(status).toHaveText('Programmée', PAGE_LOAD);
  await expect(page.getByTestId('campaign-when')).toContainText('Lancement prévu');
  await expect(page.getByRole('button', { name: 'Reprendre' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Mettre en pause' }).click();
  await expect(status).toHaveText('En pause');
  await expect(page.getByText('Campagne en pause')).toBeVisible();
  await page.getByRole('button', { name: 'Reprendre' }).click();
  await expect(status).toHaveText('Programmée');
  await page.getByRole('button', { name: 'Repasser en brouillon' }).click();
  await expect(status).toHaveText('Brouillon');
  await expect(page.getByRole('button', { name: 'Modifier' })).toBeVisible();

  // A draft opens in the wizard with what it holds, and is scheduled again for later.
  await page.getByRole('button', { name: 'Modifier' }).click();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${campaign.id}/edit$`));
  await expect(page.getByRole('textbox', { name: 'Nom de la campagne' })).toHaveValue(name, PAGE_LOAD);
  await expect(page.getByTestId('audience-count')).toHaveText('2 destinataires', PAGE_LOAD);
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByRole('radio', { name: 'À une date et une heure (heure de Paris)' }).check();
  await page.getByRole('textbox', { name: 'Date et heure (Paris)' }).fill('10/12/2099 09:30');
  await page.getByRole('textbox', { name: 'Date et heure (Paris)' }).press('Tab');
  await page.getByRole('button', { name: 'Suivant' }).click();
  await expect(page.getByTestId('review-when')).toContainText('(heure de Paris)');
  await page.getByRole('button', { name: 'Programmer' }).click();
  await expect(page).toHaveURL(new RegExp(`/campaigns/${campaign.id}$`), PAGE_LOAD);
  await expect(status).toHaveText('Programmée');
  await expect(page.getByTestId('campaign-when')).toContainText('2099');

  // Cancel asks first; « Ne pas annuler » keeps it.
  await page.getByRole('button', { name: 'Annuler la campagne' }).click();
  const dialog = page.getByRole('dialog', { name: 'Annuler cette campagne ?' });
  await expect(dialog).toContainText(`Plus aucun e-mail de « ${name} » ne partira`);
  await dialog.getByRole('button', { name: 'Ne pas annuler' }).click();
  await expect(status).toHaveText('Programmée');
  await page.getByRole('button', { name: 'Annuler la campagne' }).click();
  await page
    .getByRole('dialog', { name: 'Annuler cette campagne ?' })
    .getByRole('button', { name: 'Annuler la campagne' })
    .click();
  await expect(status).toHaveText('Annulée');
  await expect(page.getByRole('button', { name: 'Mettre en pause' })).toHaveCount(0);
});

test('e-mail campaigns: the suppression list, an address added by hand and removed', async ({ page, browser }) => {
  test.slow();
  const admin = await signInViaApi(page);
  const address = `demande.${randomWord()}@exemple.fr`;
  await page.goto('/campaigns/suppressions');
  await expect(page.getByRole('heading', { level: 2, name: 'Liste des désinscriptions' })).toBeVisible(PAGE_LOAD);
  await page.getByRole('button', { name: 'Ajouter une adresse' }).click();
  const dialog = page.getByRole('dialog', { name: 'Ajouter une adresse à la liste' });
  await dialog.getByRole('textbox', { name: 'Adresse e-mail' }).fill('pas-une-adresse');
  await dialog.getByRole('button', { name: 'Ajouter une adresse' }).click();
  await expect(dialog.getByRole('textbox', { name: 'Adresse e-mail' })).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('textbox', { name: 'Adresse e-mail' }).fill(address);
  await dialog.getByRole('textbox', { name: 'Précision' }).fill('Demande par téléphone');
  await dialog.getByRole('button', { name: 'Ajouter une adresse' }).click();
  await expect(page.getByText(`Adresse ajoutée à la liste : ${address}`)).toBeVisible();
  await page.getByRole('textbox', { name: 'Rechercher une adresse' }).fill(address);
  const row = page.getByTestId('suppression-row').filter({ hasText: address });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Ajout à la main');
  await expect(row).toContainText('Demande par téléphone');
  await expect(page.getByTestId('suppression-reasons')).toContainText(/Ajout à la main · \d+/);
  await checkA11y(page, 'suppressions');
  await snap(page, 'email-campaigns-suppressions-desktop');

  const phone = await phonePage(browser, page);
  await phone.goto('/campaigns/suppressions');
  await expect(phone.getByRole('heading', { level: 2, name: 'Liste des désinscriptions' })).toBeVisible(PAGE_LOAD);
  await snap(phone, 'email-campaigns-suppressions-phone');
  await phone.context().close();

  await row.getByRole('button', { name: `Retirer ${address} de la liste` }).click();
  const confirm = page.getByRole('dialog', { name: 'Retirer cette adresse de la liste ?' });
  await expect(confirm).toContainText(`${address} pourra de nouveau recevoir vos campagnes`);
  await confirm.getByRole('button', { name: 'Retirer' }).click();
  await expect(page.getByText(`Adresse retirée de la liste : ${address}`)).toBeVisible();
  await expect(row).toHaveCount(0);
  // The table's empty state (the phone's cards, hidden here, hold the same).
  await expect(page.getByText('Aucune adresse ne correspond à cette recherche').first()).toBeVisible();

  // A salesperson has no suppression tab (the API refuses them the list); a viewer creates no campaign.
  const sales = await signedInAs(browser, admin, page, 'user');
  await sales.goto('/campaigns');
  const sections = sales.getByRole('navigation', { name: 'Rubriques des campagnes' });
  await expect(sections.getByRole('link', { name: 'Modèles' })).toBeVisible(PAGE_LOAD);
  await expect(sections.getByRole('link', { name: 'Désinscriptions' })).toHaveCount(0);
  await expect(
    sales.getByRole('link', { name: /^(Nouvelle campagne|Créer une première campagne)$/ }).first(),
  ).toBeVisible();
  await sales.goto('/campaigns/suppressions');
  await expect(sales.getByTestId('forbidden')).toBeVisible(PAGE_LOAD);
  await sales.context().close();

  const viewer = await signedInAs(browser, admin, page, 'viewer');
  await viewer.goto('/campaigns');
  await expect(viewer.getByRole('heading', { level: 2, name: 'Campagnes e-mail' })).toBeVisible(PAGE_LOAD);
  await expect(viewer.getByRole('link', { name: /^(Nouvelle campagne|Créer une première campagne)$/ })).toHaveCount(0);
  await expect(
    viewer.getByRole('navigation', { name: 'Rubriques des campagnes' }).getByRole('link', { name: 'Désinscriptions' }),
  ).toHaveCount(0);
  await viewer.context().close();
});

/** A user of the role in a browser context of their own, signed in. */
async function signedInAs(browser: Browser, admin: ApiSession, adminPage: Page, role: 'user' | 'viewer') {
  const suffix = randomWord();
  const password = `Quiet-Harbour-${suffix}`;
  const user = await send(adminPage.request, admin, 'post', '/users', {
    email: `${role}-${suffix}@e2e.test`,
    name: `${role === 'user' ? 'Inès' : 'Hugo'} Campagnes ${suffix}`,
    role,
    password,
  });
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInViaApi(page, { email: user.email as string, password });
  return page;
}
