// Figures people trust, on the embedded database: a total shown as exact is the exact count (up to the 1,000-row cap,
// on the home page and at the foot of the list); beyond the cap it reads "environ" and is close to the real count.
import type { APIRequestContext } from '@playwright/test';
import { expect, test } from '../fixtures.ts';

const PAGE_LOAD = { timeout: 45_000 };
const fr = (n: number) => new Intl.NumberFormat('fr-FR').format(n);

type Page = { items: unknown[]; nextCursor: string | null; total: number; totalIsEstimate?: boolean };

/** Counts every row of a list the administrator sees, page after page. */
async function countAll(request: APIRequestContext, path: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const res = await request.get(`/api/v1/${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(res.ok()).toBe(true);
    const page = (await res.json()) as Page;
    n += page.items.length;
    cursor = page.nextCursor;
  } while (cursor);
  return n;
}

test('exact totals up to the cap, a close and labelled estimate beyond it', async ({ page, signInViaApi }) => {
  test.slow(); // pages through every contact of the demo data
  await signInViaApi(page);
  const organisations = await countAll(page.request, 'organisations');
  const people = await countAll(page.request, 'people');
  // The demo data holds both sides of the cap (1,000 rows); if it changes, this test must be reworked.
  expect(organisations).toBeLessThanOrEqual(1000);
  expect(people).toBeGreaterThan(1000);

  // Below the cap: the list's own total is exact and says so, on the home page and under the list.
  const orgPage = (await (await page.request.get('/api/v1/organisations?limit=1')).json()) as Page;
  expect(orgPage).toMatchObject({ total: organisations });
  expect(orgPage.totalIsEstimate ?? false).toBe(false);
  await page.goto('/');
  const orgCard = page.getByTestId('figure-organisations');
  await expect(orgCard).toContainText(fr(organisations), PAGE_LOAD);
  await expect(orgCard).not.toContainText('environ');
  await page.goto('/organisations');
  await expect(page.getByTestId('list-total')).toHaveText(`${fr(organisations)} résultats`, PAGE_LOAD);

  // Beyond the cap: an estimate, labelled, within 10 % of the real count (the embedded database is analysed).
  const peoplePage = (await (await page.request.get('/api/v1/people?limit=1')).json()) as Page;
  expect(peoplePage.totalIsEstimate).toBe(true);
  expect(Math.abs(peoplePage.total - people) / people).toBeLessThan(0.1);
  await page.goto('/');
  await expect(page.getByTestId('figure-people')).toContainText(`environ${fr(peoplePage.total)}`, PAGE_LOAD);
  await page.goto('/people');
  await expect(page.getByTestId('list-total')).toHaveText(`environ ${fr(peoplePage.total)} résultats`, PAGE_LOAD);
});
