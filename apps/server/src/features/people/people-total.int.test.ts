import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { EXACT_TOTAL_UP_TO } from '../../platform/db/keyset.ts';
import { people } from './people.schema.ts';

/** Big lists count exactly up to EXACT_TOTAL_UP_TO rows; beyond, the total is the planner's estimate, flagged. */
describe('list totals', () => {
  let t: TestApp;
  let c: Client;
  const many = EXACT_TOTAL_UP_TO + 300;

  beforeAll(async () => {
    t = await createTestApp({ env: { CACHE_ENABLED: 'false' } });
    const team = await createTeam(t.deps);
    const u = await createUser(t.deps, { role: 'user', teamId: team.id });
    c = client(t.app, await sessionHeaders(t.deps, u));
    // Written directly: more rows than the exact count covers, which through the API would take minutes.
    const rows = Array.from({ length: many }, (_, i) => ({
      firstName: 'Nombre',
      lastName: `Compte${i}`,
      countryCode: i < 40 ? 'LU' : 'FR',
      ownerId: u.id,
      teamId: team.id,
    }));
    for (let i = 0; i < rows.length; i += 500) await t.deps.database.db.insert(people).values(rows.slice(i, i + 500));
    await t.deps.database.db.execute(sql`analyze people`);
  }, 120_000);
  afterAll(async () => t?.close());

  it('flags an estimated total above the exact-count limit, never below it', async () => {
    const all = await c.get('/api/v1/people?limit=25');
    expect(all.status).toBe(200);
    expect(all.body.items).toHaveLength(25);
    expect(all.body.totalIsEstimate).toBe(true);
    expect(all.body.total).toBeGreaterThan(EXACT_TOTAL_UP_TO);
    // The estimate is the planner's: near the truth after ANALYZE.
    expect(all.body.total).toBeGreaterThan(many * 0.5);
    expect(all.body.total).toBeLessThan(many * 2);
  });

  it('counts exactly when the filters leave fewer rows', async () => {
    const few = await c.get('/api/v1/people?limit=25&countryCode=LU');
    expect(few.status).toBe(200);
    expect(few.body.total).toBe(40);
    expect(few.body.totalIsEstimate).toBeUndefined();
  });
});
