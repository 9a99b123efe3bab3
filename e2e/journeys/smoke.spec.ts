// Smoke: the production build is served, the first page renders without browser errors and passes axe.
// Only role-based locators, so it holds whatever the sign-in page and the shell look like.
import { expect, test } from '../fixtures.ts';

test('the home page renders a heading or the sign-in form', async ({ page, checkA11y, snap }) => {
  await page.goto('/');
  const heading = page.getByRole('heading').first();
  const signInField = page.getByLabel(/e-?mail|adresse/i).first();
  await expect(heading.or(signInField).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  await checkA11y(page, 'sign-in');
  await snap(page, 'sign-in');
});

test('the API answers ready through the same origin', async ({ page }) => {
  const res = await page.request.get('/api/v1/health/ready');
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ checks: { database: 'ok' } });
});
