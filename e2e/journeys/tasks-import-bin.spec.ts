// The user's day and the tools: the home page with its figures; a task created, planned for today, snoozed,
// completed and found among the done ones; a CSV import of organisations through the wizard (progress bar, final
// report, errors CSV); organisations deleted in bulk from their list and restored from the recycle bin.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type A11yOptions, expect, type Page, test } from '../fixtures.ts';
import { randomWord } from '../support/names.ts';

// axe runs on the page content (#main): the shell is checked by its own journeys.
const MAIN: A11yOptions = { include: '#main' };
/** Renders are slow on a busy 2-core machine (production build, embedded database): wait longer than the default. */
const see = expect.configure({ timeout: 30_000 });
test.use({ actionTimeout: 30_000, allowedConsoleErrors: [/favicon\.ico/] }); // the app has no favicon yet

/** A word nobody else uses: names built from them are far apart (the duplicate check compares trigrams). */
function word(): string {
  const letters = 'bcdfghjklmnpqrstvz';
  const vowels = 'aeiou';
  const bytes = randomBytes(8);
  let w = '';
  for (let i = 0; i < 8; i++) w += (i % 2 ? vowels : letters)[(bytes[i] as number) % (i % 2 ? 5 : 18)];
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** Searches the list (debounced) and waits for the answer. */
async function searchList(page: Page, q: string) {
  await page.getByRole('textbox', { name: 'Rechercher dans la liste' }).fill(q);
  await see(page).toHaveURL((url) => url.searchParams.get('q') === q);
}

test('home page: greeting, key figures, my tasks, pipeline and recent interactions', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.slow();
  await signInViaApi(page);
  await page.goto('/');
  await see(page.getByRole('heading', { level: 1, name: /^(Bonjour|Bon après-midi|Bonsoir) / })).toBeVisible();
  // The figures come from GET /home: the demo data has organisations and contacts.
  await see(page.getByTestId('figure-organisations')).toContainText(/\d/);
  await see(page.getByTestId('figure-people')).toContainText(/\d/);
  await see(page.getByTestId('figure-openMandats')).toContainText('€');
  await see(page.getByRole('heading', { name: 'Mandats ouverts par étape' })).toBeVisible();
  await see(page.getByTestId('pipeline-stage').first()).toBeVisible();
  await see(page.getByRole('heading', { name: 'Interactions récentes' })).toBeVisible();
  // Each figure opens its list.
  await page.getByTestId('figure-organisations').click();
  await see(page).toHaveURL(/\/organisations$/);
  await page.goBack();
  await see(page.getByTestId('figure-people')).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'home', MAIN);
  await snap(page, 'home');
});

test('home page: a task already late today is under "En retard" only, never counted twice', async ({
  page,
  signInViaApi,
}) => {
  const session = await signInViaApi(page);
  const title = `Relance ${word()}`;
  // Due a second ago: today, and already late.
  const created = await page.request.post('/api/v1/tasks', {
    headers: { 'x-csrf-token': session.csrfToken },
    data: { title, dueAt: new Date(Date.now() - 1000).toISOString(), assigneeId: session.user.id },
  });
  expect(created.status()).toBe(201);
  await page.goto('/');
  const mine = page.getByTestId('home-task').filter({ hasText: title });
  await see(mine).toHaveCount(1);
  const home = (await (await page.request.get('/api/v1/home')).json()) as {
    tasks: { overdue: number; today: number };
  };
  const late = (await (await page.request.get('/api/v1/tasks?view=overdue&mine=true&limit=100')).json()) as {
    items: { id: string }[];
  };
  const today = (await (
    await page.request.get('/api/v1/tasks?view=today&mine=true&status=todo,doing&limit=100')
  ).json()) as { items: { id: string }[] };
  expect(late.items.map((x) => x.id)).toContain((await created.json()).id);
  expect(today.items.map((x) => x.id)).not.toContain((await created.json()).id);
  expect(home.tasks.overdue).toBe(late.items.length);
  expect(home.tasks.today).toBe(today.items.length);
});

test('tasks: create one, plan it for today, snooze it, complete it, find it among the done ones, drag it back', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.slow();
  const title = `Relancer ${word()} ${Date.now()}`;
  await signInViaApi(page);
  await page.goto('/tasks');
  await see(page.getByRole('heading', { name: 'Tâches', level: 1 })).toBeVisible();
  const tabs = page.getByRole('radiogroup', { name: 'Période' });
  await see(page.getByRole('radio', { name: /^Toutes ouvertes/ })).toBeChecked();

  // Create (the shared "new task" form): due tomorrow 9:00 by default, assigned to me.
  await page.getByRole('button', { name: 'Nouvelle tâche' }).click();
  const create = page.getByRole('dialog', { name: 'Nouvelle tâche' });
  await create.getByLabel('Titre').fill(title);
  await create.getByRole('button', { name: 'Créer' }).click();
  await see(create).toBeHidden();

  // Find it in the list and open it in the drawer (?open=<id>): plan it for today.
  await searchList(page, title);
  const row = page.getByTestId('list-row').filter({ hasText: title });
  await see(row).toHaveCount(1);
  await row.getByRole('link', { name: title }).click();
  await see(page).toHaveURL(/[?&]open=[0-9a-f-]{36}/);
  const drawer = page.getByRole('dialog', { name: 'Tâche' });
  await see(drawer.getByRole('textbox', { name: 'Titre' })).toHaveValue(title);
  await drawer.getByText('Aujourd’hui', { exact: true }).click();
  await drawer.getByRole('button', { name: 'Enregistrer' }).click();
  await see(drawer).toBeHidden();
  await see(row).toContainText('Aujourd’hui');

  // Today's view shows it (the search stays in the URL across views).
  await tabs.getByText('Aujourd’hui', { exact: true }).click();
  await see(page).toHaveURL(/tab=today/);
  await see(page.getByTestId('list-row').filter({ hasText: title })).toHaveCount(1);
  await see(page.getByTestId('list-row').filter({ hasText: title })).toContainText('Aujourd’hui');
  await checkA11y(page, 'tasks', MAIN);
  await snap(page, 'tasks');

  // Snooze to the next working day, 9:00: it leaves today's view.
  const dueOf = async () =>
    new Date(
      (
        (await (await page.request.get(`/api/v1/tasks?q=${encodeURIComponent(title)}`)).json()).items[0] as {
          dueAt: string;
        }
      ).dueAt,
    );
  const dueToday = await dueOf();
  await page.getByRole('button', { name: `Reporter : ${title}` }).click();
  await page.getByRole('menuitem', { name: /^Au jour ouvré suivant \(/ }).click();
  await see(page.getByTestId('list-row').filter({ hasText: title })).toHaveCount(0);

  // In the next 7 days, due 9:00 on a working day; postponing again moves it later, never back.
  await tabs.getByText('7 prochains jours', { exact: true }).click();
  const next = page.getByTestId('list-row').filter({ hasText: title });
  await see(next).toContainText('09:00');
  const firstSnooze = await dueOf();
  expect(firstSnooze.getTime()).toBeGreaterThan(dueToday.getTime());
  expect([0, 6]).not.toContain(firstSnooze.getDay());
  await page.getByRole('button', { name: `Reporter : ${title}` }).click();
  await page.getByRole('menuitem', { name: /^Au jour ouvré suivant \(/ }).click();
  await see.poll(async () => (await dueOf()).getTime()).toBeGreaterThan(firstSnooze.getTime());
  expect([0, 6]).not.toContain((await dueOf()).getDay());
  await next.getByRole('checkbox', { name: `Marquer comme terminée : ${title}` }).check();
  await see(page.getByTestId('list-row').filter({ hasText: title })).toHaveCount(0);

  // Among the done ones, it can be reopened.
  await tabs.getByText('Terminées', { exact: true }).click();
  const done = page.getByTestId('list-row').filter({ hasText: title });
  await see(done).toHaveCount(1);
  await see(done.getByRole('checkbox', { name: `Rouvrir : ${title}` })).toBeChecked();

  // The board shows it in the "Terminée" column.
  await page.getByRole('radiogroup', { name: 'Affichage' }).getByText('Tableau', { exact: true }).click();
  await see(page).toHaveURL(/layout=board/);
  // The board keeps the search: one card, in the "Terminée" column.
  await see(page.getByRole('textbox', { name: 'Rechercher dans la liste' })).toHaveValue(title);
  await see(
    page.getByRole('region', { name: 'Terminée' }).getByRole('button', { name: title, exact: true }),
  ).toBeVisible();
  await see(page.getByTestId('board-card')).toHaveCount(1);

  // Drag it back to "À faire" with the keyboard (its handle: Space, left arrow twice, Space): it is reopened.
  const handle = page.getByRole('button', { name: `Déplacer « ${title} »` });
  await handle.focus();
  // Each step waits for what a screen reader hears (dnd-kit's live region): a key pressed before the previous one
  // was handled is lost on a busy machine.
  // Picked up, it is first announced over its own column.
  const heard = (column: string) =>
    page.getByRole('status').filter({ hasText: `${title} » au-dessus de la colonne ${column}.` });
  await page.keyboard.press('Space');
  await see(heard('Terminée')).toBeAttached();
  await page.keyboard.press('ArrowLeft');
  await see(heard('En cours')).toBeAttached();
  await page.keyboard.press('ArrowLeft');
  await see(heard('À faire')).toBeAttached();
  await page.keyboard.press('Space');
  await see(
    page.getByRole('region', { name: 'À faire' }).getByRole('button', { name: title, exact: true }),
  ).toBeVisible();
  await see(page.getByRole('region', { name: 'Terminée' }).getByTestId('board-card')).toHaveCount(0);
});

test('import: a close organisation name is proposed for review, decided per row, and reported with its match', async ({
  page,
  signInViaApi,
  snap,
  checkA11y,
}) => {
  test.slow();
  const session = await signInViaApi(page);
  // An existing organisation, and a file with a close name (to review), the same name (a duplicate) and a new one.
  const stem = `${word()} ${word()}`;
  const existing = `${stem} Gestion Privée`;
  const created = await page.request.post('/api/v1/organisations', {
    data: { name: existing },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(created.status()).toBe(201);
  const lines = [
    'Nom;Ville',
    `${stem}s Gestion Privee;Paris`,
    `${existing.toUpperCase()} SAS;Lyon`,
    `${word()} Conseil;Nice`,
  ];
  const dir = mkdtempSync(join(tmpdir(), 'crm-import-'));
  const file = join(dir, `revue-${Date.now()}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`, 'utf8');

  await page.goto('/imports');
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Analyser le fichier' }).click();
  await see(page.getByText(/3 lignes lues dans/)).toBeVisible();
  // A value for every row.
  await page.getByRole('button', { name: 'Ajouter une valeur pour toutes les lignes' }).click();
  await page.getByRole('combobox', { name: 'Champ', exact: true }).click();
  await page.getByRole('option', { name: 'Catégorie' }).click();
  await page.getByRole('combobox', { name: 'Valeur du champ « Catégorie » pour toutes les lignes' }).click();
  await page.getByRole('option', { name: 'Société de gestion' }).click();
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();

  // The check: 1 to create, 1 to skip (the same name), 1 to review; the run waits for a decision.
  const matches = page.getByTestId('import-matches');
  await see(matches).toBeVisible({ timeout: 30_000 });
  await see(page.getByTestId('import-predicted')).toContainText('À créer1');
  await see(page.getByTestId('import-predicted')).toContainText('À examiner1');
  await see(matches).toContainText('Nom proche d’une organisation existante');
  await see(matches).toContainText('Même nom qu’une organisation existante');
  await see(page.getByRole('button', { name: 'Importer 3 lignes' })).toBeDisabled();
  await page.setViewportSize({ width: 1440, height: 900 });
  await snap(page, 'import-review-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await snap(page, 'import-review-390');
  await page.setViewportSize({ width: 1440, height: 900 });
  await checkA11y(page, 'import-review', MAIN);
  await page.getByRole('combobox', { name: 'Décision pour la ligne 2' }).click();
  await page.getByRole('option', { name: 'Créer quand même' }).click();
  await page.getByRole('button', { name: 'Importer 3 lignes' }).click();

  await see(page.getByRole('heading', { name: 'Import terminé' })).toBeVisible({ timeout: 90_000 });
  await see(page.getByTestId('import-report')).toContainText('Créées2');
  const rows = page.getByTestId('import-report-rows');
  await see(rows).toContainText('Décision : Créer quand même');
  await see(rows.getByRole('link', { name: existing })).toHaveCount(2);
  await snap(page, 'import-review-report');
});

test('import a CSV of organisations: mapping, dry run, run with a progress bar, report and errors CSV', async ({
  page,
  signInViaApi,
  snap,
  checkA11y,
}) => {
  test.slow();
  // 30 organisations with far-apart names, and one row whose amount is not a number.
  const names = Array.from({ length: 30 }, () => `${word()} ${word()}`);
  const lines = [
    'Nom;Ville;Encours',
    ...names.map((n, i) => `${n};Paris;${(i + 1) * 1000000}`),
    `${word()} ${word()};Lyon;beaucoup`,
  ];
  const dir = mkdtempSync(join(tmpdir(), 'crm-import-'));
  const file = join(dir, `organisations-${Date.now()}.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`, 'utf8');

  await signInViaApi(page);
  await page.goto('/imports');
  await see(page.getByRole('heading', { name: 'Import', level: 1 })).toBeVisible();
  await see(page.getByRole('radio', { name: /^Organisations/ })).toBeChecked();
  await page.locator('input[type="file"]').setInputFiles(file);
  await page.getByRole('button', { name: 'Analyser le fichier' }).click();

  // Mapping: the server's suggestions are filled in.
  await see(page.getByText(/31 lignes lues dans/)).toBeVisible();
  await see(page.getByRole('combobox', { name: 'Champ pour la colonne « Nom »' })).toHaveValue(/^Nom/);
  await see(page.getByRole('combobox', { name: 'Champ pour la colonne « Encours »' })).toHaveValue('Encours');
  await page.getByRole('button', { name: 'Vérifier sans importer' }).click();

  // Dry run (a job, polled every second): 30 valid rows, 1 in error (its row and its reason are listed).
  await see(page.getByText('Erreurs par ligne (1)')).toBeVisible({ timeout: 30_000 });
  await see(page.getByRole('cell', { name: '32', exact: true })).toBeVisible();
  await checkA11y(page, 'import-dry-run', MAIN);
  await page.getByRole('button', { name: 'Importer 30 lignes' }).click();

  // Run: the progress bar, then the final report (the bar stays, full).
  await see(page.getByRole('progressbar', { name: 'Progression de l’import' })).toBeVisible();
  await see(page.getByRole('heading', { name: 'Import terminé' })).toBeVisible({ timeout: 90_000 });
  await see(page.getByRole('progressbar', { name: 'Progression de l’import' })).toHaveAttribute('aria-valuenow', '100');
  const report = page.getByTestId('import-report');
  await see(report).toContainText('Créées30');
  await see(report).toContainText('En échec1');
  await snap(page, 'import');

  // The report CSV names the failing row.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger le rapport (CSV)', exact: true }).click();
  const download = await downloading;
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv).toContain('32');

  // The import is listed, and the organisations are there.
  await see(
    page.getByRole('region', { name: 'Imports récents' }).getByText(file.split('/').pop() as string),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Voir la liste' }).click();
  await see(page).toHaveURL(/\/organisations/);
  await searchList(page, names[0] as string);
  await see(page.getByTestId('list-row').filter({ hasText: names[0] as string })).toHaveCount(1);
});

test('bulk delete organisations from their list, then restore them from the recycle bin', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.slow();
  const stamp = randomWord(); // the list search is typo-tolerant: a timestamp would match others of the same minute
  const names = ['Alpha', 'Bravo', 'Charlie'].map((n) => `Corbeille ${stamp} ${n}`);
  const session = await signInViaApi(page);
  for (const name of names) {
    const res = await page.request.post('/api/v1/organisations', {
      data: { name, force: true },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(res.status(), await res.text()).toBe(201);
  }

  await page.goto(`/organisations?q=${stamp}`);
  const rows = page.getByTestId('list-row');
  await see(rows).toHaveCount(3);
  for (const name of names)
    await rows.filter({ hasText: name }).getByRole('checkbox', { name: 'Sélectionner la ligne' }).check();
  await see(page.getByTestId('bulk-bar')).toContainText('3 sélectionnés');
  await page.getByRole('button', { name: 'Supprimer la sélection' }).click();
  const confirm = page.getByRole('dialog', { name: 'Supprimer la sélection' });
  await see(confirm).toContainText('corbeille');
  await confirm.getByRole('button', { name: 'Supprimer', exact: true }).click();
  await see(rows).toHaveCount(0);

  // The recycle bin, organisations only: they are there, with who deleted them and when they go for good.
  await page.getByRole('link', { name: 'Corbeille', exact: true }).click();
  await see(page.getByRole('heading', { name: 'Corbeille', level: 1 })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Type d’élément' }).getByText('Organisations', { exact: true }).click();
  await see(page).toHaveURL(/type=organisation/);
  const binRows = page.getByTestId('bin-row');
  for (const name of names) await see(binRows.filter({ hasText: name })).toHaveCount(1);
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'recycle-bin', MAIN);
  await snap(page, 'recycle-bin');

  for (const name of names) await page.getByRole('checkbox', { name: `Sélectionner la ligne : ${name}` }).check();
  await page.getByRole('button', { name: 'Restaurer la sélection' }).click();
  for (const name of names) await see(binRows.filter({ hasText: name })).toHaveCount(0);

  // Back in the list.
  await page.goto(`/organisations?q=${stamp}`);
  await see(rows).toHaveCount(3);
  for (const name of names) await see(rows.filter({ hasText: name })).toHaveCount(1);
});
