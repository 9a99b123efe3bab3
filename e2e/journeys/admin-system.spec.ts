// Cache and background jobs (admin): the page reached from the sidebar shows the read cache's figures (kind,
// status, hit rate, entries) per namespace and the job queues; the cache is cleared, one namespace then all of
// it, each after a confirmation.
import { expect, test } from '../fixtures.ts';

test('administration: cache figures, clearing the cache with a confirmation, job queues', async ({
  page,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  await signInViaApi(page);
  // Two reads of one list: a miss that fills the cache, then a hit.
  for (let i = 0; i < 2; i++) {
    const res = await page.request.get('/api/v1/organisations?limit=5');
    expect(res.status()).toBe(200);
  }

  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Menu principal' })
    .getByRole('link', { name: 'Cache et tâches de fond' })
    .click();
  await expect(page).toHaveURL(/\/admin\/system$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Cache et tâches de fond' })).toBeVisible();

  // The cache: in memory (embedded mode), available, with a hit rate and at least the entry just written.
  const cache = page.getByTestId('cache-section');
  await expect(cache.getByText('En mémoire')).toBeVisible();
  await expect(cache.getByTestId('cache-status')).toHaveText('État du cache : Disponible');
  await expect(page.getByTestId('cache-hit-rate')).toContainText('%');
  await expect(page.getByTestId('cache-keys-value')).not.toHaveText('0');
  const organisations = page.getByTestId('cache-namespaces').getByRole('row', { name: /^Organisations/ });
  await expect(organisations).toBeVisible();
  await expect(organisations.getByRole('cell').nth(1)).not.toHaveText('0');

  // The job queues, each counted by state; failed jobs or the empty state.
  const queues = page.getByTestId('job-queues');
  await expect(queues.getByRole('row').filter({ hasText: 'dispatch-event' })).toBeVisible();
  await expect(queues.getByRole('row').filter({ hasText: 'run-maintenance' })).toContainText('30 3 * * *');
  await expect(page.getByTestId('failed-jobs').or(page.getByText('Aucune tâche en échec'))).toBeVisible();

  // One namespace, after its confirmation.
  await organisations.getByRole('button', { name: 'Vider le cache « Organisations »' }).click();
  await page
    .getByRole('dialog', { name: 'Vider le cache « Organisations » ?' })
    .getByRole('button', { name: 'Vider' })
    .click();
  await expect(page.getByText(/^\d+ entrées? supprimées?$/)).toBeVisible();

  // Everything: cancelling keeps it, confirming empties it.
  await page.getByRole('button', { name: 'Vider le cache', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Vider tout le cache ?' });
  await expect(dialog).toContainText('Rien n’est perdu');
  await dialog.getByRole('button', { name: 'Annuler' }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Vider le cache', exact: true }).click();
  await dialog.getByRole('button', { name: 'Vider le cache' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('cache-keys-value')).toHaveText('0');

  await checkA11y(page, 'admin-system');
  await snap(page, 'admin-system');
});
