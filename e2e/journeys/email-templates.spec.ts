// Campaigns → e-mail templates: the marketing sender set on the mail page (the footer's company name and address),
// a template written from the « Campagnes » menu with variables picked from the menus (subject and rich body), its
// live preview with sample values then with a real contact's first name, saved with Ctrl+S, a test sent to oneself
// (seen in the outbox), an unknown variable refused with the French message on its field, an edit kept after a
// reload, the unsaved-changes guard, duplicate and delete from the list; and what a salesperson and a viewer may do.
import { join } from 'node:path';
import type { APIRequestContext, Browser, Page } from '@playwright/test';
import { type ApiSession, checkA11y, expect, phonePage, signInViaApi, snap, test } from '../fixtures.ts';
import { randomWord } from '../support/names.ts';
import { SCREENSHOTS_DIR } from '../support/paths.ts';

const PAGE_LOAD = { timeout: 45_000 };
/** The preview follows the draft half a second after typing stops, then the server renders it. */
const PREVIEW = { timeout: 20_000 };

/** Console errors this journey causes on purpose (`test.use` reads an array as a value and its options: one pattern). */
const EXPECTED_ERRORS = [
  // The unknown variable, refused on purpose on save and in the live preview: the browser logs the 400s.
  /status of 400 \(Bad Request\) \(http[^)]*\/api\/v1\/email-templates[^)]*\)/,
  // Playwright's trace recorder injects its DOM snapshotter into every frame; the preview's frame is sandboxed
  // without scripts (the point of it), so Chromium refuses and says so (as on the heatmap of analytics-admin.spec.ts).
  /Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/,
];
test.use({ allowedConsoleErrors: [new RegExp(EXPECTED_ERRORS.map((re) => re.source).join('|'))] });

type Json = Record<string, unknown>;

async function send(request: APIRequestContext, session: ApiSession, method: 'post' | 'put', path: string, data: Json) {
  const res = await request[method](`/api/v1${path}`, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return (await res.json()) as Json;
}

/** A contact the administrator sees, with a first name that is a plain word (to find it in the preview). */
async function aContact(request: APIRequestContext) {
  const res = await request.get('/api/v1/people?limit=50&sort=lastName');
  expect(res.ok()).toBe(true);
  const { items } = (await res.json()) as { items: { id: string; firstName: string; lastName: string }[] };
  const person = items.find((p) => /^[A-Za-zÀ-ÿ]{3,}$/.test(p.firstName) && p.firstName !== 'Camille');
  expect(person, 'a demo contact with a simple first name').toBeTruthy();
  return person as { id: string; firstName: string; lastName: string };
}

const previewFrame = (page: Page) => page.frameLocator('[data-testid="preview-frame"]');

/** What the screen shows (not the full page), in e2e/screenshots/<name>.png, attached to the report. */
async function snapScreen(page: Page, name: string) {
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

/**
 * axe on the editor page, the preview on its « Texte » tab: the mail's frame is sandboxed without scripts, where axe
 * cannot run (it would wait for ever), and the mail is the firm's layout, not the app's page.
 */
async function a11yWithoutMail(page: Page, name: string, options?: Parameters<typeof checkA11y>[2]) {
  const preview = page.getByTestId('preview-panel');
  await preview.getByRole('tab', { name: 'Texte' }).click();
  await expect(page.getByTestId('preview-frame')).toHaveCount(0);
  await expect(page.getByTestId('preview-text')).toContainText('Se désinscrire'); // the text, as long as it is
  await checkA11y(page, name, options);
  await preview.getByRole('tab', { name: 'E-mail' }).click();
}

test('e-mail templates: sender settings, a template with variables, live preview, test mail, refusal, edit', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000); // a shared two-core machine
  const session = await signInViaApi(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  const word = randomWord();
  const name = `Lancement ${word}`;
  const company = `Gestion ${word} SAS`;
  const contact = await aContact(page.request);

  // The marketing sender, on the mail page (administrators): what every footer says.
  await page.goto('/admin/mail');
  const card = page.getByRole('region', { name: 'Expéditeur des campagnes' });
  await expect(card).toBeVisible(PAGE_LOAD);
  await expect(card).toContainText('figurent dans le pied de page de chaque e-mail marketing');
  await card.getByRole('textbox', { name: 'Nom de la société' }).fill(company);
  await card.getByRole('textbox', { name: 'Adresse postale' }).fill('12 rue de la Paix, 75002 Paris');
  await card.getByRole('textbox', { name: 'Adresse de réponse' }).fill('pas-une-adresse');
  await card.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(card.getByRole('textbox', { name: 'Adresse de réponse' })).toHaveAttribute('aria-invalid', 'true');
  await card.getByRole('textbox', { name: 'Adresse de réponse' }).fill('marketing@exemple.fr');
  await card.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Expéditeur des campagnes enregistré.')).toBeVisible();
  await expect(card).not.toContainText('Pas encore renseigné');
  await checkA11y(page, 'marketing-sender', { include: '[data-testid="marketing-sender"]' });
  await page.evaluate(() => window.scrollTo(0, 0)); // a full-page shot from the top (the header stays in place)
  await snap(page, 'email-templates-settings-desktop');

  // From the main menu.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Campagnes' }).click();
  await expect(page).toHaveURL(/\/campaigns$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Campagnes' })).toBeVisible(PAGE_LOAD);
  const sections = page.getByRole('navigation', { name: 'Rubriques des campagnes' });
  await sections.getByRole('link', { name: 'Modèles' }).click();
  await expect(page).toHaveURL(/\/campaigns\/templates$/);
  await expect(sections.getByRole('link', { name: 'Modèles' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('heading', { level: 2, name: 'Modèles d’e-mail' })).toBeVisible();
  await page
    .getByRole('link', { name: /^(Nouveau modèle|Créer un premier modèle)$/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/campaigns\/templates\/new$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Nouveau modèle' })).toBeVisible(PAGE_LOAD);

  // Name, then a subject with a variable from its menu, at the caret.
  await page.getByRole('textbox', { name: 'Nom du modèle' }).fill(name);
  const subject = page.getByRole('textbox', { name: 'Objet' });
  await subject.fill('Bonjour');
  await page.getByRole('button', { name: 'Insérer une variable : Objet' }).click();
  await page.getByRole('menuitem', { name: /^Prénom du contact/ }).click();
  await expect(subject).toHaveValue('Bonjour {{ contact.firstName }}');
  await expect(subject).toBeFocused();
  await page.keyboard.type(', découvrez notre fonds');
  await expect(subject).toHaveValue('Bonjour {{ contact.firstName }}, découvrez notre fonds');
  await page.getByRole('textbox', { name: 'Texte d’aperçu' }).fill('Une minute de lecture');

  // The body: text, a variable from the toolbar's menu, a heading, and the unsubscribe link.
  const body = page.getByRole('textbox', { name: 'Contenu de l’e-mail' });
  await body.click();
  await page.keyboard.type('Chère, cher ');
  await page.getByRole('toolbar', { name: 'Mise en forme' }).getByRole('button', { name: 'Variables' }).click();
  await page.getByRole('menuitem', { name: /^Prénom du contact/ }).click();
  await page.keyboard.type(', notre fonds Horizon Climat ouvre le 3 mars.');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Pour ne plus recevoir nos lettres : ');
  await page.getByRole('toolbar', { name: 'Mise en forme' }).getByRole('button', { name: 'Variables' }).click();
  await page.getByRole('menuitem', { name: /^Lien de désinscription/ }).click();
  await expect(body).toContainText('Chère, cher {{ contact.firstName }}, notre fonds Horizon Climat');
  await expect(body.getByRole('link', { name: 'Se désinscrire' })).toHaveAttribute('href', '{{ unsubscribeUrl }}');
  await expect(page.getByTestId('save-state')).toHaveText('Modifications non enregistrées');

  // The preview: sample values first (Camille), in the firm's layout and footer.
  const preview = page.getByTestId('preview-panel');
  await expect(preview.getByTestId('preview-subject')).toHaveText('Bonjour Camille, découvrez notre fonds', PREVIEW);
  await expect(preview.getByTestId('preview-preheader')).toHaveText('Une minute de lecture');
  await expect(previewFrame(page).locator('body')).toContainText('Chère, cher Camille, notre fonds Horizon Climat');
  await expect(previewFrame(page).locator('body')).toContainText(`Vous recevez ce message de ${company}`);
  await expect(previewFrame(page).getByRole('link', { name: 'Se désinscrire' }).first()).toHaveAttribute(
    'href',
    /\/email\/unsubscribe\/preview$/,
  );
  // … then one of my contacts, with their own first name.
  const picker = preview.getByRole('combobox', { name: 'Aperçu avec un contact' });
  await picker.fill(contact.lastName);
  await page
    .getByRole('option', { name: new RegExp(`^${contact.firstName} ${contact.lastName}`) })
    .first()
    .click();
  await expect(preview.getByTestId('preview-subject')).toHaveText(
    `Bonjour ${contact.firstName}, découvrez notre fonds`,
    PREVIEW,
  );
  await expect(previewFrame(page).locator('body')).toContainText(`Chère, cher ${contact.firstName}, notre fonds`);
  await preview.getByRole('tab', { name: 'Texte' }).click();
  await expect(preview.getByTestId('preview-text')).toContainText(`Chère, cher ${contact.firstName}, notre fonds`);
  await expect(preview.getByTestId('preview-text')).toContainText('Se désinscrire');
  await preview.getByRole('tab', { name: 'E-mail' }).click();
  const widths = preview.getByRole('radiogroup', { name: 'Largeur de l’aperçu' });
  await widths.locator('label', { hasText: 'Mobile' }).click();
  await expect(widths.getByRole('radio', { name: 'Mobile' })).toBeChecked();
  await expect(page.getByTestId('preview-frame')).toHaveCSS('width', '375px');
  await widths.locator('label', { hasText: 'Ordinateur' }).click();

  // Ctrl+S creates it; the page takes its address.
  await body.click();
  await page.keyboard.press('Control+s');
  await expect(page.getByText(`Modèle créé : « ${name} »`)).toBeVisible();
  await expect(page).toHaveURL(/\/campaigns\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('save-state')).toHaveText('Enregistré');
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await snap(page, 'email-templates-editor-desktop');
  await a11yWithoutMail(page, 'template-editor');

  // Send me a test: to my own address, in the outbox.
  await preview.getByRole('button', { name: 'M’envoyer un test' }).click();
  await expect(page.getByText(`Test envoyé à ${session.user.email}`)).toBeVisible();
  const testSubject = `[Test] Bonjour ${contact.firstName}, découvrez notre fonds`;
  await expect
    .poll(async () => {
      const res = await page.request.get('/api/v1/mail/messages?limit=50');
      const { items } = (await res.json()) as { items: { to: string; subject: string; category: string }[] };
      return items.some((m) => m.subject === testSubject && m.to === session.user.email && m.category === 'test');
    }, PREVIEW)
    .toBe(true);

  // An unknown variable: refused, in French, on its field; the preview says why too.
  await subject.fill('Bonjour {{ contact.prenom }}');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(subject).toHaveAttribute('aria-invalid', 'true');
  await expect(
    page.getByText('Variable inconnue : {{ contact.prenom }}. Choisissez-la dans la liste des variables.'),
  ).toBeVisible();
  await expect(page.getByTestId('save-error')).toHaveText(
    'Ce modèle utilise une variable inconnue : choisissez-la dans la liste des variables.',
  );
  await expect(preview.getByRole('alert')).toContainText('Aperçu impossible', PREVIEW);

  // Fixed, and the body changed: saved, and still there after a reload.
  await subject.fill('{{ contact.firstName }}, Horizon Climat ouvre le 3 mars');
  await expect(subject).not.toHaveAttribute('aria-invalid', 'true');
  await body.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('Bien à vous,');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Modèle enregistré', { exact: true })).toBeVisible();
  await expect(page.getByTestId('save-state')).toHaveText('Enregistré');
  await page.reload();
  await expect(subject).toHaveValue('{{ contact.firstName }}, Horizon Climat ouvre le 3 mars', PAGE_LOAD);
  await expect(body).toContainText('Bien à vous,');
  await expect(body.getByRole('link', { name: 'Se désinscrire' })).toHaveAttribute('href', '{{ unsubscribeUrl }}');
  await expect(page.getByTestId('save-state')).toHaveText('Enregistré');
  await expect(preview.getByTestId('preview-subject')).toHaveText('Camille, Horizon Climat ouvre le 3 mars', PREVIEW);

  // Leaving with unsaved changes asks first.
  await page.getByRole('textbox', { name: 'Nom du modèle' }).fill(`${name} brouillon`);
  await page.getByRole('link', { name: 'Modèles d’e-mail' }).click();
  const leave = page.getByRole('dialog', { name: 'Quitter sans enregistrer ?' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Rester sur la page' }).click();
  await expect(page.getByRole('textbox', { name: 'Nom du modèle' })).toHaveValue(`${name} brouillon`);
  await page.getByRole('link', { name: 'Modèles d’e-mail' }).click();
  await page
    .getByRole('dialog', { name: 'Quitter sans enregistrer ?' })
    .getByRole('button', { name: 'Quitter sans enregistrer' })
    .click();
  await expect(page).toHaveURL(/\/campaigns\/templates$/);

  // The list: searched by name (without accents or case), duplicated, the copy deleted after a confirmation.
  const search = page.getByRole('textbox', { name: 'Rechercher un modèle' });
  await search.fill(word.toUpperCase());
  const row = page.getByTestId('template-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('{{ contact.firstName }}, Horizon Climat ouvre le 3 mars');
  await expect(row).toContainText('FR');
  await checkA11y(page, 'templates-list');
  await snap(page, 'email-templates-list-desktop');
  await row.getByRole('button', { name: `Actions pour « ${name} »` }).click();
  await page.getByRole('menuitem', { name: 'Dupliquer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `${name} (copie)` })).toBeVisible(PAGE_LOAD);
  await page.getByRole('link', { name: 'Modèles d’e-mail' }).click();
  await page.getByRole('textbox', { name: 'Rechercher un modèle' }).fill(word);
  await expect(page.getByTestId('template-row')).toHaveCount(2);
  await page.getByRole('button', { name: `Actions pour « ${name} (copie) »` }).click();
  await page.getByRole('menuitem', { name: 'Supprimer' }).click();
  const confirm = page.getByRole('dialog', { name: 'Supprimer ce modèle ?' });
  await expect(confirm).toContainText(`Le modèle « ${name} (copie) » ne sera plus proposé.`);
  await confirm.getByRole('button', { name: 'Supprimer' }).click();
  await expect(page.getByText(`Modèle supprimé : « ${name} (copie) »`)).toBeVisible();
  await expect(page.getByTestId('template-row')).toHaveCount(1);
  await page.getByRole('textbox', { name: 'Rechercher un modèle' }).fill(`zz${word}`);
  await expect(page.getByText(`Aucun modèle ne correspond à « zz${word} »`).first()).toBeVisible();

  // On a phone: the list as cards, the editor with its preview below, the settings card.
  const phone = await phonePage(browser, page);
  await phone.goto(`/campaigns/templates?q=${word}`);
  await expect(phone.getByRole('article', { name })).toBeVisible(PAGE_LOAD);
  await checkA11y(phone, 'templates-list-phone', { tags: ['wcag22aa'] });
  await snap(phone, 'email-templates-list-phone');
  await phone.getByRole('article', { name }).getByRole('link', { name }).click();
  await expect(phone.getByTestId('preview-subject')).toHaveText('Camille, Horizon Climat ouvre le 3 mars', PREVIEW);
  await expect(previewFrame(phone).locator('body')).toContainText('Bien à vous,');
  await snap(phone, 'email-templates-editor-phone');
  await a11yWithoutMail(phone, 'template-editor-phone', { tags: ['wcag22aa'] });
  // Chromium does not paint a sandboxed frame that is off screen into a full-page shot: the preview on screen too.
  await phone.getByTestId('preview-frame').scrollIntoViewIfNeeded();
  await snapScreen(phone, 'email-templates-preview-phone');
  await phone.goto('/admin/mail');
  await expect(phone.getByRole('region', { name: 'Expéditeur des campagnes' })).toBeVisible(PAGE_LOAD);
  await snap(phone, 'email-templates-settings-phone');
  await phone.context().close();
});

/** A user of the role in a browser context of their own, signed in. */
async function signedInAs(browser: Browser, admin: ApiSession, adminPage: Page, role: 'user' | 'viewer') {
  const suffix = randomWord();
  const password = `Quiet-Harbour-${suffix}`;
  const user = await send(adminPage.request, admin, 'post', '/users', {
    email: `${role}-${suffix}@e2e.test`,
    name: `${role === 'user' ? 'Inès' : 'Hugo'} Modèles ${suffix}`,
    role,
    password,
  });
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  await signInViaApi(page, { email: user.email as string, password });
  return page;
}

test('e-mail templates: a salesperson reads a colleague’s template and duplicates it; a viewer only reads', async ({
  page,
  browser,
}) => {
  test.slow();
  const admin = await signInViaApi(page);
  const name = `Invitation ${randomWord()}`;
  const template = await send(page.request, admin, 'post', '/email-templates', {
    name,
    subject: 'Invitation, {{ contact.firstName }}',
    bodyHtml: '<p>Bonjour {{ contact.firstName }}, venez à notre petit-déjeuner.</p>',
  });

  // A salesperson: the administrator's template is read-only (no delete offered), a copy is theirs.
  const sales = await signedInAs(browser, admin, page, 'user');
  await sales.goto(`/campaigns/templates/${template.id}`);
  await expect(sales.getByRole('heading', { level: 1, name })).toBeVisible(PAGE_LOAD);
  await expect(sales.getByTestId('read-only')).toContainText('seuls son auteur');
  await expect(sales.getByRole('textbox', { name: 'Objet' })).toHaveAttribute('readonly', '');
  await expect(sales.getByRole('textbox', { name: 'Contenu de l’e-mail' })).toHaveAttribute('contenteditable', 'false');
  await expect(sales.getByRole('button', { name: 'Enregistrer' })).toHaveCount(0);
  await expect(sales.getByTestId('preview-subject')).toHaveText('Invitation, Camille', PREVIEW);
  await expect(sales.getByRole('button', { name: 'M’envoyer un test' })).toBeVisible();
  await sales.goto(`/campaigns/templates?q=${encodeURIComponent(name)}`);
  await sales.getByRole('button', { name: `Actions pour « ${name} »` }).click();
  await expect(sales.getByRole('menuitem', { name: 'Dupliquer' })).toBeVisible();
  await expect(sales.getByRole('menuitem', { name: 'Supprimer' })).toHaveCount(0);
  await sales.getByRole('menuitem', { name: 'Dupliquer' }).click();
  await expect(sales.getByRole('heading', { level: 1, name: `${name} (copie)` })).toBeVisible(PAGE_LOAD);
  await expect(sales.getByRole('button', { name: 'Enregistrer' })).toBeVisible();
  await expect(sales.getByTestId('read-only')).toHaveCount(0);
  // Their copy is theirs to delete, from its page.
  await sales.getByRole('button', { name: 'Plus d’actions' }).click();
  await sales.getByRole('menuitem', { name: 'Supprimer' }).click();
  await sales.getByRole('dialog', { name: 'Supprimer ce modèle ?' }).getByRole('button', { name: 'Supprimer' }).click();
  await expect(sales).toHaveURL(/\/campaigns\/templates$/);
  await expect(sales.getByText(`Modèle supprimé : « ${name} (copie) »`)).toBeVisible();
  await expect(sales.getByRole('link', { name: `${name} (copie)`, exact: true })).toHaveCount(0);
  await sales.context().close();

  // A viewer: the list and the previews, no control to write.
  const viewer = await signedInAs(browser, admin, page, 'viewer');
  await viewer.goto('/campaigns/templates');
  await expect(viewer.getByRole('heading', { level: 2, name: 'Modèles d’e-mail' })).toBeVisible(PAGE_LOAD);
  await expect(viewer.getByRole('link', { name: name, exact: true })).toBeVisible();
  await expect(viewer.getByRole('link', { name: 'Nouveau modèle' })).toHaveCount(0);
  await expect(viewer.getByRole('button', { name: /^Actions pour/ })).toHaveCount(0);
  await viewer.getByRole('link', { name: name, exact: true }).click();
  await expect(viewer.getByTestId('read-only')).toHaveText(
    'Votre rôle permet de consulter les modèles, pas de les modifier.',
  );
  await expect(viewer.getByTestId('preview-subject')).toHaveText('Invitation, Camille', PREVIEW);
  await expect(viewer.getByRole('button', { name: 'M’envoyer un test' })).toHaveCount(0);
  await viewer.context().close();
});
