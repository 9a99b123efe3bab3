import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { runMaintenance, vacuumTask } from '../../platform/maintenance/maintenance.ts';
import { people } from './people.schema.ts';

/**
 * Lists count exactly up to 1,000 rows, then show the query planner's estimate (platform/db/keyset.ts). On the embedded
 * database nothing gathered statistics (no autovacuum), and 2,000 contacts read "1 001" on the list and the home page.
 */
describe('totals beyond 1,000 rows', () => {
  let t: TestApp;
  let admin: Client;
  const ROWS = 2_000;

  beforeAll(async () => {
    t = await createTestApp({ env: { CACHE_ENABLED: 'false' } });
    admin = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'admin' })));
    // Written directly: the volume is what matters here, and through the API it would take minutes.
    const rows = Array.from({ length: ROWS }, (_, i) => ({ firstName: 'Total', lastName: `Ligne${i}` }));
    for (let i = 0; i < rows.length; i += 500) await t.deps.database.db.insert(people).values(rows.slice(i, i + 500));
  }, 120_000);
  afterAll(async () => t?.close());

  const totals = async () => {
    const list = await admin.get('/api/v1/people?limit=1');
    expect(list.status).toBe(200);
    const home = await admin.get('/api/v1/home');
    expect(home.status).toBe(200);
    return { list: list.body, figures: home.body.figures };
  };

  it('never shows an estimate as an exact figure: the list and the home page flag it', async () => {
    const { list, figures } = await totals();
    expect(list.total).toBeGreaterThan(1_000);
    expect(list.totalIsEstimate).toBe(true);
    expect(figures.people).toBe(list.total);
    expect(figures.peopleIsEstimate).toBe(true);
    // A table under 1,000 rows is counted exactly.
    expect(figures.organisationsIsEstimate).toBe(false);
  });

  it('after the maintenance ANALYZE (on the embedded database too), the estimate is close to the real count', async () => {
    const results = await runMaintenance(t.deps, [vacuumTask], { execute: true });
    expect(results).toEqual([{ name: 'vacuum-analyze', affected: 0, note: 'done' }]);
    const { list, figures } = await totals();
    expect(list.totalIsEstimate).toBe(true);
    expect(list.total).toBeGreaterThanOrEqual(ROWS * 0.9);
    expect(list.total).toBeLessThanOrEqual(ROWS * 1.1);
    expect(figures).toMatchObject({ people: list.total, peopleIsEstimate: true });
  });
});
