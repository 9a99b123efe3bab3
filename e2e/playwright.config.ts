import { resolve } from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Browser journeys against the production build of the app (see global-setup.ts). Always Debian's Chromium:
 * `npx playwright install` cannot download browsers here.
 */
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const jsonReport = process.env.E2E_JSON_REPORT
  ? resolve(process.env.INIT_CWD ?? process.cwd(), process.env.E2E_JSON_REPORT)
  : './.output/report.json';

export default defineConfig({
  testDir: './journeys',
  outputDir: './.output/artifacts',
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  workers: 1, // 2-core machines, one embedded database
  fullyParallel: false,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 120_000,
  expect: { timeout: 20_000 },
  globalTimeout: 40 * 60_000, // the whole suite takes 15 to 22 minutes on these 2-core machines
  reporter: [['list'], ['json', { outputFile: jsonReport }]],
  use: {
    // Set by global setup before the workers start (they load this file again and inherit the variable).
    baseURL: process.env.E2E_BASE_URL,
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    // The app honours prefers-reduced-motion (theme.respectReducedMotion): no element is caught half faded in
    // by an accessibility check or a screenshot.
    contextOptions: { reducedMotion: 'reduce' },
    actionTimeout: 20_000,
    navigationTimeout: 45_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    video: 'off',
    launchOptions: {
      executablePath: chromium,
      // Without the background-networking flags Chromium keeps calling home, which floods a closed network.
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
