import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createMandat,
  createOrganisation,
  createPerson,
  createProduit,
  createTask,
  twoTeams,
} from './factories.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * Every sort key of every list, both directions, paged 4 rows at a time over rows whose values are mostly equal (or
 * null): the pages, end to end, are the one-page answer, with no row twice and none missing (keyset on (value, id)).
 * The keys are read from the list's own 400 `list.invalid_sort`, so a key added later is covered at once.
 */
const LISTS = ['people', 'organisations', 'mandats', 'tasks', 'interactions', 'produits'] as const;
const ROWS = 11;

describe('sorting every list on every sortable key, paged', () => {
  let t: TestApp;
  let s: Awaited<ReturnType<typeof twoTeams>>;

  beforeAll(async () => {
    // A few hundred list calls within the minute: above the API's default budget per user.
    t = await createTestApp({ env: { RATE_LIMIT_API_PER_MIN: '100000' } });
    s = await twoTeams(t);
    const org = await createOrganisation(s.userA.c, { city: 'Lyon' });
    for (let i = 0; i < ROWS; i++) {
      // Two values at most per column, many rows without one: ties everywhere.
      const odd = i % 2 === 1;
      const owner = odd ? { ownerId: s.userA2.id } : {};
      await createPerson(s.managerA.c, {
        lastName: 'Pareil',
        firstName: 'Même',
        ...(odd ? { jobTitle: 'Associé', countryCode: 'BE', source: 'salon' } : {}),
        ...owner,
      });
      await createOrganisation(s.managerA.c, { ...(odd ? { city: 'Paris', tier: 2, tags: ['x'] } : {}), ...owner });
      await createMandat(s.managerA.c, {
        organisationId: org.id,
        title: 'Même mandat',
        ...(odd ? { amount: '10' } : {}),
        ...owner,
      });
      await createTask(s.managerA.c, { title: 'Même tâche', ...(odd ? { category: 'rdv', priority: 'haute' } : {}) });
      await createInteraction(s.managerA.c, {
        organisationId: org.id,
        title: 'Même appel',
        occurredAt: '2026-01-01T10:00:00Z',
      });
      await createProduit(s.managerA.c, { name: 'Même fonds', ...(odd ? { sriRisk: 3, currency: 'USD' } : {}) });
    }
  });
  afterAll(async () => t?.close());

  /** The keys a list may be sorted by, from its refusal of an unknown one. */
  async function sortKeys(path: string): Promise<string[]> {
    const r = await s.managerA.c.get(`/api/v1/${path}?sort=noSuchField`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('list.invalid_sort');
    const keys = /sortable fields: (.+)$/.exec(r.body.detail as string)?.[1]?.split(', ') ?? [];
    expect(keys.length).toBeGreaterThan(1);
    return keys;
  }

  for (const path of LISTS) {
    it(`${path}: every key, ascending and descending, pages of 4 = one page`, async () => {
      const keys = await sortKeys(path);
      for (const key of keys) {
        for (const sort of [key, `-${key}`]) {
          const all = await s.managerA.c.get(`/api/v1/${path}?sort=${sort}&limit=200`);
          expect(all.status, `${path} ?sort=${sort}: ${JSON.stringify(all.body)}`).toBe(200);
          const expected = (all.body.items as { id: string }[]).map((r) => r.id);
          expect(expected.length).toBeGreaterThanOrEqual(ROWS);
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const url = `/api/v1/${path}?sort=${sort}&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
            const page = await s.managerA.c.get(url);
            expect(page.status, `${url}: ${JSON.stringify(page.body)}`).toBe(200);
            seen.push(...(page.body.items as { id: string }[]).map((r) => r.id));
            cursor = page.body.nextCursor;
          } while (cursor && seen.length <= expected.length);
          expect(seen, `${path} ?sort=${sort}`).toEqual(expected);
        }
      }
    });
  }

  it('an unknown sort field is 400 list.invalid_sort naming the parameter, never a 500', async () => {
    const r = await s.userA.c.get('/api/v1/people?sort=-colour');
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('list.invalid_sort');
    expect(r.body.errors[0]).toMatchObject({ path: 'querystring.sort', code: 'invalid_sort' });
    const badSyntax = await s.userA.c.get('/api/v1/people?sort=last_name');
    expect(badSyntax.status).toBe(400);
  });
});
