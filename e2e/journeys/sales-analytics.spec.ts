// The sales analytics hub (docs/SALES_ANALYTICS.md, "Web app") over the demo data: every tab draws its charts; an
// empty range shows the empty states; the deal-status donut drills through to the mandates list with the same count;
// its PNG (framed with the filters and the period) and CSV are downloaded and read; the home page shows four charts.
// Screenshots of each tab at 1440x900 and 390x844 (touch). A sales person in no team sees their own figures only:
// no team or sales person to pick, their performance alone as key figures.
import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, phonePage, test } from '../fixtures.ts';

const TABS = [
  ['ventes', 'Ventes', 'Chiffre d’affaires gagné'],
  ['marketing', 'Marketing', 'Des sources aux résultats'],
  ['activite', 'Activité', 'Interactions par jour'],
  ['performance', 'Performance', 'Montant gagné par commercial'],
] as const;
const STATUS = 'Mandats créés sur la période, par étape actuelle';

const chart = (page: Page, label: string): Locator => page.locator(`[data-testid="chart"][data-chart="${label}"]`);

/** A chart drawn: its canvas shows (ECharts has painted into it; it may add layers for hovering). */
async function expectDrawn(page: Page, label: string) {
  await expect(chart(page, label).getByTestId('chart-canvas').locator('canvas').first()).toBeVisible();
}

/** Opens a chart's export menu and downloads one of its files; returns the file's bytes. */
async function exportChart(page: Page, label: string, item: 'Exporter en PNG' | 'Exporter en CSV'): Promise<Buffer> {
  await chart(page, label).getByRole('button', { name: 'Exporter le graphique' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return readFileSync(await download.path());
}

test('sales analytics: every tab, empty states, drill-through, PNG and CSV exports, home charts', async ({
  page,
  browser,
  signInViaApi,
  checkA11y,
  snap,
}) => {
  test.setTimeout(360_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const session = await signInViaApi(page);

  // Every tab, with the charts of the demo data's last 12 months.
  await page.goto('/analytics');
  await expect(page.getByRole('heading', { level: 1, name: 'Analyses commerciales' })).toBeVisible();
  // An administrator sees every team: both pickers are offered.
  await expect(page.getByRole('combobox', { name: 'Équipe' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Commerciaux' })).toBeVisible();
  for (const [tab, name, label] of TABS) {
    await page.getByRole('tab', { name }).click();
    await expect(page).toHaveURL(new RegExp(`tab=${tab}`));
    await expectDrawn(page, label);
    if (tab === 'marketing') {
      await expectDrawn(page, 'Montant gagné par région');
      await expectDrawn(page, 'Mandats perdus par motif');
    }
    if (tab === 'activite') await expect(page.getByTestId('planning').locator('.fc-timegrid')).toBeVisible();
    if (tab === 'performance') await expect(page.getByTestId('performance-row').first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    // Every chart of the tab drew its figures (the demo data feeds each one): a canvas, no empty state.
    const charts = page.getByTestId('chart');
    for (let i = 0; i < (await charts.count()); i++) {
      const one = charts.nth(i);
      await expect(
        one.getByTestId('chart-canvas').locator('canvas').first(),
        (await one.getAttribute('data-chart')) ?? '',
      ).toBeVisible();
    }
    await snap(page, `sales-analytics-${tab}-1440`);
  }
  await page.getByRole('tab', { name: 'Ventes' }).click();
  await checkA11y(page, 'sales-analytics-ventes', { exclude: ['[data-testid="chart-canvas"]'] });

  // Live update: a colleague's deal won while the hub is open is announced and counted without a reload.
  const wonKpi = page.getByTestId('kpi').filter({ hasText: 'Mandats gagnés' }).getByTestId('kpi-value');
  const wonBefore = Number(((await wonKpi.textContent()) ?? '').replace(/\D/g, ''));
  const open = await page.request.get('/api/v1/mandats', {
    params: { stage: 'negociation', currency: 'EUR', limit: 50 },
  });
  const deal = ((await open.json()) as { items: { id: string; title: string; ownerId: string }[] }).items.find(
    (m) => m.ownerId !== session.user.id,
  );
  expect(deal, 'an open mandate of a colleague in the demo data').toBeTruthy();
  const moved = await page.request.post(`/api/v1/mandats/${deal?.id}/stage`, {
    data: { stage: 'gagne' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  expect(moved.status()).toBe(200);
  await expect(page.getByText(`a gagné «\u202f${deal?.title}\u202f»`)).toBeVisible({ timeout: 40_000 });
  await expect(wonKpi).toHaveText(new RegExp(`^${wonBefore + 1}$`));

  // A range with nothing: every chart says so instead of drawing empty axes.
  await page.goto('/analytics?tab=ventes&from=2001-01-01&to=2001-01-31');
  await expect(chart(page, 'Chiffre d’affaires gagné').getByText('Aucune donnée sur cette période.')).toBeVisible();
  await expect(chart(page, STATUS).getByText('Aucune donnée sur cette période.')).toBeVisible();
  await expect(page.getByTestId('chart-canvas')).toHaveCount(0);

  // The same view as a shared link: the period and the filter come back from the URL.
  await page.goto('/analytics?tab=ventes&kind=distribution');
  await expect(page.getByRole('combobox', { name: 'Type de mandat' })).toHaveValue('Distribution');
  await expectDrawn(page, STATUS);

  // The donut's figures as a table: the won mandates' count, then its drill-through to the list behind it.
  const status = chart(page, STATUS);
  await status.getByRole('switch', { name: 'Voir les données' }).check();
  const wonRow = status.getByTestId('chart-table').getByRole('row', { name: /^Gagné/ });
  const won = Number(((await wonRow.getByRole('cell').nth(1).textContent()) ?? '').replace(/\D/g, ''));
  expect(won).toBeGreaterThan(0);

  // CSV: the same figures, one line per stage.
  const csv = (await exportChart(page, STATUS, 'Exporter en CSV')).toString('utf8');
  expect(csv.startsWith('\uFEFFÉtape,Nombre\r\n')).toBe(true);
  expect(csv).toContain(`\r\nGagné,${won}\r\n`);

  // PNG: the chart at twice its size, framed by its title above and three footer lines (period, filters, who/when).
  await status.getByRole('switch', { name: 'Voir les données' }).uncheck();
  await expectDrawn(page, STATUS);
  const box = await status.getByTestId('chart-canvas').boundingBox();
  const png = await exportChart(page, STATUS, 'Exporter en PNG');
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  expect(Math.abs(width - (2 * Math.round(box?.width ?? 0) + 64))).toBeLessThanOrEqual(2);
  expect(height).toBe(2 * (16 + 28 + 280 + 8 + 3 * 18 + 16));

  // Drill-through: the won mandates created in the period, of the view's kind, counted as the chart counts them.
  await status.getByRole('switch', { name: 'Voir les données' }).check();
  await wonRow.getByRole('link', { name: 'Gagné' }).click();
  await expect(page).toHaveURL(/\/mandats\?mode=list&.*stage=gagne/);
  await expect(page).toHaveURL(/kind=distribution/);
  await expect(page.getByTestId('list-total')).toHaveText(new RegExp(`^${won} résultats?$`));

  // The home page: four charts of the last 12 months, linking to the hub.
  await page.goto('/');
  const home = page.locator('section[aria-labelledby="home-charts"]');
  await expect(home.getByTestId('chart-canvas')).toHaveCount(4);
  for (const canvas of await home.getByTestId('chart-canvas').all())
    await expect(canvas.locator('canvas').first()).toBeVisible();
  await expect(home.getByRole('link', { name: 'Toutes les analyses' })).toHaveAttribute('href', '/analytics');
  await snap(page, 'sales-analytics-home-1440');

  // On a phone: each tab fits the screen.
  const mobile = await phonePage(browser, page);
  for (const [tab, , label] of TABS) {
    await mobile.goto(`/analytics?tab=${tab}`);
    await expectDrawn(mobile, label);
    await mobile.waitForLoadState('networkidle');
    // Against the phone's 390 px, not window.innerWidth: a mobile browser widens its layout viewport to a page too wide.
    const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${tab}: the page is wider than the phone`).toBeLessThanOrEqual(390);
    await snap(mobile, `sales-analytics-${tab}-390`);
  }
  await mobile.context().close();
});

test('sales analytics for a sales person in no team: their own figures, nothing to pick or compare', async ({
  page,
  browser,
  signInViaApi,
  snap,
}) => {
  test.slow(); // shared two-core machine
  const admin = await signInViaApi(page);
  const headers = { 'x-csrf-token': admin.csrfToken };
  const word = `${Date.now()}`;
  const credentials = { email: `seule-${word}@e2e.test`, password: `Lone-Harbour-${word}` };
  const name = `Solène Seule ${word}`;
  const created = await page.request.post('/api/v1/users', { data: { ...credentials, name, role: 'user' }, headers });
  expect(created.status(), await created.text()).toBe(201);
  const user = (await created.json()) as { id: string };
  const orgs = await page.request.get('/api/v1/organisations', { params: { limit: 1 } });
  const [org] = ((await orgs.json()) as { items: { id: string }[] }).items;
  const won = await page.request.post('/api/v1/mandats', {
    data: {
      organisationId: org?.id,
      kind: 'distribution',
      title: `Gain de Solène ${word}`,
      ownerId: user.id,
      amount: 50_000,
      currency: 'EUR',
      stage: 'gagne',
    },
    headers,
  });
  expect(won.status(), await won.text()).toBe(201);

  const context = await browser.newContext({
    baseURL: test.info().project.use.baseURL,
    viewport: { width: 1440, height: 900 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  const mine = await context.newPage();
  await signInViaApi(mine, credentials);
  await mine.goto('/analytics?tab=performance');
  await expect(mine.getByText('sur vos propres dossiers (vous n’êtes dans aucune équipe)')).toBeVisible();
  // The server shows them their own records only: no team, no colleague to pick; the kind of mandate still.
  await expect(mine.getByRole('combobox', { name: 'Type de mandat' })).toBeVisible();
  await expect(mine.getByRole('combobox', { name: 'Équipe' })).toHaveCount(0);
  await expect(mine.getByRole('combobox', { name: 'Commerciaux' })).toHaveCount(0);
  // Their performance alone: key figures, no radar or bars comparing them with themselves.
  const one = mine.getByTestId('performance-one');
  await expect(one).toContainText(`Résultats de ${name} sur la période`);
  await expect(one.getByTestId('kpi').filter({ hasText: 'Gagnés' }).getByTestId('kpi-value')).toHaveText('1');
  await expect(mine.getByTestId('chart')).toHaveCount(0);
  await snap(mine, 'sales-analytics-own-performance-1440');
  await context.close();
});
