// Product analytics for administrators (docs/ANALYTICS.md, "Web app: analysis pages"): the admin accepts analytics
// through the API, a fixed set of events goes through the real ingestion (POST /ingest/batch/ from the page, with the
// session cookie and the page's Origin), dated in a past week so that the pages' own use cannot change the figures;
// the pages then show what was sent: the overview's totals against the previous week, the most viewed pages and their
// time, a funnel created in the form with its conversions, the heatmap over the page, and a feature flag created in
// the form. Screenshots at 1440x900 and 390x844.
import { randomUUID } from 'node:crypto';
import { expect, type Page, phonePage, test } from '../fixtures.ts';

/** Today in Paris, as the analysis counts days. */
function parisToday(): { y: number; m: number; d: number } {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' })
    .format(new Date())
    .split('-')
    .map(Number);
  return { y: y as number, m: (m as number) - 1, d: d as number };
}
const today = parisToday();
/** `daysAgo` days before today at hh:mm:ss UTC (09:00 UTC is 10:00 or 11:00 in Paris: the same Paris day). */
const at = (daysAgo: number, seconds = 0) =>
  new Date(Date.UTC(today.y, today.m, today.d - daysAgo, 9, 0, seconds)).toISOString();
const day = (daysAgo: number) => at(daysAgo).slice(0, 10);

/** The period looked at: seven days, 13 to 7 days ago; the previous period is 20 to 14 days ago. */
const FROM = day(13);
const TO = day(7);
const PERIOD = `from=${FROM}&to=${TO}&granularity=day`;
const PERSON = '0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';

interface Sent {
  event: string;
  at: string;
  session: string;
  url?: string;
  properties?: Record<string, unknown>;
}

/** What the browser would have sent, as posthog-js does (distinct_id, session, window, page). */
function events(): Sent[] {
  return [
    // The previous period: one session, two views of /people.
    { event: '$pageview', at: at(16), session: 'p0', url: '/people', properties: { $pageview_id: 'a0' } },
    {
      event: '$pageview',
      at: at(16, 20),
      session: 'p0',
      url: '/people',
      properties: { $pageview_id: 'a1', $prev_pageview_id: 'a0', $prev_pageview_duration: 20 },
    },
    // s1: /people (40 s, half scrolled) with clicks, a search, a person (60 s), the tasks.
    { event: '$pageview', at: at(12), session: 's1', url: '/people', properties: { $pageview_id: 'v1' } },
    {
      event: '$$heatmap',
      at: at(12, 5),
      session: 's1',
      url: '/people',
      properties: {
        $viewport_width: 1000,
        $heatmap_data: {
          '/people': [
            { x: 120, y: 40, type: 'click' }, // cell (2, 0): cells of 50 px
            { x: 130, y: 45, type: 'click' }, // cell (2, 0)
            { x: 130, y: 45, type: 'rageclick' },
            { x: 510, y: 260, type: 'click' }, // cell (10, 5)
          ],
        },
      },
    },
    ...[1, 2].map((n) => ({
      event: '$autocapture',
      at: at(12, 10 + n),
      session: 's1',
      url: '/people',
      properties: {
        $event_type: 'click',
        $elements_chain: 'button.mantine-Button-root:attr__data-testid="new-person"nth-child="1"tag_name="button"',
      },
    })),
    { event: 'search_performed', at: at(12, 30), session: 's1', url: '/people', properties: { length: 5, results: 3 } },
    {
      event: '$pageview',
      at: at(12, 40),
      session: 's1',
      url: `/people/${PERSON}`,
      properties: {
        $pageview_id: 'v2',
        $prev_pageview_id: 'v1',
        $prev_pageview_duration: 40,
        $prev_pageview_max_scroll_percentage: 0.5,
      },
    },
    {
      event: '$pageview',
      at: at(12, 100),
      session: 's1',
      url: '/tasks',
      properties: { $pageview_id: 'v3', $prev_pageview_id: 'v2', $prev_pageview_duration: 60 },
    },
    // s2: /people (120 s, 80 % scrolled), then the organisations.
    { event: '$pageview', at: at(10), session: 's2', url: '/people', properties: { $pageview_id: 'v4' } },
    {
      event: '$pageview',
      at: at(10, 120),
      session: 's2',
      url: '/organisations',
      properties: {
        $pageview_id: 'v5',
        $prev_pageview_id: 'v4',
        $prev_pageview_duration: 120,
        $prev_pageview_max_scroll_percentage: 0.8,
      },
    },
    // A browser error on the organisations page.
    {
      event: '$exception',
      at: at(10, 130),
      session: 's2',
      url: '/organisations',
      properties: { $exception_type: 'TypeError', $exception_list: [{ type: 'TypeError' }] },
    },
    // s3: /people, never closed (no time).
    { event: '$pageview', at: at(8), session: 's3', url: '/people', properties: { $pageview_id: 'v6' } },
  ];
}

/** Sends the events through the real ingestion from the page (its cookie, its Origin); returns their ids. */
async function ingest(page: Page, userId: string): Promise<string[]> {
  const batch = events().map((e) => ({
    uuid: randomUUID(),
    event: e.event,
    timestamp: e.at,
    properties: {
      distinct_id: userId,
      $session_id: e.session,
      $window_id: `w-${e.session}`,
      ...(e.url ? { $current_url: `${new URL(page.url()).origin}${e.url}` } : {}),
      ...e.properties,
    },
  }));
  const status = await page.evaluate(
    async (body) => {
      const res = await fetch('/ingest/batch/', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: await res.text() };
    },
    { api_key: 'phc_e2e', batch, sent_at: new Date().toISOString() },
  );
  expect(status, 'the ingestion refused the batch').toEqual({ status: 200, body: '{"status":1}' });
  return batch.map((e) => e.uuid);
}

/** A short rrweb recording of session s2 (10 days ago): a page whose heading the server masks, a mouse move. */
async function ingestReplay(page: Page, userId: string) {
  const t0 = Date.parse(at(10));
  const snapshot = [
    { type: 4, data: { href: `${new URL(page.url()).origin}/people`, width: 1000, height: 700 }, timestamp: t0 },
    {
      type: 2,
      timestamp: t0 + 10,
      data: {
        initialOffset: { left: 0, top: 0 },
        node: {
          type: 0,
          id: 1,
          childNodes: [
            { type: 1, name: 'html', publicId: '', systemId: '', id: 2 },
            {
              type: 2,
              tagName: 'html',
              attributes: {},
              id: 3,
              childNodes: [
                { type: 2, tagName: 'head', attributes: {}, childNodes: [], id: 4 },
                {
                  type: 2,
                  tagName: 'body',
                  attributes: {},
                  id: 5,
                  childNodes: [
                    {
                      type: 2,
                      tagName: 'h1',
                      attributes: {},
                      id: 6,
                      childNodes: [{ type: 3, textContent: 'Contacts', id: 7 }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
    },
    { type: 3, timestamp: t0 + 2000, data: { source: 1, positions: [{ x: 10, y: 10, id: 6, timeOffset: 0 }] } },
  ];
  const body = [
    {
      event: '$snapshot',
      properties: { distinct_id: userId, $session_id: 's2', $window_id: 'w-s2', $snapshot_data: snapshot },
    },
  ];
  const res = await page.evaluate(async (b) => {
    const r = await fetch('/ingest/s/', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(b),
    });
    return r.status;
  }, body);
  expect(res).toBe(200);
}

test.describe.configure({ timeout: 300_000 });
// rrweb replays into a sandboxed iframe without scripts (the recorded page never runs): Chromium logs each script it
// blocks there as an error.
test.use({ allowedConsoleErrors: [/Blocked script execution in '.*' because the document's frame is sandboxed/] });

test('product analytics: figures of ingested events, a funnel and a flag made in the forms', async ({
  page,
  browser,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const session = await signInViaApi(page);
  const consent = await page.request.put('/api/v1/analytics/consent', {
    data: { analytics: true, replay: true, source: 'profile' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(consent.status()).toBe(200);

  await page.goto('/');
  const ids = await ingest(page, session.user.id);
  await ingestReplay(page, session.user.id);
  // The writer flushes every second: wait until every event sent is stored (the user's own export lists them).
  await expect
    .poll(
      async () => {
        const res = await page.request.get('/api/v1/analytics/me/events/export?limit=1000');
        const { items } = (await res.json()) as { items: { id: string }[] };
        return ids.filter((id) => items.some((i) => i.id === id)).length;
      },
      { timeout: 20_000 },
    )
    .toBe(ids.length);

  // The entry in the administration menu, then the period of the events (in the URL).
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Analyse d’usage' }).click();
  await expect(page).toHaveURL(/\/analytics\/product$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Analyse d’usage' })).toBeVisible();
  await page.goto(`/analytics/product?${PERIOD}`);

  // Overview: 6 views, 1 user, 3 sessions; the week before, 2 views, 1 user, 1 session.
  await expect(page.getByTestId('total-views').getByTestId('total-value')).toHaveText('6');
  await expect(page.getByTestId('total-views')).toContainText(/\+200\s%/);
  await expect(page.getByTestId('total-views')).toContainText(/précédente\s\(2\)/);
  await expect(page.getByTestId('total-users').getByTestId('total-value')).toHaveText('1');
  await expect(page.getByTestId('total-users')).toContainText(/0\s%/);
  await expect(page.getByTestId('total-sessions').getByTestId('total-value')).toHaveText('3');
  const chart = page.getByRole('img', { name: 'Pages vues, utilisateurs et sessions' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('canvas')).toBeVisible();
  // The same figures as a table: one row per day of the period, the views adding up to 6.
  await page.getByLabel('Voir les données').check();
  const table = page.getByTestId('chart-table');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  const views = await table.locator('tbody tr td:nth-child(2)').allInnerTexts();
  expect(views.map(Number).reduce((a, b) => a + b, 0)).toBe(6);
  await page.getByLabel('Voir les données').uncheck();
  await expect(chart.locator('canvas')).toBeVisible();
  await checkA11y(page, 'analytics-overview');
  await snap(page, 'analytics-overview-1440');

  // Pages: /people 3 views, median time of the two timed views (40 s, 120 s) 1 min 20 s, 65 % scrolled on average.
  await page.getByRole('tab', { name: 'Pages' }).click();
  const people = page.getByTestId('page-row').filter({ has: page.getByRole('cell', { name: '/people', exact: true }) });
  await expect(people.getByRole('cell').nth(1)).toHaveText('3');
  await expect(people).toContainText(/1\smin\s20\ss/);
  await expect(people).toContainText(/65\s%/);

  // Funnels: none yet; one created in the form: /people, a search, a saved view (never applied).
  await page.getByRole('tab', { name: 'Entonnoirs' }).click();
  await expect(page.getByText('Aucun entonnoir enregistré')).toBeVisible();
  await page.getByRole('button', { name: 'Nouvel entonnoir' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Nouvel entonnoir' });
  await dialog.getByLabel('Nom').fill('Recherche depuis les contacts');
  const steps = dialog.getByTestId('funnel-step-editor');
  await steps.nth(0).getByLabel('Page (facultatif)').fill('/people');
  await steps.nth(1).getByRole('combobox', { name: 'Étape 2' }).click();
  await page.getByRole('option', { name: 'Recherche lancée' }).click();
  await dialog.getByRole('button', { name: 'Ajouter une étape' }).click();
  await steps.nth(2).getByRole('combobox', { name: 'Étape 3' }).click();
  await page.getByRole('option', { name: 'Vue enregistrée appliquée' }).click();
  await dialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByText('Entonnoir «\u202fRecherche depuis les contacts\u202f» enregistré.', { exact: true }),
  ).toBeVisible();
  const funnelSteps = page.getByTestId('funnel-step');
  await expect(funnelSteps).toHaveCount(3);
  await expect(funnelSteps.nth(0)).toContainText('Page vue sur /people');
  await expect(funnelSteps.nth(1).getByRole('cell').nth(2)).toHaveText('1');
  await expect(funnelSteps.nth(1).getByRole('cell').nth(3)).toHaveText(/100\s%/);
  await expect(funnelSteps.nth(2).getByRole('cell').nth(2)).toHaveText('0');
  await expect(funnelSteps.nth(2).getByRole('cell').nth(5)).toHaveText('1'); // one lost
  await expect(page.getByTestId('funnel-overall')).toHaveText(/Conversion globale\s:\s0\s%/);
  await expect(page.getByRole('img', { name: /Entonnoir.+Recherche depuis les contacts/ })).toBeVisible();
  await snap(page, 'analytics-funnel-1440');

  // Heatmap: /people (the most viewed) in the frame, 3 clicks in two cells, the scroll and the clicked button.
  await page.getByRole('tab', { name: 'Carte de chaleur' }).click();
  await expect(page.getByTestId('heatmap-clicks')).toContainText(/Clics\s:\s3/);
  await expect(page.getByTestId('heatmap-cell')).toHaveCount(2);
  await expect(
    page.frameLocator('iframe[title="Aperçu de la page /people"]').getByRole('heading', { level: 1 }),
  ).toBeVisible();
  await expect(page.getByText(/Moyenne\s:\s65\s%/)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'new-person' })).toContainText('2');
  await snap(page, 'analytics-heatmap-1440');

  // Flags: an experiment created in the form, listed with its variants; its results per variant.
  await page.getByRole('tab', { name: 'Drapeaux et expériences' }).click();
  await expect(page.getByText('Aucun drapeau')).toBeVisible();
  await page.getByRole('button', { name: 'Nouveau drapeau' }).first().click();
  const flagDialog = page.getByRole('dialog', { name: 'Nouveau drapeau' });
  await flagDialog.getByRole('textbox', { name: 'Clé' }).fill('nouveau-tableau');
  await flagDialog.getByRole('textbox', { name: 'Nom' }).fill('Nouveau tableau de bord');
  await flagDialog.getByLabel('Actif').check();
  await flagDialog.getByLabel('Transformer en expérience').check();
  await flagDialog.getByRole('combobox', { name: 'Événement objectif' }).click();
  await page.getByRole('option', { name: 'Recherche lancée' }).click();
  await flagDialog.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(flagDialog).toBeHidden();
  const flag = page.getByTestId('flag-row').filter({ hasText: 'nouveau-tableau' });
  await expect(flag).toContainText('Actif');
  await expect(flag).toContainText(/control 50\s%\s·\stest 50\s%/);
  await expect(flag).toContainText('Recherche lancée');
  await flag.getByRole('button', { name: 'Résultats de l’expérience nouveau-tableau' }).click();
  const results = page.getByRole('dialog', { name: 'Résultats de l’expérience nouveau-tableau' });
  await expect(results.getByTestId('variant-row')).toHaveCount(2);
  await expect(results.getByTestId('variant-row').first()).toContainText('control (témoin)');
  await results.getByRole('button').first().click();
  await expect(results).toBeHidden();
  await checkA11y(page, 'analytics-flags');
  await snap(page, 'analytics-flags-1440');

  // Errors: the browser error, grouped by its type.
  await page.getByRole('tab', { name: 'Erreurs' }).click();
  await expect(page.getByTestId('errors-web')).toHaveText('1');
  await expect(page.getByTestId('error-row')).toHaveCount(1);
  await expect(page.getByTestId('error-row')).toContainText('TypeError');
  await expect(page.getByTestId('error-row')).toContainText('Navigateur');
  await snap(page, 'analytics-errors-1440');

  // Recordings: session s2's replay, played with its heading masked as the server stored it.
  await page.getByRole('tab', { name: 'Enregistrements' }).click();
  await expect(page.getByTestId('recording-row')).toHaveCount(1);
  await expect(page.getByTestId('recording-row')).toContainText('/people → /organisations');
  await page.getByRole('button', { name: /^Revoir la session de/ }).click();
  const player = page.getByRole('dialog', { name: /^Revoir la session de/ });
  await expect(player.frameLocator('iframe').getByRole('heading', { level: 1 })).toHaveText('********');
  await snap(page, 'analytics-recording-player-1440');
  await page.keyboard.press('Escape');
  await expect(player).toBeHidden();

  // The other tabs, for the record.
  for (const [tab, name] of [
    ['Fonctionnalités', 'features'],
    ['Alertes', 'alerts'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
    await page.waitForLoadState('networkidle');
    await snap(page, `analytics-${name}-1440`);
  }

  // Retention over three weeks: the admin's first week (20 to 14 days ago) is a cohort, 100 % in its week 0; the weeks
  // after the period's end are not observed yet.
  await page.goto(`/analytics/product?tab=retention&from=${day(20)}&to=${TO}`);
  const grid = page.getByTestId('retention-grid');
  await expect(grid.locator('tbody tr')).toHaveCount(1);
  await expect(grid.locator('tbody tr td').nth(1)).toHaveText('1');
  await expect(grid.locator('tbody tr td').nth(2)).toHaveText(/100\s%/);
  await expect(grid.getByLabel('Pas encore observée').first()).toBeVisible();
  await snap(page, 'analytics-retention-1440');

  // On a phone: the same pages fit the screen, tables and tabs scroll sideways inside it.
  const mobile = await phonePage(browser, page);
  for (const [tab, name] of [
    ['overview', 'overview'],
    ['pages', 'pages'],
    ['funnels', 'funnel'],
    ['heatmap', 'heatmap'],
    ['flags', 'flags'],
    ['features', 'features'],
    ['retention', 'retention'],
    ['errors', 'errors'],
    ['recordings', 'recordings'],
    ['alerts', 'alerts'],
  ] as const) {
    const period = tab === 'retention' ? `from=${day(20)}&to=${TO}` : PERIOD;
    await mobile.goto(`/analytics/product?tab=${tab}&${period}`);
    await expect(mobile.getByRole('heading', { level: 1, name: 'Analyse d’usage' })).toBeVisible();
    await mobile.waitForLoadState('networkidle');
    if (tab === 'overview')
      await expect(
        mobile.getByRole('img', { name: 'Pages vues, utilisateurs et sessions' }).locator('canvas'),
      ).toBeVisible();
    if (tab === 'funnels') await expect(mobile.getByTestId('funnel-step')).toHaveCount(3);
    if (tab === 'heatmap') {
      await expect(
        mobile.frameLocator('iframe[title="Aperçu de la page /people"]').getByRole('heading', { level: 1 }),
      ).toBeVisible();
    }
    const width = await mobile.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(width.doc, `${tab}: the page is wider than the phone`).toBeLessThanOrEqual(width.view);
    await snap(mobile, `analytics-${name}-390`);
  }
  await mobile.context().close();
});
