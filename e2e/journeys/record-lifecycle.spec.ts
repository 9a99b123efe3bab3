// A record page's delete is never final by mistake: a confirmation, the record goes to the recycle bin, the page goes
// back to the list and the toast's « Annuler » brings the record back and reopens it.
import { expect, test } from '../fixtures.ts';

const PAGE_LOAD = { timeout: 45_000 };

test('an organisation sent to the bin from its page comes back with « Annuler »', async ({ page, signInViaApi }) => {
  test.slow(); // shared two-core machine
  const session = await signInViaApi(page);
  const name = `Corbeille Gestion ${Date.now()}`;
  const res = await page.request.post('/api/v1/organisations', {
    data: { name, type: 'client', category: 'CGPI', force: true },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { id } = (await res.json()) as { id: string };

  await page.goto(`/organisations/${id}`);
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible(PAGE_LOAD);
  await page.getByRole('button', { name: 'Autres actions' }).click();
  await page.getByRole('menuitem', { name: 'Mettre à la corbeille' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Supprimer' }).click();

  await expect(page).toHaveURL(/\/organisations$/);
  const toast = page.getByRole('alert').filter({ hasText: name });
  await expect(toast).toContainText('corbeille');
  expect((await page.request.get(`/api/v1/organisations/${id}`)).status()).toBe(404);

  await toast.getByRole('button', { name: 'Annuler' }).click();
  await expect(page).toHaveURL(new RegExp(`/organisations/${id}$`));
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible(PAGE_LOAD);
  expect((await page.request.get(`/api/v1/organisations/${id}`)).status()).toBe(200);
});
