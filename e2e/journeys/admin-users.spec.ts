// An administrator invites a user from the users page; the user opens the mailed link, chooses a password and signs
// in; the administrator then sends them a reset link from the row's menu. The e2e server writes its mails to its log
// (SMTP_URL ''), where the journey reads the links (support/mail-log.ts).
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures.ts';
import { linkIn, waitForMail } from '../support/mail-log.ts';

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** The user's row on the users page, found through the search box. */
async function userRow(page: Page, name: string) {
  await page.goto('/admin/users');
  await page.getByLabel('Rechercher par nom ou e-mail').fill(name);
  const row = page.getByTestId('user-row').filter({ hasText: name });
  await expect(row).toHaveCount(1);
  return row;
}

// The old invitation link, refused on purpose, answers 400, which Chromium logs as a failed resource.
test.use({ allowedConsoleErrors: [/status of 400/] });

test('invitation: sent from the users page, resent, accepted from the mail; then a reset link from the row menu', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  await signInViaApi(page);
  const id = unique();
  const name = `Inès Invitée ${id}`;
  const email = `ines-${id}@e2e.test`;
  const password = `Quiet-Harbour-${id}`;

  // The form invites by default: no password to type or pass on.
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
  await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
  const form = page.getByRole('dialog', { name: 'Nouvel utilisateur' });
  await expect(form.getByRole('radio', { name: 'Envoyer une invitation' })).toBeChecked();
  await expect(form.getByRole('textbox', { name: 'Mot de passe initial' })).toHaveCount(0);
  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Nom').fill(name);
  await checkA11y(page, 'users-invite-modal');
  await snap(page, 'admin-users-invite');
  await form.getByRole('button', { name: 'Créer' }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText(`Invitation envoyée à ${email}`)).toBeVisible();

  const row = await userRow(page, name);
  await expect(row.getByTestId('invitation-status')).toContainText('Invitation envoyée');
  await expect(row.getByTestId('invitation-status')).toContainText('Envoyée le');
  await checkA11y(page, 'users-invited');
  await snap(page, 'admin-users-invited');
  const first = await waitForMail(email);
  expect(first.subject).toBe('Votre invitation au CRM');
  expect(first.text).toContain('ouvrez ce lien dans les 7 jours');

  // Sent again: a second mail, and only its link works.
  await row.getByRole('button', { name: `Actions pour ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Renvoyer l’invitation' }).click();
  await expect(page.getByText(`Invitation renvoyée à ${email}`)).toBeVisible();
  const second = await waitForMail(email, 2);

  // The invited person, signed out, opens the first link: it no longer works.
  await page.context().clearCookies();
  await page.goto(linkIn(first, 'accept-invitation'));
  await expect(page.getByRole('heading', { name: 'Bienvenue dans le CRM' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Votre mot de passe' }).fill(password);
  await page.getByRole('textbox', { name: 'Confirmez le mot de passe' }).fill(password);
  await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  await expect(page.getByRole('alert')).toContainText('Ce lien d’invitation a expiré ou a déjà servi');

  // The second link sets the password; then the sign-in form lets them in.
  await page.goto(linkIn(second, 'accept-invitation'));
  await expect(page.getByRole('heading', { name: 'Bienvenue dans le CRM' })).toBeVisible();
  await checkA11y(page, 'accept-invitation');
  await page.getByRole('textbox', { name: 'Votre mot de passe' }).fill(password);
  await page.getByRole('textbox', { name: 'Confirmez le mot de passe' }).fill(password);
  await page.getByRole('button', { name: 'Enregistrer mon mot de passe' }).click();
  await expect(page.getByRole('status')).toContainText('Votre mot de passe est enregistré');
  await page.getByRole('link', { name: 'Se connecter' }).click();
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('textbox', { name: 'Mot de passe' }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();

  // Back as the administrator: the account is active; a reset link leaves after a confirmation. (The home page is
  // left first: its queries would refetch without the cleared cookie and log 401s.)
  await page.goto('about:blank');
  await page.context().clearCookies();
  await signInViaApi(page);
  const active = await userRow(page, name);
  await expect(active).toContainText('Actif');
  await expect(active.getByTestId('invitation-status')).toHaveCount(0);
  await active.getByRole('button', { name: `Actions pour ${name}` }).click();
  await expect(page.getByRole('menuitem', { name: 'Renvoyer l’invitation' })).toHaveCount(0);
  await page.getByRole('menuitem', { name: 'Envoyer un lien de réinitialisation' }).click();
  const confirm = page.getByRole('dialog', { name: `Envoyer un lien de réinitialisation à ${name} ?` });
  await expect(confirm).toContainText('Le mot de passe actuel reste valable');
  await confirm.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.getByText(`Lien de réinitialisation envoyé à ${email}`)).toBeVisible();
  const reset = await waitForMail(email, 3);
  expect(reset.subject).toBe('Réinitialisez votre mot de passe du CRM');
  expect(reset.text).toContain('Un administrateur du CRM vous a envoyé ce lien');
  expect(linkIn(reset, 'reset-password')).toMatch(/^\/reset-password\?token=/);
});
