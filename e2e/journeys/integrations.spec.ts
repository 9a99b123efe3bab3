// Settings → Integrations (webhooks): a webhook created from the user menu (the API's field errors shown on the
// fields first), its secret shown once and copied, a test sent and seen in the log with its signed request, a real
// change in the CRM delivered within seconds, the events edited, the secret rotated (both secrets sign), a failing
// receiver's delivery with its error and a redelivery, a 410 that makes the CRM disable the endpoint and switching
// it back on, then both deleted after a confirmation. The receivers are node:http servers on 127.0.0.1 started here
// (global setup gives the server WEBHOOKS_ALLOW_PRIVATE_TARGETS=true).
import type { Locator, Page } from '@playwright/test';
import { type ApiSession, expect, test } from '../fixtures.ts';
import { uniqueWord } from '../support/names.ts';
import { ofType, type Receiver, signedWith, startReceiver } from '../support/webhook-receiver.ts';

/** First paint of a page, or a delivery going round the outbox, on a loaded 2-core machine can take a while. */
const SLOW = { timeout: 45_000 };

test.use({
  actionTimeout: 30_000,
  permissions: ['clipboard-read', 'clipboard-write'],
  // The create form is sent twice with errors on purpose: the API answers 400 and Chromium logs it.
  allowedConsoleErrors: [/status of 400 \(Bad Request\) \(http[^)]*\/api\/v1\/webhooks\)/],
});

let ok: Receiver;
let failing: Receiver;

test.beforeAll(async () => {
  ok = await startReceiver(() => ({ status: 200, body: '{"received":true,"by":"e2e"}' }));
  failing = await startReceiver((req) =>
    req.path.startsWith('/gone')
      ? { status: 410, body: '{"error":"gone"}' }
      : { status: 500, body: '{"error":"database unavailable"}' },
  );
});

test.afterAll(async () => {
  await ok?.close();
  await failing?.close();
});

async function apiPost(page: Page, session: ApiSession, path: string, data: object) {
  const res = await page.request.post(path, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
  return (await res.json()) as { id: string };
}

/** Waits until the receiver has a request of this event type (optionally matching), and returns the last one. */
async function received(r: Receiver, type: string, match: (body: string) => boolean = () => true) {
  await expect.poll(() => ofType(r, type).filter((q) => match(q.body)).length, { timeout: 30_000 }).toBeGreaterThan(0);
  return ofType(r, type)
    .filter((q) => match(q.body))
    .at(-1)!;
}

async function cardAction(page: Page, card: Locator, url: string, item: string) {
  await card.getByRole('button', { name: `Actions pour ${url}` }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

async function sendTest(page: Page, card: Locator, eventLabel: string | null) {
  await card.getByRole('button', { name: 'Envoyer un test' }).click();
  const dialog = page.getByRole('dialog', { name: 'Envoyer un test' });
  if (eventLabel) {
    await dialog.getByRole('combobox', { name: 'Type d’événement' }).click();
    await page.getByRole('option', { name: eventLabel }).click();
  }
  await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await expect(dialog.getByTestId('test-result')).toBeVisible(SLOW);
  return dialog;
}

test('integrations: webhook created, secret once, test, real delivery, rotation, failure and redelivery, delete', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.setTimeout(300_000); // ~1 min on an idle machine; several when the shared cores are saturated
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const url = `${ok.origin}/crm-hook/${word}`;

  // From the user menu.
  await page.goto('/');
  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.getByRole('menuitem', { name: 'Intégrations' }).click();
  await expect(page).toHaveURL(/\/settings\/integrations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Intégrations' })).toBeVisible(SLOW);
  const docs = page.getByTestId('webhook-docs');
  await expect(docs.getByTestId('snippet-javascript')).toContainText("import { Webhook } from 'standardwebhooks';");
  await docs.getByRole('tab', { name: 'Python' }).click();
  await expect(docs.getByTestId('snippet-python')).toContainText('hmac.compare_digest');

  // Create: the API's validation errors land on their fields.
  await page.getByRole('button', { name: 'Nouveau webhook' }).first().click();
  const form = page.getByRole('dialog', { name: 'Nouveau webhook' });
  const urlInput = form.getByRole('textbox', { name: 'URL du récepteur' });
  await urlInput.fill('ftp://127.0.0.1/hook');
  await form.getByRole('checkbox', { name: 'Tout sélectionner : Contacts' }).check();
  await expect(form.getByRole('checkbox', { name: 'Contact modifié (contact.updated)' })).toBeChecked();
  await form.getByRole('checkbox', { name: 'Mandat gagné (deal.won)' }).check();
  await form.getByRole('button', { name: 'Créer' }).click();
  await expect(urlInput).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('URL invalide : une adresse http(s) complète');

  await urlInput.fill(url);
  await form.getByRole('textbox', { name: 'Description' }).fill(`Récepteur de test ${word}`);
  await form.getByRole('button', { name: 'Ajouter un en-tête' }).click();
  const name1 = form.getByRole('textbox', { name: 'Nom de l’en-tête 1' });
  await name1.fill('webhook-id'); // the CRM sets it itself: refused by the API
  await form.getByRole('textbox', { name: 'Valeur de l’en-tête 1' }).fill('e2e');
  await form.getByRole('button', { name: 'Ajouter un en-tête' }).click();
  await form.getByRole('textbox', { name: 'Nom de l’en-tête 2' }).fill('Authorization');
  await form.getByRole('textbox', { name: 'Valeur de l’en-tête 2' }).fill('Bearer e2e-token');
  await form.getByRole('button', { name: 'Créer' }).click();
  await expect(name1).toHaveAttribute('aria-invalid', 'true');
  await expect(form).toContainText('pas un en-tête que le CRM envoie lui-même');
  await expect(form.getByRole('alert').first()).toContainText('Certains champs sont invalides');
  await expect(urlInput).not.toHaveAttribute('aria-invalid', 'true');
  await checkA11y(page, 'integrations-form', { include: '[role="dialog"]' });
  await snap(page, 'integrations-form');
  await name1.fill('X-Partenaire');
  await form.getByRole('button', { name: 'Créer' }).click();

  // The secret, once, copied to the clipboard.
  const reveal = page.getByRole('dialog', { name: 'Secret de signature du webhook' });
  await expect(reveal).toContainText('vous ne le reverrez plus');
  const secret = await reveal.getByTestId('webhook-secret').inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
  await reveal.getByRole('button', { name: 'Copier le secret' }).click();
  await expect(reveal.getByRole('button', { name: 'Copié', exact: true })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  await checkA11y(page, 'integrations-secret', { include: '[role="dialog"]' });
  await snap(page, 'integrations-secret');
  await reveal.getByRole('button', { name: 'J’ai copié le secret' }).click();
  await expect(reveal).toBeHidden();
  await expect(page.locator('body')).not.toContainText(secret);

  // The new webhook, its health, and its (empty) delivery log opened.
  const card = page.getByRole('article', { name: url });
  await expect(card.getByTestId('webhook-source')).toHaveText('Origine : API');
  await expect(card.getByTestId('webhook-state')).toHaveText('État : Actif');
  await expect(card.getByTestId('webhook-events')).toContainText('contact.deleted');
  await expect(card.getByTestId('webhook-events')).toContainText('deal.won');
  await expect(card.getByTestId('health-last-value')).toHaveText('Jamais');
  const log = page.getByTestId('delivery-log');
  await expect(log).toContainText('Aucune livraison');

  // A test: the receiver's answer, a signed request with the custom headers.
  let dialog = await sendTest(page, card, 'Mandat gagné (deal.won)');
  await expect(dialog.getByTestId('test-result')).toContainText('Le récepteur a accepté l’événement.');
  await expect(dialog.getByTestId('test-result')).toContainText('200');
  await expect(dialog.getByTestId('test-duration')).toHaveText(/^\d+ ms$/);
  await expect(dialog.getByTestId('test-body')).toContainText('"received": true');
  const test1 = await received(ok, 'deal.won');
  expect(signedWith(secret, test1)).toBe(true);
  expect(test1.headers['x-partenaire']).toBe('e2e');
  expect(test1.headers.authorization).toBe('Bearer e2e-token');
  expect(JSON.parse(test1.body).data.test).toBe(true);
  await checkA11y(page, 'integrations-test', { include: '[role="dialog"]' });
  await snap(page, 'integrations-test');
  await dialog.getByRole('button', { name: 'Fermer' }).last().click();

  // In the log; its detail (opened with the keyboard): the request as sent, signed, credentials masked.
  const testRow = log.getByTestId('delivery-row').filter({ hasText: 'deal.won' });
  await expect(testRow).toContainText('Test');
  await expect(testRow.getByTestId('delivery-status')).toHaveText('Réussie');
  await testRow.getByRole('button', { name: /^Détail de la livraison deal\.won/ }).focus();
  await page.keyboard.press('Enter');
  let detail = page.getByRole('dialog', { name: 'Livraison deal.won' });
  const attempt = detail.getByTestId('attempt').first();
  // The signature is an HMAC, not a credential: the log shows it as sent (credentials are masked).
  await expect(attempt.getByTestId('attempt-request')).toContainText(
    `webhook-signature: ${test1.headers['webhook-signature']}`,
  );
  await expect(attempt.getByTestId('attempt-request')).toContainText(`webhook-id: ${test1.headers['webhook-id']}`);
  await expect(attempt.getByTestId('attempt-request')).toContainText('Authorization: ••••••');
  await expect(attempt.getByTestId('attempt-request')).toContainText('"type": "deal.won"');
  await expect(attempt.getByTestId('attempt-response')).toContainText('200');
  await expect(attempt.getByTestId('attempt-response')).toContainText('"by": "e2e"');
  await checkA11y(page, 'integrations-delivery', { include: '[role="dialog"]' });
  await snap(page, 'integrations-delivery');
  await page.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  // A real change in the CRM reaches the receiver and shows in the log.
  const lastName = `Webhook${word}`;
  await apiPost(page, session, '/api/v1/people', { firstName: 'Inès', lastName, force: true });
  const created = await received(ok, 'contact.created', (b) => b.includes(lastName));
  expect(signedWith(secret, created)).toBe(true);
  const realRow = log.getByTestId('delivery-row').filter({ hasText: 'contact.created' });
  await expect(realRow.getByTestId('delivery-status')).toHaveText('Réussie', SLOW);
  await expect(realRow).not.toContainText('Test');
  await expect(card.getByTestId('health-success-value')).toHaveText(/^100\s?%$/, SLOW);

  // Edit: every event from now on; the masked Authorization is kept as it was.
  await cardAction(page, card, url, 'Modifier');
  const edit = page.getByRole('dialog', { name: 'Modifier le webhook' });
  await expect(edit.getByRole('textbox', { name: 'Valeur de l’en-tête 2' })).toHaveAttribute(
    'placeholder',
    'Valeur masquée',
  );
  await edit.getByRole('checkbox', { name: 'Tous les événements' }).check();
  await edit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(edit).toBeHidden();
  await expect(card.getByTestId('webhook-events')).toContainText('Tous les événements');
  const orgName = `Gestion Webhook ${word}`;
  await apiPost(page, session, '/api/v1/organisations', { name: orgName, force: true });
  const orgEvent = await received(ok, 'organisation.created', (b) => b.includes(orgName));
  expect(orgEvent.headers.authorization).toBe('Bearer e2e-token');

  // Rotation: a new secret once; for 24 h both secrets sign.
  await cardAction(page, card, url, 'Renouveler le secret');
  const confirm = page.getByRole('dialog', { name: 'Renouveler le secret de signature ?' });
  await expect(confirm).toContainText('Pendant 24 h, chaque livraison porte deux signatures');
  await confirm.getByRole('button', { name: 'Renouveler le secret' }).click();
  const rotated = page.getByRole('dialog', { name: 'Nouveau secret de signature' });
  await expect(rotated.getByTestId('rotation-info')).toContainText('L’ancien secret continue de signer');
  const newSecret = await rotated.getByTestId('webhook-secret').inputValue();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(secret);
  await rotated.getByRole('button', { name: 'J’ai copié le secret' }).click();
  await expect(card).toContainText('Secret renouvelé : l’ancien signe encore jusqu’au');
  dialog = await sendTest(page, card, 'Tâche terminée (task.completed)');
  await dialog.getByRole('button', { name: 'Fermer' }).last().click();
  const test2 = await received(ok, 'task.completed');
  expect(String(test2.headers['webhook-signature']).split(' ')).toHaveLength(2);
  expect(signedWith(newSecret, test2)).toBe(true);
  expect(signedWith(secret, test2)).toBe(true);

  // A failing receiver: its error in the test, the log and the detail; redelivered with the same webhook-id.
  const failUrl = `${failing.origin}/hook/${word}`;
  await apiPost(page, session, '/api/v1/webhooks', {
    url: failUrl,
    description: 'Récepteur en panne',
    eventTypes: ['contact.created'],
  });
  const failCard = page.getByRole('article', { name: failUrl });
  await expect(failCard).toBeVisible(SLOW);
  dialog = await sendTest(page, failCard, null);
  await expect(dialog.getByTestId('test-result')).toContainText('n’a pas accepté l’événement');
  await expect(dialog.getByTestId('test-result')).toContainText('500');
  await expect(dialog.getByTestId('test-body')).toContainText('"error": "database unavailable"');
  await dialog.getByRole('button', { name: 'Fermer' }).last().click();
  await failCard.getByRole('button', { name: `Journal des livraisons de ${failUrl}` }).click();
  await expect(log).toContainText(failUrl);
  const failRow = log.getByTestId('delivery-row').first();
  await expect(failRow.getByTestId('delivery-status')).toHaveText('Échec');
  await expect(failRow).toContainText('500');
  await expect(failCard.getByTestId('failing-since')).toContainText('Le récepteur échoue depuis le', SLOW);
  await checkA11y(page, 'integrations');
  await page.evaluate(() => window.scrollTo(0, 0)); // the log took the focus: a full-page shot from the top
  await snap(page, 'integrations');
  await failRow.getByRole('button', { name: /^Détail de la livraison contact\.created/ }).click();
  detail = page.getByRole('dialog', { name: 'Livraison contact.created' });
  await expect(detail.getByTestId('attempt').first().getByTestId('attempt-response')).toContainText(
    '"error": "database unavailable"',
  );
  await detail.getByRole('button', { name: 'Relivrer' }).click();
  await expect(page.getByText('Livraison renvoyée')).toBeVisible();
  await expect(detail.getByTestId('attempt')).toHaveCount(2, SLOW);
  await expect(detail.getByTestId('attempt').first()).toContainText('Relivraison');
  await expect(detail.getByTestId('delivery-status')).toHaveText('Échec', SLOW);
  await detail.getByRole('button', { name: 'Fermer' }).last().click();
  const failedIds = failing.requests.map((r) => r.headers['webhook-id']);
  expect(failedIds).toHaveLength(2);
  expect(failedIds[1]).toBe(failedIds[0]);
  await expect(failRow).toContainText('Relivraison');

  // A 410 makes the CRM disable the endpoint, shown with its reason; switching it back on clears it.
  await cardAction(page, failCard, failUrl, 'Modifier');
  const failEdit = page.getByRole('dialog', { name: 'Modifier le webhook' });
  const goneUrl = `${failing.origin}/gone/${word}`;
  await failEdit.getByRole('textbox', { name: 'URL du récepteur' }).fill(goneUrl);
  await failEdit.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(failEdit).toBeHidden();
  const goneCard = page.getByRole('article', { name: goneUrl });
  dialog = await sendTest(page, goneCard, null);
  await expect(dialog.getByTestId('test-result')).toContainText('410');
  await dialog.getByRole('button', { name: 'Fermer' }).last().click();
  await expect(goneCard.getByTestId('webhook-state')).toHaveText('État : Désactivé par le CRM');
  await expect(goneCard.getByTestId('disabled-reason')).toContainText('Le récepteur a répondu 410');
  const toggle = goneCard.getByRole('switch', { name: `Webhook actif : ${goneUrl}` });
  await expect(toggle).not.toBeChecked();
  await toggle.focus(); // with the keyboard: the switch follows the server, so it flips once the answer is in
  await page.keyboard.press('Space');
  await expect(toggle).toBeChecked();
  await expect(goneCard.getByTestId('webhook-state')).toHaveText('État : Actif');
  await expect(goneCard.getByTestId('disabled-reason')).toBeHidden();

  // Delete both, after a confirmation.
  for (const [c, u] of [
    [goneCard, goneUrl],
    [card, url],
  ] as const) {
    await cardAction(page, c, u, 'Supprimer');
    const del = page.getByRole('dialog', { name: 'Supprimer ce webhook ?' });
    await expect(del).toContainText(u);
    await del.getByRole('button', { name: 'Supprimer le webhook' }).click();
    await expect(c).toBeHidden();
  }
  await expect(log).toBeHidden();
});
