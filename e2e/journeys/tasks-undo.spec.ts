// Tasks and lists a salesperson can trust: completing a task and a bulk edit both offer "Annuler" in their toast,
// which puts things back as they were; a due date typed by hand, French style, lands in the due date.
import { type ApiSession, expect, type Page, test } from '../fixtures.ts';
import { randomWord } from '../support/names.ts';

/** Renders are slow on a busy 2-core machine (production build, embedded database): wait longer than the default. */
const see = expect.configure({ timeout: 30_000 });
test.use({ actionTimeout: 30_000, allowedConsoleErrors: [/favicon\.ico/] }); // the app has no favicon yet

async function post(page: Page, session: ApiSession, url: string, data: Record<string, unknown>) {
  const res = await page.request.post(url, { data, headers: { 'x-csrf-token': session.csrfToken } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string };
}

async function getJson<T>(page: Page, url: string): Promise<T> {
  const res = await page.request.get(url);
  expect(res.status(), url).toBe(200);
  return (await res.json()) as T;
}

test('completing a task, then « Annuler » in the toast, puts it back in progress', async ({ page, signInViaApi }) => {
  test.slow();
  const title = `Appeler le dépositaire ${Date.now()}`;
  const session = await signInViaApi(page);
  const task = await post(page, session, '/api/v1/tasks', { title, status: 'doing' });

  await page.goto(`/tasks?q=${encodeURIComponent(title)}`);
  const row = page.getByTestId('list-row').filter({ hasText: title });
  await see(row).toHaveCount(1);
  await row.getByRole('checkbox', { name: `Marquer comme terminée : ${title}` }).check();
  await see(row).toHaveCount(0);
  const toast = page.getByRole('alert').filter({ hasText: `Tâche « ${title} » terminée` });
  await see(toast).toBeVisible();
  await see.poll(async () => (await getJson<{ status: string }>(page, `/api/v1/tasks/${task.id}`)).status).toBe('done');

  await toast.getByRole('button', { name: 'Annuler' }).click();
  await see(page.getByRole('alert').filter({ hasText: `Tâche « ${title} » remise comme avant` })).toBeVisible();
  await see(row).toHaveCount(1);
  await see(row.getByRole('checkbox', { name: `Marquer comme terminée : ${title}` })).not.toBeChecked();
  const back = await getJson<{ status: string; completedAt: string | null }>(page, `/api/v1/tasks/${task.id}`);
  expect(back).toMatchObject({ status: 'doing', completedAt: null });
});

test('bulk edit of two organisations’ tier, then « Annuler » restores each one’s own tier', async ({
  page,
  signInViaApi,
  checkA11y,
}) => {
  test.slow();
  const stamp = randomWord(); // the list search is typo-tolerant: a timestamp would match others of the same minute
  const session = await signInViaApi(page);
  const a = await post(page, session, '/api/v1/organisations', { name: `Palier ${stamp} Un`, tier: 1, force: true });
  const b = await post(page, session, '/api/v1/organisations', { name: `Palier ${stamp} Deux`, tier: 2, force: true });
  const tiers = async () =>
    Promise.all(
      [a, b].map(async (o) => (await getJson<{ tier: number | null }>(page, `/api/v1/organisations/${o.id}`)).tier),
    );

  await page.goto(`/organisations?q=${stamp}`);
  const rows = page.getByTestId('list-row');
  await see(rows).toHaveCount(2);
  for (const r of await rows.all()) await r.getByRole('checkbox', { name: 'Sélectionner la ligne' }).check();
  await see(page.getByTestId('bulk-bar')).toContainText('2 sélectionnés');
  await page.getByRole('button', { name: 'Modifier la sélection' }).click();
  const dialog = page.getByRole('dialog', { name: 'Modifier la sélection' });

  // The tier was not offered before the fields came from the server's descriptions.
  await dialog.getByRole('combobox', { name: 'Champ' }).click();
  await page.getByRole('option', { name: 'Tier', exact: true }).click();
  await dialog.getByRole('combobox', { name: 'Valeur' }).click();
  await page.getByRole('option', { name: '3', exact: true }).click();
  await checkA11y(page, 'bulk-edit', { include: '[role="dialog"]' });
  await dialog.getByRole('button', { name: 'Appliquer' }).click();
  await see(dialog).toBeHidden();
  const toast = page.getByRole('alert').filter({ hasText: /Modifications réussies\s*:\s*2 · échecs\s*:\s*0/ });
  await see(toast).toBeVisible();
  await see.poll(tiers).toEqual([3, 3]);

  await toast.getByRole('button', { name: 'Annuler' }).click();
  await see(page.getByRole('alert').filter({ hasText: '2 lignes rétablies' })).toBeVisible();
  await see.poll(tiers).toEqual([1, 2]);
});

test('a due date typed by hand, French style, lands in the due date (new task and task drawer)', async ({
  page,
  signInViaApi,
}) => {
  test.slow();
  const title = `Envoyer le DICI ${Date.now()}`;
  await signInViaApi(page);
  await page.goto('/tasks');
  await page.getByRole('button', { name: 'Nouvelle tâche' }).click();
  const create = page.getByRole('dialog', { name: 'Nouvelle tâche' });
  await create.getByLabel('Titre').fill(title);
  const due = create.getByRole('textbox', { name: 'Échéance' });
  await due.fill('15/01/2027 14:30');
  await due.press('Tab');
  await see(due).toHaveValue('15/01/2027 14:30');
  await create.getByRole('button', { name: 'Créer' }).click();
  await see(create).toBeHidden();

  type Page1 = { items: { id: string; dueAt: string | null }[] };
  const find = async () => (await getJson<Page1>(page, `/api/v1/tasks?q=${encodeURIComponent(title)}`)).items[0];
  // 14:30 in Paris on 15 January (UTC+1), day first: not 1 March 2028 nor 15 months from now.
  await see.poll(async () => (await find())?.dueAt).toBe('2027-01-15T13:30:00.000Z');

  // The drawer's field takes typing too; a day alone is 9:00.
  const task = await find();
  await page.goto(`/tasks?open=${task?.id}`);
  const drawer = page.getByRole('dialog', { name: 'Tâche' });
  const field = drawer.getByRole('textbox', { name: 'Échéance' });
  await see(field).toHaveValue('15/01/2027 14:30');
  await field.fill('03/02/2027');
  await field.press('Tab');
  await see(field).toHaveValue('03/02/2027 09:00');
  await drawer.getByRole('button', { name: 'Enregistrer' }).click();
  await see(drawer).toBeHidden();
  await see.poll(async () => (await find())?.dueAt).toBe('2027-02-03T08:00:00.000Z');
});
