// Ctrl+K as a salesperson types: a surname with a typo finds the contact first, Enter opens it; hits read in French
// (a mandate's stage by its name, never its stored code).

import type { Page } from '@playwright/test';
import { type ApiSession, expect, test } from '../fixtures.ts';
import { uniqueWord } from '../support/names.ts';

/** First paint of a page on a loaded 2-core machine (shared with other test runs) can take a while. */
const SLOW = { timeout: 45_000 };

test.use({ actionTimeout: 30_000, trace: 'off' });

async function apiPost(page: Page, session: ApiSession, path: string, data: object) {
  const res = await page.request.post(path, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
  return (await res.json()) as { id: string };
}

test('a surname with a typo finds the contact first, Enter opens it; a mandate shows its stage in French', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.setTimeout(180_000);
  const session = await signInViaApi(page);
  const word = uniqueWord();
  const lastName = `Lacoste${word}`;
  const person = await apiPost(page, session, '/api/v1/people', {
    firstName: 'Bérenger',
    lastName,
    jobTitle: 'Responsable ISR',
    force: true,
  });
  const org = await apiPost(page, session, '/api/v1/organisations', { name: `Cabinet ${word}`, force: true });
  await apiPost(page, session, '/api/v1/mandats', {
    kind: 'distribution',
    title: `Référencement ${word}`,
    organisationId: org.id,
    stage: 'gagne',
  });

  await page.goto('/');
  // The shortcut is bound once the app has rendered.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(SLOW);
  await page.keyboard.press('Control+K');
  const search = page.getByRole('textbox', { name: 'Rechercher…' }).last();
  await expect(search).toBeFocused(SLOW);

  // One letter missing from the surname ('Lacste…'), typed alone.
  await search.fill(`Lacste${word}`);
  const hits = page.getByTestId('search-hit');
  await expect(hits.first()).toContainText(`Bérenger ${lastName}`, SLOW);
  await expect(hits.first().getByTestId('search-hit-details')).toHaveText(/^Responsable ISR/);
  await checkA11y(page, 'search-typo');
  await snap(page, 'search-typo');
  await search.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/people/${person.id}$`), SLOW);
  await expect(page.getByRole('heading', { level: 1, name: `Bérenger ${lastName}` })).toBeVisible(SLOW);

  // A mandate's second line: its kind and stage by their French names.
  await page.keyboard.press('Control+K');
  await expect(search).toBeFocused(SLOW);
  await search.fill(`referencement ${word}`);
  const mandat = hits.filter({ hasText: `Référencement ${word}` });
  await expect(mandat).toBeVisible(SLOW);
  await expect(mandat.getByTestId('search-hit-details')).toHaveText('Distribution · Gagné');
  await expect(mandat).not.toContainText('gagne');
});
