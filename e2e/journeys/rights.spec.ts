// What a salesperson may change: on a teammate's mandate they see it all but are offered no control to change it (no
// inline edit, no stage button, no drag handle, no edit or delete button); on their own they are. When the server
// refuses anyway (the mandate changed hands meanwhile), the message is French.
import type { APIRequestContext, Browser } from '@playwright/test';
import { type ApiSession, expect, signInViaApi, test } from '../fixtures.ts';

const PAGE_LOAD = { timeout: 45_000 };
type Json = Record<string, unknown>;

async function send(
  request: APIRequestContext,
  session: ApiSession,
  method: 'post' | 'patch',
  path: string,
  data: Json,
): Promise<Json> {
  const res = await request[method](`/api/v1${path}`, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.ok(), `${method} ${path}: ${await res.text()}`).toBe(true);
  return (await res.json()) as Json;
}

/** An administrator in a browser context of their own (the test's page belongs to the salesperson). */
async function adminSession(browser: Browser) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  const session = await signInViaApi(page);
  return { request: page.request, session, close: () => context.close() };
}

// The refusal itself is logged by the browser as a failed request.
test.use({ allowedConsoleErrors: [/status of 403/] });

test('a salesperson is offered no edit control on a teammate’s mandate, and reads a French refusal', async ({
  browser,
  page,
}) => {
  test.slow(); // shared two-core machine
  const admin = await adminSession(browser);
  const suffix = `${Date.now()}`;
  const team = await send(admin.request, admin.session, 'post', '/teams', { name: `Équipe Droits ${suffix}` });
  const password = `Quiet-Harbour-${suffix}`;
  const [me, mate] = await Promise.all(
    ['moi', 'collegue'].map((who) =>
      send(admin.request, admin.session, 'post', '/users', {
        email: `${who}-${suffix}@e2e.test`,
        name: `${who === 'moi' ? 'Inès' : 'Hugo'} Droits ${suffix}`,
        role: 'user',
        teamId: team.id,
        password,
      }),
    ),
  );
  const org = await send(admin.request, admin.session, 'post', '/organisations', {
    name: `Droits Gestion ${suffix}`,
    type: 'client',
    category: 'CGPI',
    ownerId: mate?.id, // the team sees it
    force: true,
  });
  const theirs = await send(admin.request, admin.session, 'post', '/mandats', {
    organisationId: org.id,
    kind: 'distribution',
    title: `Mandat du collègue ${suffix}`,
    ownerId: mate?.id,
  });
  const mine = await send(admin.request, admin.session, 'post', '/mandats', {
    organisationId: org.id,
    kind: 'distribution',
    title: `Mon mandat ${suffix}`,
    ownerId: me?.id,
  });

  await signInViaApi(page, { email: me?.email as string, password });

  // The teammate's mandate: readable, nothing to change.
  await page.goto(`/mandats/${theirs.id}`);
  await expect(page.getByRole('heading', { level: 1, name: theirs.title as string })).toBeVisible(PAGE_LOAD);
  await expect(page.getByText('Prospect').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Modifier/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /^Passer à l’étape/ })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Supprimer' })).toHaveCount(0);

  // On the board: the teammate's card has no drag handle nor move menu; mine has both.
  await page.goto(`/mandats?teamId=${team.id}`);
  const theirCard = page.getByTestId('mandat-card').filter({ hasText: theirs.title as string });
  const myCard = page.getByTestId('mandat-card').filter({ hasText: mine.title as string });
  await expect(myCard.getByRole('button', { name: `Déplacer « ${mine.title} »` })).toBeVisible(PAGE_LOAD);
  await expect(theirCard).toBeVisible();
  await expect(theirCard.getByRole('button', { name: /^Déplacer/ })).toHaveCount(0);

  // My mandate: editable, until it changes hands behind my back; the refusal is French.
  await page.goto(`/mandats/${mine.id}`);
  await expect(page.getByRole('heading', { level: 1, name: mine.title as string })).toBeVisible(PAGE_LOAD);
  await send(admin.request, admin.session, 'patch', `/mandats/${mine.id}`, { ownerId: mate?.id });
  await page.getByRole('button', { name: /Modifier\s:\sIntitulé/ }).click();
  await page.getByRole('textbox', { name: 'Intitulé' }).fill(`Mon mandat renommé ${suffix}`);
  await page.keyboard.press('Enter');
  await expect(page.getByText(/^Vous n.avez pas les droits nécessaires pour cette action\.$/).first()).toBeVisible();
  await expect(page.getByText(/may not|forbidden/i)).toHaveCount(0);
  await admin.close();
});
