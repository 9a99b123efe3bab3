// Every main page at the two sizes people use (a 1440x900 desktop and a 390x844 touch phone): the document is never
// wider than the screen (no page sliding sideways, the header's search, bell and user menu on screen) and axe finds
// no serious or critical violation. The pipeline board keeps the page still after a keyboard drag and a swipe.
import type { APIRequestContext } from '@playwright/test';
import { expect, type Page, test } from '../fixtures.ts';
import { boardColumn } from '../support/board.ts';

const PAGE_LOAD = { timeout: 45_000 };

const SIZES = {
  desktop: { viewport: { width: 1440, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;

/** The id of the first record of a list the administrator sees. */
async function firstId(request: APIRequestContext, path: string): Promise<string> {
  const res = await request.get(`/api/v1/${path}?limit=1`);
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  const { items } = (await res.json()) as { items: { id: string }[] };
  expect(items.length, `no ${path} in the demo data`).toBeGreaterThan(0);
  return items[0]?.id as string;
}

/** Document and viewport widths, and how far the page itself is scrolled sideways. */
const pageWidth = (page: Page) =>
  page.evaluate(() => ({
    document: document.documentElement.scrollWidth,
    viewport: window.innerWidth,
    scrollX: window.scrollX,
  }));

async function expectNoSidewaysPage(page: Page, what: string) {
  const w = await pageWidth(page);
  expect(w.document, `${what}: the document is wider than the screen`).toBeLessThanOrEqual(w.viewport);
  expect(w.scrollX, `${what}: the page slid sideways`).toBe(0);
}

/** The header's controls are all on screen (the user menu holds sign-out). */
async function expectHeaderOnScreen(page: Page) {
  const width = page.viewportSize()?.width ?? 0;
  for (const control of [
    page.getByRole('banner').getByRole('button', { name: /Rechercher/ }),
    page.getByTestId('notifications-bell'),
    page.getByRole('banner').getByRole('button', { name: 'Menu utilisateur' }),
  ]) {
    const box = await control.boundingBox();
    expect(box, 'a header control is not rendered').not.toBeNull();
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(width);
  }
}

for (const [size, options] of Object.entries(SIZES)) {
  test.describe(`${size}`, () => {
    test.use(options);

    test(`every main page fits the screen and passes axe (${size})`, async ({
      page,
      signInViaApi,
      checkA11y,
      snap,
    }) => {
      test.setTimeout(600_000); // twenty pages, each checked by axe, on a shared two-core machine
      await signInViaApi(page);
      const [organisation, person, mandat, produit] = await Promise.all(
        ['organisations', 'people', 'mandats', 'produits'].map((p) => firstId(page.request, p)),
      );
      const pages = [
        '/',
        '/organisations',
        `/organisations/${organisation}`,
        '/people',
        `/people/${person}`,
        '/mandats',
        '/mandats?mode=list',
        `/mandats/${mandat}`,
        '/produits',
        `/produits/${produit}`,
        '/tasks',
        '/campaigns',
        '/campaigns/templates',
        '/campaigns/suppressions',
        '/imports',
        '/recycle-bin',
        '/profile',
        '/profile/api-keys',
        '/settings/integrations',
        '/admin/users',
        '/admin/teams',
        '/admin/audit',
        '/admin/system',
        '/admin/mail',
        '/analytics',
        '/analytics?tab=marketing',
        '/analytics?tab=activite',
        '/analytics?tab=performance',
      ];
      // Every page is checked before the test fails, so one run lists every page at fault.
      const faults: string[] = [];
      for (const path of pages) {
        await page.goto(path);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible(PAGE_LOAD);
        await page.waitForLoadState('networkidle');
        if (path === `/organisations/${organisation}`) await snap(page, `record-page-${size}`);
        if (path === '/people') await snap(page, `people-list-${size}`);
        for (const check of [
          () => expectNoSidewaysPage(page, path),
          () => expectHeaderOnScreen(page),
          // On the phone, touch targets too: 24 px at least, or spaced as much (WCAG 2.2 target size).
          () => checkA11y(page, `${size} ${path}`, size === 'phone' ? { tags: ['wcag22aa'] } : {}),
        ]) {
          await check().catch((e: Error) => faults.push(`${path}: ${e.message}`));
        }
      }
      expect(faults, faults.join('\n\n')).toEqual([]);
    });

    test(`the board keeps the page still after a keyboard drag and a swipe (${size})`, async ({
      page,
      signInViaApi,
      snap,
    }) => {
      test.slow();
      await signInViaApi(page);
      await page.goto('/mandats');
      const card = boardColumn(page, 'lead').getByTestId('mandat-card').first();
      await expect(card).toBeVisible(PAGE_LOAD);
      await expectNoSidewaysPage(page, 'board');

      // A keyboard drag over three columns, then cancelled: nothing moves but the dragged card.
      const handle = card.getByRole('button', { name: /^Déplacer «\s/ });
      await handle.focus();
      await page.keyboard.press('Space');
      await expect(page.getByText(/saisi, dans la colonne Prospect\./)).toBeAttached();
      // Each step waits for what a screen reader hears before the next key (the board scrolls to follow).
      for (const column of ['Rendez-vous', 'Présentation', 'Due diligence']) {
        await page.keyboard.press('ArrowRight');
        await expect(page.getByText(new RegExp(`au-dessus de la colonne ${column}\\.`))).toBeAttached();
      }
      await expectNoSidewaysPage(page, 'board during a keyboard drag');
      await page.keyboard.press('Escape');
      await expectNoSidewaysPage(page, 'board after a keyboard drag');

      // A swipe from right to left over the board scrolls the board, never the page.
      const board = page.getByTestId('pipeline-board');
      const box = await board.boundingBox();
      if (!box) throw new Error('board not rendered');
      const y = box.y + 120;
      const cdp = await page.context().newCDPSession(page);
      const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x?: number) =>
        cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x, y }] });
      const startX = Math.min(box.x + box.width - 20, (page.viewportSize()?.width ?? 390) - 30);
      await touch('touchStart', startX);
      for (let x = startX - 10; x >= box.x + 30; x -= 15) await touch('touchMove', x);
      await touch('touchEnd');
      await expect.poll(() => board.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
      await expectNoSidewaysPage(page, 'board after a swipe');
      await expectHeaderOnScreen(page);
      await snap(page, `board-${size}`);
    });
  });
}

test.describe('phone lists', () => {
  test.use(SIZES.phone);

  test('on a phone a list is cards: the task’s "done" tick is on screen and works', async ({
    page,
    signInViaApi,
    snap,
  }) => {
    test.slow();
    const session = await signInViaApi(page);
    const title = `Rappeler le cabinet ${Date.now()}`;
    const created = await page.request.post('/api/v1/tasks', {
      data: { title, assigneeId: session.user.id, dueAt: new Date(Date.now() + 3_600_000).toISOString() },
      headers: { 'x-csrf-token': session.csrfToken },
    });
    expect(created.status(), await created.text()).toBe(201);
    await page.goto(`/tasks?q=${encodeURIComponent(title)}`);
    const card = page.getByTestId('list-cards').getByTestId('list-row').filter({ hasText: title });
    await expect(card).toBeVisible(PAGE_LOAD);
    await expect(page.locator('table')).toHaveCount(0);
    const tick = card.getByRole('checkbox', { name: /^Marquer comme terminée/ });
    const box = await tick.boundingBox();
    expect(box && box.x + box.width <= 390 && box.width >= 20, `tick at ${JSON.stringify(box)}`).toBe(true);
    await snap(page, 'tasks-list-phone');
    await tick.tap();
    await expect
      .poll(async () => {
        const res = await page.request.get(`/api/v1/tasks/${(await created.json()).id}`);
        return ((await res.json()) as { status: string }).status;
      })
      .toBe('done');
  });
});
