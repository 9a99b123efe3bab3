// Authentication, the user's own account and administration: the sign-in form (errors, keyboard), session
// expiry back to the deep page, two-factor set-up and sign-in with a code, the app in English, and the admin
// pages (users, teams, audit log with chain verification) plus API keys shown once.
import type { Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { type AdminCredentials, expect, test } from '../fixtures.ts';

const unique = () => `${Date.now()}${Math.floor(Math.random() * 1000)}`;

/** The sign-in form, as a person fills it. */
async function signInViaForm(page: Page, { email, password }: AdminCredentials) {
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('textbox', { name: 'Mot de passe' }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

async function signOutViaMenu(page: Page) {
  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.getByRole('menuitem', { name: 'Se déconnecter' }).click();
  await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
}

/** The CSRF token the API wants on cookie-authenticated writes (the readable crm_csrf cookie). */
async function csrf(page: Page): Promise<Record<string, string>> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'crm_csrf');
  if (!cookie) throw new Error('no crm_csrf cookie: sign in first');
  return { 'x-csrf-token': decodeURIComponent(cookie.value) };
}

/** The 6-digit code an authenticator app shows for `secret`, `offsetSeconds` from now. */
function totpCode(secret: string, offsetSeconds = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  return totp.generate({ timestamp: Date.now() + offsetSeconds * 1000 });
}

test.describe('signed out', () => {
  // A wrong password, the /auth/me probe after the session is gone and the "code required" step answer 401,
  // which Chromium logs as a failed resource.
  test.use({ allowedConsoleErrors: [/status of 401/] });

  test('sign in and out through the form, wrong password message, keyboard order', async ({
    page,
    adminCredentials,
    checkA11y,
    snap,
  }) => {
    await page.goto('/sign-in');
    const email = page.getByLabel('Adresse e-mail');
    const password = page.getByRole('textbox', { name: 'Mot de passe' });
    const submit = page.getByRole('button', { name: 'Se connecter' });
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await checkA11y(page, 'sign-in');
    await snap(page, 'sign-in');

    // Keyboard only: the e-mail field has the focus, Tab goes to the password then to the button, Enter submits.
    await expect(email).toBeFocused();
    await page.keyboard.type(adminCredentials.email);
    await page.keyboard.press('Tab');
    await expect(password).toBeFocused();
    await page.keyboard.type('not-the-password-42');
    await page.keyboard.press('Tab');
    await expect(submit).toBeFocused();
    await page.keyboard.press('Shift+Tab');
    await expect(password).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toContainText('E-mail ou mot de passe incorrect.');
    await expect(page).toHaveURL(/\/sign-in/);

    await password.fill(adminCredentials.password);
    await password.press('Enter');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();

    await signOutViaMenu(page);
    // Signed out for real: a signed-in page sends back to the form, with the way back kept.
    await page.goto('/profile');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fprofile/);
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
  });

  test('session expiry on a deep page: sign in again and land back on it', async ({
    page,
    adminCredentials,
    signInViaApi,
  }) => {
    await signInViaApi(page);
    await page.goto('/organisations?category=CGPI');
    await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();

    await page.context().clearCookies(); // the session is gone (expired, revoked, or signed out elsewhere)
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in\?next=/);
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();

    await signInViaForm(page, adminCredentials);
    await expect(page).toHaveURL(/\/organisations\?category=CGPI$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  });

  test('two-factor: set up on the profile, backup codes once, then sign in with a code', async ({
    page,
    signInViaApi,
    checkA11y,
    snap,
  }) => {
    // An administrator creates the account through the API.
    await signInViaApi(page);
    const person = {
      email: `totp-${unique()}@e2e.test`,
      password: `Quiet-Harbour-${unique()}`,
      name: `Camille Totp ${unique()}`,
    };
    const created = await page.request.post('/api/v1/users', {
      data: { ...person, role: 'user' },
      headers: await csrf(page),
    });
    expect(created.status(), await created.text()).toBe(201);
    await page.context().clearCookies();

    await page.goto('/sign-in');
    await signInViaForm(page, person);
    await expect(page).toHaveURL(/\/$/);
    // A first sign-in: the product-analytics question comes first (analytics-consent.spec.ts tests it).
    await page
      .getByRole('region', { name: 'Mesure d’utilisation du CRM' })
      .getByRole('button', { name: 'Refuser' })
      .click();

    // Not an administrator: no admin links, and the admin pages say so.
    const nav = page.getByRole('navigation', { name: 'Menu principal' });
    await expect(nav.getByRole('link', { name: 'Accueil' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Utilisateurs' })).toHaveCount(0);
    await page.goto('/admin/users');
    await expect(page.getByText('Accès réservé aux administrateurs')).toBeVisible();

    // The bell opens on the person's notifications (none yet for a new account).
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(page.getByRole('dialog', { name: 'Notifications' })).toBeVisible();
    await expect(page.getByText('Aucune notification pour le moment.')).toBeVisible();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Menu utilisateur' }).click();
    await page.getByRole('menuitem', { name: 'Mon profil' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();
    await expect(page.getByLabel('Adresse e-mail')).toHaveValue(person.email);
    await expect(page.getByText('Chrome sur Linux')).toBeVisible();
    await checkA11y(page, 'profile');
    await snap(page, 'profile');

    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
    const secret = await page.getByLabel('Clé secrète').inputValue();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('Code à 6 chiffres').fill(totpCode(secret));
    await page.getByRole('button', { name: 'Activer', exact: true }).click();

    const codes = page.getByRole('dialog', { name: 'Vos codes de secours' });
    await expect(codes).toBeVisible();
    await expect(codes.getByRole('alert')).toContainText('ne seront plus jamais affichés');
    await expect(codes.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem')).toHaveCount(10);
    await expect(codes.getByRole('button', { name: 'Télécharger (.txt)' })).toBeVisible();
    await expect(codes.getByRole('button', { name: 'Copier les codes' })).toBeVisible();
    await snap(page, 'two-factor');
    await codes.getByRole('button', { name: 'J’ai mis mes codes en lieu sûr' }).click();
    await expect(codes).toBeHidden();
    await expect(page.getByTestId('two-factor').getByText('Activée')).toBeVisible();

    await signOutViaMenu(page);
    await signInViaForm(page, person);
    await expect(page.getByRole('heading', { name: 'Vérification en deux étapes' })).toBeVisible();
    // The set-up code's time step is used up: the next step is still inside the server's ±1 window.
    await page.getByLabel('Code de vérification').fill(totpCode(secret, 30));
    await page.getByRole('button', { name: 'Vérifier' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('navigation', { name: 'Menu principal' })).toBeVisible();
  });
});

test('the app in English: switched from the user menu, saved to the profile, applied at the next sign-in', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  // Its own account: the language goes to the user's profile, and the administrator's must stay French for the
  // other journeys.
  const admin = await signInViaApi(page);
  const user = { email: `english.${unique()}@example.test`, password: `Parcours-${unique()}-anglais` };
  const created = await page.request.post('/api/v1/users', {
    data: { ...user, name: 'Journey English', role: 'user' },
    headers: { 'x-csrf-token': admin.csrfToken },
  });
  expect(created.status(), await created.text()).toBe(201);
  await page.context().clearCookies();
  await signInViaApi(page, user);
  await page.goto('/');
  const nav = page.getByRole('navigation', { name: 'Menu principal' });
  await expect(nav.getByRole('link', { name: 'Accueil' })).toBeVisible();

  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.getByRole('menu').getByText('EN', { exact: true }).click();
  await page.keyboard.press('Escape');

  const navEn = page.getByRole('navigation', { name: 'Main menu' });
  await expect(navEn.getByRole('link', { name: 'Home' })).toBeVisible();
  await expect(navEn.getByRole('link', { name: 'Mandates' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await snap(page, 'home-en');

  // The dark theme, from the same menu: still readable (axe checks colour contrast).
  await page.getByRole('button', { name: 'User menu' }).click();
  await page.getByRole('button', { name: 'Theme: Dark' }).click();
  await page.keyboard.press('Escape');
  await expect(page.locator('html')).toHaveAttribute('data-mantine-color-scheme', 'dark');
  await checkA11y(page, 'home-dark');
  await snap(page, 'home-dark');

  await navEn.getByRole('link', { name: 'Tasks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();

  // Kept after a reload, and saved to the profile: a browser that never saw the switch opens in English.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Tasks' })).toBeVisible();
  await expect
    .poll(async () => (await (await page.request.get('/api/v1/auth/session')).json()).user?.locale)
    .toBe('en');
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Funds' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('administration: users list, a new account, deactivated after a confirmation', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  const session = await signInViaApi(page);
  const id = unique();

  // Users: the list, a new account through the form, then deactivated after a confirmation.
  await page.goto('/admin/users');
  await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
  await expect(page.getByTestId('user-row').filter({ hasText: session.user.email })).toBeVisible();
  await checkA11y(page, 'users');
  await snap(page, 'admin-users');

  const name = `Zoé Admin ${id}`;
  await page.getByRole('button', { name: 'Nouvel utilisateur' }).click();
  const form = page.getByRole('dialog', { name: 'Nouvel utilisateur' });
  await form.getByLabel('Adresse e-mail').fill(`zoe-${id}@e2e.test`);
  await form.getByLabel('Nom').fill(name);
  // The form invites by default (admin-users.spec.ts); here the administrator sets the password.
  await form.getByRole('radio', { name: 'Définir un mot de passe' }).check();
  await form.getByRole('button', { name: 'Générer un mot de passe' }).click();
  await form.getByRole('button', { name: 'Créer' }).click();
  await expect(form).toBeHidden();
  await page.getByLabel('Rechercher par nom ou e-mail').fill(name);
  const row = page.getByTestId('user-row').filter({ hasText: name });
  await expect(row).toBeVisible();
  await expect(row).toContainText('Actif');
  await row.getByRole('button', { name: `Actions pour ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Désactiver' }).click();
  const confirm = page.getByRole('dialog', { name: `Désactiver ${name} ?` });
  await confirm.getByRole('button', { name: 'Désactiver' }).click();
  await expect(row).toContainText('Désactivé');
});

test('administration: teams (create, rename, delete) and the audit log with its chain check', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  await signInViaApi(page);
  const id = unique();

  // Teams: create one, rename it, delete it after a confirmation.
  const team = `Équipe E2E ${id}`;
  await page.goto('/admin/teams');
  await expect(page.getByRole('heading', { level: 1, name: 'Équipes' })).toBeVisible();
  await page.getByRole('button', { name: 'Nouvelle équipe' }).click();
  const teamForm = page.getByRole('dialog', { name: 'Nouvelle équipe' });
  await teamForm.getByLabel('Nom').fill(team);
  await teamForm.getByLabel('Description').fill('Créée par le parcours e2e');
  await teamForm.getByRole('button', { name: 'Créer' }).click();
  const teamRow = page.getByTestId('team-row').filter({ hasText: team });
  await expect(teamRow).toBeVisible();
  await expect(teamRow).toContainText('0 membre');
  await snap(page, 'admin-teams');
  const renamed = `${team} (renommée)`;
  await teamRow.getByRole('button', { name: `Renommer ${team}` }).click();
  const renameForm = page.getByRole('dialog', { name: `Modifier ${team}` });
  await renameForm.getByLabel('Nom').fill(renamed);
  await renameForm.getByRole('button', { name: 'Enregistrer' }).click();
  const renamedRow = page.getByTestId('team-row').filter({ hasText: renamed });
  await expect(renamedRow).toBeVisible();
  await renamedRow.getByRole('button', { name: `Supprimer ${renamed}` }).click();
  await page
    .getByRole('dialog', { name: `Supprimer l’équipe ${renamed} ?` })
    .getByRole('button', { name: 'Supprimer' })
    .click();
  await expect(renamedRow).toHaveCount(0);

  // Audit log: the team's creation is there with its fields before → after; the chain verifies.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Journal d’audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Journal d’audit' })).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.getByRole('combobox', { name: 'Type d’élément' }).click();
  await page.getByRole('option', { name: 'Équipe', exact: true }).click();
  await page.getByRole('combobox', { name: 'Action' }).click();
  await page.getByRole('option', { name: 'Création', exact: true }).click();
  await expect(page).toHaveURL(/entityType=team/);
  await expect(page).toHaveURL(/action=create/);
  const entry = page.getByTestId('audit-row').first();
  await expect(entry).toContainText('Création');
  await entry.getByRole('button', { name: /Afficher le détail/ }).click();
  const details = page.getByTestId('audit-details').first();
  await expect(details).toContainText(team);
  await expect(details.getByRole('columnheader', { name: 'Après' })).toBeVisible();
  await page.getByRole('button', { name: 'Vérifier la chaîne' }).click();
  await expect(page.getByTestId('audit-verify-result')).toContainText('Chaîne intacte');
  await checkA11y(page, 'audit');
  await snap(page, 'audit');
});

test('API key: created with its scopes, the secret shown once, usable, then revoked', async ({
  page,
  request,
  signInViaApi,
  snap,
}) => {
  const session = await signInViaApi(page);
  const id = unique();
  await page.goto('/profile/api-keys');
  await expect(page.getByRole('heading', { level: 1, name: 'Clés API' })).toBeVisible();
  const keyName = `Tableur ${id}`;
  await page.getByRole('button', { name: 'Nouvelle clé' }).first().click();
  const keyForm = page.getByRole('dialog', { name: 'Nouvelle clé API' });
  await keyForm.getByLabel('Nom').fill(keyName);
  await keyForm.getByRole('button', { name: 'Créer' }).click();
  const shown = page.getByRole('dialog', { name: 'Votre nouvelle clé API' });
  await expect(shown.getByRole('alert')).toContainText('ne sera plus jamais affichée');
  const secret = await shown.getByRole('textbox').inputValue();
  expect(secret).toMatch(/^crm_/);
  await expect(shown.getByRole('button', { name: 'Copier la clé' })).toBeVisible();
  await snap(page, 'api-keys');
  await shown.getByRole('button', { name: 'J’ai copié la clé' }).click();
  await expect(shown).toBeHidden();
  const keyRow = page.getByTestId('api-key-row').filter({ hasText: keyName });
  await expect(keyRow).toContainText('Lecture');
  await expect(page.getByText(secret)).toHaveCount(0); // never shown again

  // The key works on its own (a fresh request context: no session cookie).
  const bearer = { authorization: `Bearer ${secret}` };
  const me = await request.get('/api/v1/auth/me', { headers: bearer });
  expect(me.status()).toBe(200);
  expect((await me.json()).user.email).toBe(session.user.email);

  await keyRow.getByRole('button', { name: `Révoquer la clé ${keyName}` }).click();
  await page
    .getByRole('dialog', { name: `Révoquer la clé ${keyName} ?` })
    .getByRole('button', { name: 'Révoquer' })
    .click();
  await expect(keyRow).toContainText('Révoquée');
  expect((await request.get('/api/v1/auth/me', { headers: bearer })).status()).toBe(401);
});

test('notifications bell: unread count, newest first, click marks read and opens the link, mark all read', async ({
  page,
  signInViaApi,
}) => {
  // No feature sends notifications yet: the test answers the bell's API itself (same shapes as the server's).
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
  const items = [
    {
      id: '01a20000-0000-7000-8000-000000000001',
      type: 'mandat.stage_changed',
      title: 'Mandat Alpha passé en négociation',
      body: 'Par Claire Fontaine',
      data: { link: '/organisations?category=CGPI' },
      readAt: null as string | null,
      createdAt: minutesAgo(5),
    },
    {
      id: '01a20000-0000-7000-8000-000000000002',
      type: 'task.assigned',
      title: 'Nouvelle tâche : relancer Gestion Beta',
      body: null,
      data: { taskId: '01a20000-0000-7000-8000-0000000000aa' },
      readAt: null as string | null,
      createdAt: minutesAgo(180),
    },
  ];
  const reads: string[] = [];
  let readAll = 0;
  await page.route('**/api/v1/notifications**', async (route) => {
    const req = route.request();
    const path = new URL(req.url()).pathname;
    if (req.method() === 'GET') {
      const unreadCount = items.filter((n) => !n.readAt).length;
      await route.fulfill({ json: { items, nextCursor: null, total: items.length, unreadCount } });
    } else if (path.endsWith('/read-all')) {
      readAll++;
      for (const n of items) n.readAt ??= new Date().toISOString();
      await route.fulfill({ json: { updated: 1 } });
    } else {
      const id = path.split('/').at(-2) as string;
      reads.push(id);
      const n = items.find((x) => x.id === id);
      if (n) n.readAt = new Date().toISOString();
      await route.fulfill({ json: n });
    }
  });

  await signInViaApi(page);
  await page.goto('/');
  const bell = page.getByRole('button', { name: 'Notifications : 2 non lues' });
  await expect(bell).toBeVisible();
  await bell.click();
  const panel = page.getByRole('dialog', { name: 'Notifications' });
  const rows = panel.getByTestId('notification-item');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText('Mandat Alpha passé en négociation');
  await expect(rows.first()).toContainText('il y a 5 minutes');
  await expect(rows.nth(1)).toContainText('il y a 3 heures');

  await rows.first().click();
  await expect(page).toHaveURL(/\/organisations\?category=CGPI$/);
  expect(reads).toEqual([items[0]?.id]);
  await expect(page.getByRole('button', { name: 'Notifications : 1 non lue' })).toBeVisible();

  await page.getByRole('button', { name: 'Notifications : 1 non lue' }).click();
  await page
    .getByRole('dialog', { name: 'Notifications' })
    .getByRole('button', { name: 'Tout marquer comme lu' })
    .click();
  await expect(page.getByRole('button', { name: 'Notifications', exact: true })).toBeVisible();
  expect(readAll).toBe(1);
});
