// Smoke: the production build is served, the first page renders without browser errors and passes axe.
// Only role-based locators, so it holds whatever the sign-in page and the shell look like.
import { expect, test } from '../fixtures.ts';

// Signed out, the web app's session probe (GET /api/v1/auth/me) answers 401, which Chromium logs as an error.
test.use({ allowedConsoleErrors: [/status of 401 .*\/api\/v1\/auth\/me\)$/] });

test('the home page renders a heading or the sign-in form', async ({ page, checkA11y, snap }) => {
  await page.goto('/');
  const heading = page.getByRole('heading').first();
  const signInField = page.getByLabel(/e-?mail|adresse/i).first();
  await expect(heading.or(signInField).first()).toBeVisible();
  await page.waitForLoadState('networkidle');
  // Known in the web app's theme: Mantine's `dimmed` grey (#868e96 on white, 3.3:1) and the primary blue #4c6ef5
  // (on white, or white on it: 4.3:1) are below 4.5:1. Remove once apps/web's theme fixes them.
  await checkA11y(page, 'sign-in', { knownViolations: ['color-contrast'] });
  await snap(page, 'sign-in');
});

test('the API answers ready through the same origin', async ({ page }) => {
  const res = await page.request.get('/api/v1/health/ready');
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({ checks: { database: 'ok' } });
});
