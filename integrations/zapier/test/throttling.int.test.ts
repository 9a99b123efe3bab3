import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppTester } from 'zapier-platform-core';
import App from '../src/index.ts';
import { type LocalCrm, startLocalCrm } from './local-crm.ts';
import { type ZapierErrorInfo, zapierError } from './zapier-error.ts';

const appTester = createAppTester(App);

describe('the CRM’s rate limit', () => {
  let crm: LocalCrm;

  // A CRM of its own with a tiny per-user budget (the other test files share the default 600 a minute).
  beforeAll(async () => {
    crm = await startLocalCrm({ RATE_LIMIT_API_PER_MIN: '5' });
  });
  afterAll(async () => {
    await crm?.close();
  });

  it('a 429 becomes a ThrottledError carrying the Retry-After, so Zapier retries later', async () => {
    let throttled: ZapierErrorInfo | undefined;
    for (let i = 0; i < 10 && !throttled; i++) {
      try {
        await appTester(App.authentication.test, { authData: crm.authData });
      } catch (err) {
        throttled = await zapierError(Promise.reject(err));
      }
    }
    expect(throttled).toMatchObject({ name: 'ThrottledError' });
    expect(throttled?.message).toMatch(/^The CRM asks to slow down: .+\[rate_limit\.exceeded\]$/);
    expect(throttled?.delay).toBeGreaterThan(0);
    expect(throttled?.delay).toBeLessThanOrEqual(60);
  });
});
