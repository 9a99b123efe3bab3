// What every journey imports instead of @playwright/test:
//
//   import { expect, test } from '../fixtures.ts';
//   test('…', async ({ page, signInViaApi, checkA11y, snap }) => { … });
//
// - Every page of the test's browser context is watched: a console message of type error or an uncaught page
//   error fails the test at its end (all of them listed). A test that expects one declares it:
//   test.use({ allowedConsoleErrors: [/status of 401/] }).
// - checkA11y(page, name): axe-core (WCAG 2 A + AA); fails on serious or critical violations.
// - snap(page, name): full-page PNG in e2e/screenshots/<name>.png.
// - adminCredentials / readAdminCredentials(): the administrator that global setup created.
// - signInViaApi(page): signs in through POST /api/v1/auth/login; the session cookie lands in the browser; a user never
//   asked refuses product analytics through the API (the consent banner stays away), unless { answerConsent: false }.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, test as base, type ConsoleMessage, expect, type Page } from '@playwright/test';
import { readState, SCREENSHOTS_DIR } from './support/paths.ts';

export type { BrowserContext, Locator, Page } from '@playwright/test';
export { expect };

export interface AdminCredentials {
  email: string;
  password: string;
}

/** The reply of POST /api/v1/auth/login. Send `csrfToken` as the x-csrf-token header on API writes. */
export interface ApiSession {
  user: { id: string; email: string; name: string; role: string; teamId: string | null; locale: string };
  csrfToken: string;
  expiresAt: string;
}

export interface A11yOptions {
  /** Only this part of the page (CSS selector). */
  include?: string;
  /** Leave these parts out (CSS selectors), e.g. a third-party widget. */
  exclude?: string[];
  /** axe rule ids not to run; say why next to the call. */
  disableRules?: string[];
  /** More axe tags than WCAG 2 A and AA, e.g. `wcag22aa` for the 24 px touch targets (rule target-size). */
  tags?: string[];
  /**
   * Rule ids of known violations, still run and listed in the report (annotation "a11y-known") but not failing
   * the test; a stale entry is annotated too. Temporary: say which elements and why next to the call.
   */
  knownViolations?: string[];
}

/** Administrator created by global setup (from the workers' environment, else from .output/server-<runner pid>.json). */
export function readAdminCredentials(): AdminCredentials {
  const email = process.env.E2E_ADMIN_EMAIL;
  const password = process.env.E2E_ADMIN_PASSWORD;
  if (email && password) return { email, password };
  const state = readState(process.ppid); // a worker: its parent is the runner that ran global setup
  if (state) return { email: state.adminEmail, password: state.adminPassword };
  throw new Error('no administrator credentials: global setup did not run (E2E_ADMIN_EMAIL / E2E_ADMIN_PASSWORD)');
}

/**
 * Signs in through the API with page.request, which shares the browser context's cookies: the httpOnly session
 * cookie and the readable CSRF cookie land in the browser, so the next page.goto() is signed in. Cookie-
 * authenticated writes (POST/PUT/PATCH/DELETE) need the header `x-csrf-token: <csrfToken>`; the server checks no
 * Origin. Does not go through the sign-in form: journeys that test the form use it instead.
 */
export async function signInViaApi(
  page: Page,
  credentials: AdminCredentials = readAdminCredentials(),
  options: SignInOptions = {},
) {
  const res = await page.request.post('/api/v1/auth/login', {
    data: { email: credentials.email, password: credentials.password },
  });
  if (!res.ok()) {
    throw new Error(`POST /api/v1/auth/login answered ${res.status()}: ${await res.text()}`);
  }
  const session = (await res.json()) as ApiSession;
  const cookies = await page.context().cookies();
  if (!cookies.some((c) => c.name === 'crm_session')) {
    throw new Error('signed in, but the crm_session cookie did not reach the browser context');
  }
  if (options.answerConsent !== false) await refuseAnalyticsIfAsked(page, session);
  return session;
}

/**
 * A user never asked meets the analytics consent banner on first use (docs/ANALYTICS.md, "Web app: capture and
 * consent"): journeys about something else answer it through the API (refusing), as the user would have once.
 */
export async function refuseAnalyticsIfAsked(page: Page, session: ApiSession) {
  const config = await page.request.get('/api/v1/analytics/config');
  if (!config.ok()) throw new Error(`GET /api/v1/analytics/config answered ${config.status()}`);
  if (!((await config.json()) as { askConsent: boolean }).askConsent) return;
  const res = await page.request.put('/api/v1/analytics/consent', {
    data: { analytics: false, replay: false, source: 'prompt' },
    headers: { 'x-csrf-token': session.csrfToken },
  });
  if (!res.ok()) throw new Error(`PUT /api/v1/analytics/consent answered ${res.status()}: ${await res.text()}`);
}

export interface SignInOptions {
  /** false: leave the analytics question unanswered (the consent banner shows); by default it is refused. */
  answerConsent?: boolean;
}

/** Runs axe-core (WCAG 2.0 A and AA) on the page; fails on any serious or critical violation. */
export async function checkA11y(page: Page, name: string, options: A11yOptions = {}): Promise<void> {
  // A colour read mid-transition (opacity fading in) is not the colour the user reads.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', ...(options.tags ?? [])]);
  if (options.include) builder = builder.include(options.include);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const { violations } = await builder.analyze();
  const info = base.info();
  if (violations.length) {
    await info.attach(`axe-${name}.json`, {
      body: JSON.stringify(violations, null, 2),
      contentType: 'application/json',
    });
  }
  const known = new Set(options.knownViolations ?? []);
  const describe = (v: (typeof violations)[number]) => `${v.id} (${v.impact ?? 'n/a'}, ${v.nodes.length} element(s))`;
  const tolerated = violations.filter((v) => known.has(v.id));
  if (tolerated.length) {
    const description = `${name}: ${tolerated.map(describe).join(', ')}`;
    info.annotations.push({ type: 'a11y-known', description });
    console.warn(`[a11y] known violations tolerated on ${description}`);
  }
  const stale = [...known].filter((id) => !violations.some((v) => v.id === id));
  if (stale.length) {
    const description = `${name}: no longer seen, remove from knownViolations: ${stale.join(', ')}`;
    info.annotations.push({ type: 'a11y-known', description });
    console.warn(`[a11y] ${description}`);
  }
  const rest = violations.filter((v) => !known.has(v.id));
  const blocking = rest.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = rest.filter((v) => !blocking.includes(v));
  if (minor.length) info.annotations.push({ type: 'a11y', description: `${name}: ${minor.map(describe).join(', ')}` });
  if (!blocking.length) return;
  const lines = blocking.map((v) => {
    const nodes = v.nodes.slice(0, 10).map((n) => {
      // failureSummary: "Fix any of the following:\n  <first reason>\n  …"
      const reason = n.failureSummary?.split('\n')[1]?.trim() ?? '';
      return `      ${n.target.join(' ')}${reason ? ` — ${reason}` : ''}\n`;
    });
    const more = v.nodes.length > 10 ? `      … and ${v.nodes.length - 10} more\n` : '';
    return `  - [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes.join('')}${more}`;
  });
  throw new Error(`accessibility (${name}, ${page.url()}): ${blocking.length} serious/critical\n${lines.join('')}`);
}

/** Full-page screenshot in e2e/screenshots/<name>.png (also attached to the report); returns its path. */
export async function snap(page: Page, name: string): Promise<string> {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
    throw new Error(`snap: "${name}" is not a plain file name (letters, digits, . _ -)`);
  }
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const path = join(SCREENSHOTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
  await base.info().attach(name, { path, contentType: 'image/png' });
  return path;
}

/**
 * The same signed-in user on a phone: a context of its own (390x844, touch, French, Paris time) with `page`'s cookies.
 * Close it when done (`phone.context().close()`).
 */
export async function phonePage(browser: Browser, page: Page): Promise<Page> {
  const phone = await browser.newContext({
    baseURL: base.info().project.use.baseURL,
    storageState: await page.context().storageState(),
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    reducedMotion: 'reduce',
  });
  return phone.newPage();
}

function describeConsole(msg: ConsoleMessage, page: Page) {
  const { url, lineNumber } = msg.location();
  const where = url ? ` (${url}${lineNumber ? `:${lineNumber}` : ''})` : '';
  return `console.error on ${page.url()}: ${msg.text()}${where}`;
}

interface Fixtures {
  adminCredentials: AdminCredentials;
  signInViaApi: (page: Page, credentials?: AdminCredentials, options?: SignInOptions) => Promise<ApiSession>;
  checkA11y: (page: Page, name: string, options?: A11yOptions) => Promise<void>;
  snap: (page: Page, name: string) => Promise<string>;
  /** Errors collected so far on the context's pages (console errors and uncaught exceptions). */
  pageErrors: string[];
}

interface Options {
  /** Console errors or page errors this test expects (matched against the collected line). */
  allowedConsoleErrors: RegExp[];
}

export const test = base.extend<Fixtures & Options>({
  allowedConsoleErrors: [[], { option: true }],

  pageErrors: [
    async ({ context, allowedConsoleErrors }, use) => {
      const errors: string[] = [];
      const watched = new WeakSet<Page>();
      const record = (line: string) => {
        if (!allowedConsoleErrors.some((re) => re.test(line))) errors.push(line);
      };
      const watch = (page: Page) => {
        if (watched.has(page)) return;
        watched.add(page);
        page.on('console', (msg) => {
          if (msg.type() === 'error') record(describeConsole(msg, page));
        });
        page.on('pageerror', (err) => {
          const stack = err.stack?.split('\n').slice(1, 4).join('\n') ?? '';
          record(`pageerror on ${page.url()}: ${err.name}: ${err.message}${stack ? `\n${stack}` : ''}`);
        });
      };
      for (const page of context.pages()) watch(page);
      context.on('page', watch);
      await use(errors);
      if (errors.length) {
        throw new Error(
          `${errors.length} browser error(s) during the test (allow an expected one with ` +
            `test.use({ allowedConsoleErrors: [/…/] })):\n${errors.map((e) => `  - ${e}`).join('\n')}`,
        );
      }
    },
    { auto: true },
  ],

  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  adminCredentials: async ({}, use) => {
    await use(readAdminCredentials());
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  signInViaApi: async ({}, use) => {
    await use(signInViaApi);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  checkA11y: async ({}, use) => {
    await use(checkA11y);
  },
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads the fixture's dependencies from this pattern
  snap: async ({}, use) => {
    await use(snap);
  },
});
