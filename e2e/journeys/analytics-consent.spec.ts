// Product analytics from the web, with the real posthog-js in Chromium against the real server
// (docs/ANALYTICS.md, "Web app: capture and consent"):
// (a) a user who refuses in the banner sends nothing: no request to /ingest, no event stored, posthog-js never loaded;
// (b) a user who accepts with session replay: page views (with their route) and clicks are stored, a search is
//     counted by its length, and what they typed appears neither in their events nor in the recording;
// (c) withdrawing in the profile stops the capture at once; the export downloads the events, the erasure erases them.
// Each test has a user of its own (a fresh one is asked on first use).
import type { APIRequestContext, Browser, Request } from '@playwright/test';
import { type ApiSession, expect, type Page, signInViaApi, test } from '../fixtures.ts';
import { randomWord } from '../support/names.ts';

const PAGE_LOAD = { timeout: 45_000 };
const DESKTOP = { viewport: { width: 1440, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

interface StoredEvent {
  id: string;
  event: string;
  occurredAt: string;
  path: string | null;
  route: string | null;
  properties: Record<string, unknown>;
}

test.use({ trace: 'off' });

/** An administrator in a browser context of their own: creates the test's user, reads the recordings. */
async function adminSession(browser: Browser) {
  const context = await browser.newContext({ baseURL: test.info().project.use.baseURL });
  const page = await context.newPage();
  const session = await signInViaApi(page);
  return { request: page.request, session, close: () => context.close() };
}

async function createUser(request: APIRequestContext, session: ApiSession) {
  const word = randomWord();
  const credentials = { email: `mesure-${word}@e2e.test`, password: `Calm-Meadow-${word}-42` };
  const res = await request.post('/api/v1/users', {
    data: { ...credentials, name: `Élise Mesure ${word}`, role: 'user' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(res.status(), await res.text()).toBe(201);
  const user = (await res.json()) as { id: string };
  return { ...credentials, id: user.id };
}

/** Every event stored about the signed-in user, through the paged export (newest first). */
/**
 * A user never asked about analytics, signed in on `page` (the banner shows), the analytics requests of the page
 * watched from the start, and an administrator's session to read what was stored.
 */
async function freshUserSignedIn(browser: Browser, page: Page) {
  const admin = await adminSession(browser);
  const user = await createUser(admin.request, admin.session);
  const seen = watchAnalyticsRequests(page);
  const session = await signInViaApi(page, user, { answerConsent: false });
  return { admin, user, seen, session };
}

async function myEvents(page: Page): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
    const res = await page.request.get('/api/v1/analytics/me/events/export', {
      params: { limit: 1000, ...(cursor ? { cursor } : {}) },
    });
    expect(res.ok(), `export: ${res.status()}`).toBe(true);
    const body = (await res.json()) as { items: StoredEvent[]; nextCursor: string | null };
    events.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return events;
}

/** The writer flushes every second: the count is settled when it stays the same over three seconds. */
async function settledEvents(page: Page): Promise<StoredEvent[]> {
  let previous = -1;
  for (let i = 0; i < 20; i++) {
    const events = await myEvents(page);
    if (events.length === previous) return events;
    previous = events.length;
    await page.waitForTimeout(3_000);
  }
  throw new Error('the stored events never settled');
}

/** Requests to the ingestion (/ingest/…) and to the posthog-js chunk, as the browser sends them. */
function watchAnalyticsRequests(page: Page) {
  const ingest: Request[] = [];
  const posthogChunk: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/ingest')) ingest.push(request);
    if (/\/assets\/posthog-[\w-]+\.js$/.test(pathname)) posthogChunk.push(pathname);
  });
  return { ingest, posthogChunk };
}

async function goByMenu(page: Page, name: string, heading: RegExp) {
  const menu = page.getByRole('navigation', { name: 'Menu principal' });
  await menu.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible(PAGE_LOAD);
}

/** Moves about the app as a person does: menu links, a list, a record. */
async function actAround(page: Page) {
  await goByMenu(page, 'Organisations', /Organisations/);
  await goByMenu(page, 'Contacts', /Contacts/);
  await goByMenu(page, 'Tâches', /Tâches/);
  await goByMenu(page, 'Accueil', /./);
}

test('(a) refusing in the banner: posthog-js is never loaded, nothing goes to /ingest, nothing is stored', async ({
  browser,
  page,
  checkA11y,
  snap,
}) => {
  test.slow();
  const { admin, user, seen } = await freshUserSignedIn(browser, page);

  // The banner on a phone first (a context of its own: touch, 390x844), before the answer.
  const phone = await browser.newContext({ baseURL: test.info().project.use.baseURL, ...PHONE });
  const phonePage = await phone.newPage();
  await signInViaApi(phonePage, user, { answerConsent: false });
  await phonePage.goto('/');
  const phoneBanner = phonePage.getByRole('region', { name: 'Mesure d’utilisation du CRM' });
  await expect(phoneBanner).toBeVisible(PAGE_LOAD);
  await expect(phoneBanner.getByRole('button', { name: 'Accepter' })).toBeInViewport();
  await expect(phoneBanner.getByRole('button', { name: 'Refuser' })).toBeInViewport();
  await checkA11y(phonePage, 'analytics-banner-phone', { tags: ['wcag22aa'] });
  await snap(phonePage, 'analytics-consent-banner-390');
  await phone.close();

  await page.setViewportSize(DESKTOP.viewport);
  await page.goto('/');
  const banner = page.getByRole('region', { name: 'Mesure d’utilisation du CRM' });
  await expect(banner).toBeVisible(PAGE_LOAD);
  await expect(banner).toContainText('Rien sur vos clients n’est envoyé');
  await expect(banner).toContainText('notre propre serveur');
  await expect(banner).toContainText('dans votre profil');
  const replay = banner.getByRole('checkbox', { name: 'Autoriser aussi l’enregistrement des sessions' });
  await expect(replay).not.toBeChecked();
  // « Refuser » is as prominent as « Accepter »: same size, same weight, same colours.
  const looks = async (name: string) =>
    banner.getByRole('button', { name }).evaluate((el) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return { w: Math.round(r.width), h: Math.round(r.height), font: s.font, bg: s.backgroundColor, fg: s.color };
    });
  expect(await looks('Refuser')).toEqual(await looks('Accepter'));
  await checkA11y(page, 'analytics-banner');
  await snap(page, 'analytics-consent-banner-1440');

  // Keyboard: the answer is reachable with Tab.
  await banner.getByRole('button', { name: 'Refuser' }).focus();
  await page.keyboard.press('Enter');
  await expect(banner).toBeHidden();
  const config = await page.request.get('/api/v1/analytics/config');
  expect(await config.json()).toMatchObject({ capture: false, record: false, askConsent: false });

  await actAround(page);
  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(PAGE_LOAD);
  await expect(banner).toBeHidden();

  // Poll past several flushes of the writer: still nothing.
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(1_500);
    expect(await myEvents(page)).toEqual([]);
  }
  expect(seen.ingest.map((r) => r.url())).toEqual([]);
  expect(seen.posthogChunk).toEqual([]);
  await admin.close();
});

test('(b) accepting with replay: page views with their route and clicks are stored, typed values nowhere', async ({
  browser,
  page,
}) => {
  test.slow();
  const { admin, user, seen } = await freshUserSignedIn(browser, page);
  await page.setViewportSize(DESKTOP.viewport);
  await page.goto('/');
  const banner = page.getByRole('region', { name: 'Mesure d’utilisation du CRM' });
  await expect(banner).toBeVisible(PAGE_LOAD);
  expect(seen.posthogChunk).toEqual([]); // nothing loaded before the answer
  await banner.getByRole('checkbox', { name: 'Autoriser aussi l’enregistrement des sessions' }).check();
  await banner.getByRole('button', { name: 'Accepter' }).click();
  await expect(banner).toBeHidden();
  await expect.poll(() => seen.posthogChunk.length, PAGE_LOAD).toBeGreaterThan(0);
  await expect.poll(() => seen.ingest.length, PAGE_LOAD).toBeGreaterThan(0);

  await actAround(page);
  // A distinctive value typed in a form input (the list's search box), and another in Ctrl+K.
  const typed = `Zorglub${randomWord(8)}`;
  const searched = `Quixote${randomWord(8)}`;
  await goByMenu(page, 'Organisations', /Organisations/);
  await page.getByRole('textbox', { name: 'Rechercher dans la liste' }).fill(typed);
  await page.waitForTimeout(1_000);
  await page.getByTestId('search-button').click();
  const search = page.getByRole('textbox', { name: 'Rechercher…' }).last();
  await expect(search).toBeFocused(PAGE_LOAD);
  await search.fill(searched);
  // The spotlight's own « Aucun résultat » (the list behind says it too).
  await expect(page.getByRole('dialog').getByText('Aucun résultat')).toBeVisible(PAGE_LOAD);
  await page.keyboard.press('Escape');
  await goByMenu(page, 'Contacts', /Contacts/);
  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.keyboard.press('Escape');
  await goByMenu(page, 'Mandats', /Mandats/);

  // posthog-js sends its batches every few seconds; the writer flushes every second.
  await expect
    .poll(
      async () => {
        const events = await myEvents(page);
        const views = events.filter((e) => e.event === '$pageview').map((e) => e.route);
        return {
          views: ['/', '/organisations', '/people', '/tasks', '/mandats'].every((r) => views.includes(r)),
          clicks: events.some((e) => e.event === '$autocapture' && e.properties.$event_type === 'click'),
          search: events.some((e) => e.event === 'search_performed' && e.properties.length === searched.length),
        };
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toEqual({ views: true, clicks: true, search: true });
  const events = await settledEvents(page);
  const exported = JSON.stringify(events);
  expect(exported).not.toContain(typed);
  expect(exported).not.toContain(searched);
  expect(exported).not.toContain(user.email);
  // Paths and routes only: no query string (the list's search goes in ?q=).
  for (const e of events) expect(e.path ?? '', e.event).not.toContain('?');

  // The recording, as an administrator reads it.
  const mySession = async () => {
    const res = await admin.request.get('/api/v1/analytics/product/recordings', { params: { limit: 50 } });
    expect(res.ok(), `recordings: ${res.status()}`).toBe(true);
    const body = (await res.json()) as { items: { sessionId: string; userId: string | null }[] };
    return body.items.find((r) => r.userId === user.id)?.sessionId ?? null;
  };
  await expect.poll(mySession, { timeout: 60_000, intervals: [2_000] }).not.toBeNull();
  const sessionId = (await mySession()) as string;
  await expect
    .poll(
      async () => {
        const res = await admin.request.get(`/api/v1/analytics/product/recordings/${sessionId}`);
        const body = (await res.json()) as { events: { type: number }[] };
        return body.events.some((e) => e.type === 2) && body.events.some((e) => e.type === 3);
      },
      { timeout: 60_000, intervals: [2_000] },
    )
    .toBe(true);
  const recording = await (await admin.request.get(`/api/v1/analytics/product/recordings/${sessionId}`)).text();
  expect(recording).not.toContain(typed);
  // The typing was recorded, as stars of its length.
  expect(recording).toContain('*'.repeat(typed.length));
  expect(recording).not.toContain(searched);
  expect(recording).not.toContain(user.email);
  await admin.close();
});

test('(c) withdrawing in the profile stops the capture at once; export and erasure of my usage data', async ({
  browser,
  page,
  checkA11y,
  snap,
}) => {
  test.slow();
  const { admin, user, seen, session } = await freshUserSignedIn(browser, page);
  const accepted = await page.request.put('/api/v1/analytics/consent', {
    data: { analytics: true, replay: false, source: 'prompt' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(accepted.ok()).toBe(true);

  await page.setViewportSize(DESKTOP.viewport);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible(PAGE_LOAD);
  await goByMenu(page, 'Contacts', /Contacts/);
  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.getByRole('menuitem', { name: 'Mon profil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible(PAGE_LOAD);
  const card = page.getByTestId('usage-data-card');
  await expect(card.getByRole('heading', { name: 'Données d’usage' })).toBeVisible();
  const analytics = card.getByRole('switch', { name: 'Mesure d’utilisation' });
  await expect(analytics).toBeChecked();
  await expect(card.getByRole('switch', { name: 'Enregistrement des sessions' })).not.toBeChecked();
  await expect
    .poll(async () => (await myEvents(page)).some((e) => e.event === '$pageview' && e.route === '/profile'), {
      timeout: 60_000,
      intervals: [2_000],
    })
    .toBe(true);
  await checkA11y(page, 'usage-data-card', { include: '[data-testid="usage-data-card"]' });
  await snap(page, 'analytics-usage-card-1440');

  // The export: one JSON file of every event stored.
  const before = await settledEvents(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    card.getByRole('button', { name: 'Exporter mes données d’usage' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^donnees-usage-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await (await download.createReadStream()).toArray().then((c) => Buffer.concat(c).toString()));
  expect(file.events).toBeGreaterThanOrEqual(before.length);
  expect(file.items.length).toBe(file.events);
  expect(file.items.map((e: StoredEvent) => e.id)).toEqual(expect.arrayContaining(before.map((e) => e.id)));

  // Withdrawal applies at once.
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/analytics/consent') && r.request().method() === 'PUT'),
    analytics.click(),
  ]);
  await expect(analytics).not.toBeChecked();
  await expect(card.getByRole('switch', { name: 'Enregistrement des sessions' })).toHaveCount(0);
  expect(await (await page.request.get('/api/v1/analytics/consent')).json()).toMatchObject({
    analytics: false,
    replay: false,
    source: 'profile',
  });
  const settled = await settledEvents(page);
  const ingestBefore = seen.ingest.length;

  await actAround(page);
  await page.getByRole('button', { name: 'Menu utilisateur' }).click();
  await page.getByRole('menuitem', { name: 'Mon profil' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible(PAGE_LOAD);
  await page.waitForTimeout(4_000);
  const after = await settledEvents(page);
  expect(after.map((e) => e.id)).toEqual(settled.map((e) => e.id));
  expect(seen.ingest.slice(ingestBefore).map((r) => r.url())).toEqual([]);

  // The erasure, confirmed in a modal, says what it erased.
  await card.getByRole('button', { name: 'Effacer mes données d’usage' }).click();
  const modal = page.getByRole('dialog', { name: 'Effacer vos données d’usage ?' });
  await expect(modal).toBeVisible();
  await modal.getByRole('button', { name: 'Effacer définitivement' }).click();
  const count = after.length;
  await expect(card.getByTestId('usage-erased')).toHaveText(
    `${count} événement${count > 1 ? 's' : ''} effacé${count > 1 ? 's' : ''}, aucun fragment d’enregistrement de session.`,
  );
  expect(await myEvents(page)).toEqual([]);

  // The card on a phone.
  const phone = await browser.newContext({ baseURL: test.info().project.use.baseURL, ...PHONE });
  const phonePage = await phone.newPage();
  await signInViaApi(phonePage, user);
  await phonePage.goto('/profile');
  const phoneCard = phonePage.getByTestId('usage-data-card');
  await expect(phoneCard.getByRole('heading', { name: 'Données d’usage' })).toBeVisible(PAGE_LOAD);
  await checkA11y(phonePage, 'usage-data-card-phone', {
    include: '[data-testid="usage-data-card"]',
    tags: ['wcag22aa'],
  });
  await snap(phonePage, 'analytics-usage-card-390');
  await phone.close();
  await admin.close();
});
