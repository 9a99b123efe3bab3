import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
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
 * `?ids=` on the six lists and their exports: only the named rows, AND the other filters, AND the caller's
 * scope. Each entity gets three rows of team A (the third one matching `filter`) and one of team B.
 */
interface Entity {
  path: string;
  /** Creates a row owned by `c`; `matching` rows satisfy `filter`. */
  create(c: Caller, matching: boolean): Promise<string>;
  filter: string;
  /** Produits are a shared catalogue: nobody is out of scope. */
  scoped: boolean;
}

describe('list and export selection (?ids=)', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof twoTeams>>;
  let orgA: string;
  let orgB: string;
  const rows = new Map<string, { a: string[]; b: string }>();

  const id = async (record: Promise<{ id: string }>) => (await record).id;
  const entities: Entity[] = [
    {
      path: 'organisations',
      create: (c, m) => id(createOrganisation(c.c, { category: m ? 'SDG' : 'CGPI' })),
      filter: 'category=SDG',
      scoped: true,
    },
    {
      path: 'people',
      create: (c, m) => id(createPerson(c.c, { language: m ? 'en' : 'fr' })),
      filter: 'language=en',
      scoped: true,
    },
    {
      path: 'mandats',
      create: (c, m) =>
        id(
          createMandat(c.c, { kind: m ? 'placement' : 'distribution', organisationId: c === who.userB ? orgB : orgA }),
        ),
      filter: 'kind=placement',
      scoped: true,
    },
    {
      path: 'produits',
      // The catalogue is edited by admins and managers, whoever `c` is.
      create: (_c, m) => id(createProduit(who.admin.c, { type: m ? 'ETF' : 'SICAV' })),
      filter: 'type=ETF',
      scoped: false,
    },
    {
      path: 'interactions',
      create: (c, m) =>
        id(
          createInteraction(c.c, {
            type: m ? 'email' : 'appel',
            occurredAt: '2025-03-10T09:30:00Z',
            organisationId: c === who.userB ? orgB : orgA,
          }),
        ),
      filter: 'type=email',
      scoped: true,
    },
    {
      path: 'tasks',
      create: (c, m) => id(createTask(c.c, { priority: m ? 'critique' : 'basse' })),
      filter: 'priority=critique',
      scoped: true,
    },
  ];

  beforeAll(async () => {
    // Twelve exports here: above the `expensive` group's 10 a minute.
    t = await createTestApp({ env: { RATE_LIMIT_EXPENSIVE_PER_MIN: '1000' } });
    who = await twoTeams(t);
    orgA = (await createOrganisation(who.userA.c, { name: 'Selection A' })).id;
    orgB = (await createOrganisation(who.userB.c, { name: 'Selection B' })).id;
    for (const e of entities) {
      const a = [await e.create(who.userA, false), await e.create(who.userA, false), await e.create(who.userA, true)];
      rows.set(e.path, { a, b: await e.create(who.userB, false) });
    }
  });
  afterAll(async () => t?.close());

  const sorted = (ids: string[]) => [...ids].sort();

  describe.each(entities)('$path', (e) => {
    it('lists only the selected rows the caller may see, combined with the other filters', async () => {
      const { a, b } = rows.get(e.path)!;
      const [a0, , a2] = a as [string, string, string];
      const chosen = [a0, a2, b];
      const res = await who.userA.c.get(`/api/v1/${e.path}?ids=${chosen.join(',')}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const expected = e.scoped ? [a0, a2] : chosen;
      expect(sorted(res.body.items.map((x: { id: string }) => x.id))).toEqual(sorted(expected));
      expect(res.body.total).toBe(expected.length);

      const both = await who.userA.c.get(`/api/v1/${e.path}?ids=${chosen.join(',')}&${e.filter}`);
      expect(both.body.items.map((x: { id: string }) => x.id)).toEqual([a2]);
    });

    it('exports exactly the selected rows in scope', async () => {
      const { a, b } = rows.get(e.path)!;
      const res = await who.userA.c.get(`/api/v1/${e.path}/export?format=csv&ids=${a[1]},${b}`);
      expect(res.status).toBe(200);
      const records: string[][] = parse(res.raw.body.replace(/^\uFEFF/, ''));
      const idCol = records[0]!.indexOf('ID');
      expect(idCol).toBeGreaterThanOrEqual(0);
      expect(sorted(records.slice(1).map((r) => r[idCol]!))).toEqual(sorted(e.scoped ? [a[1]!] : [a[1]!, b]));
    });

    it('refuses a malformed id or too many ids with a 400 naming the field', async () => {
      const bad = await who.userA.c.get(`/api/v1/${e.path}?ids=${rows.get(e.path)!.a[0]},not-a-uuid`);
      expect(bad.status).toBe(400);
      expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(bad.body.code).toBe('request.validation');
      expect(bad.body.errors[0].path).toMatch(/^querystring\.ids/);
      const exportBad = await who.userA.c.get(`/api/v1/${e.path}/export?ids=123`);
      expect(exportBad.status).toBe(400);
      expect(exportBad.body.errors[0].path).toMatch(/^querystring\.ids/);
    });
  });

  it('accepts up to 500 ids, refuses 501', async () => {
    const many: string[] = Array.from({ length: 500 }, () => randomUUID());
    many[0] = rows.get('tasks')!.a[0]!;
    const ok = await who.userA.c.get(`/api/v1/tasks?ids=${many.join(',')}`);
    expect(ok.status).toBe(200);
    expect(ok.body.items.map((x: { id: string }) => x.id)).toEqual([many[0]]);
    const tooMany = await who.userA.c.get(`/api/v1/tasks?ids=${[...many, randomUUID()].join(',')}`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors[0].path).toBe('querystring.ids');
  });

  it('serves 500 url-encoded ids over a real HTTP connection (request line above Node’s 16 KiB default)', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const ids = Array.from({ length: 500 }, () => randomUUID());
    const url = `${address}/api/v1/tasks?${new URLSearchParams({ ids: ids.join(',') })}`;
    expect(url.length).toBeGreaterThan(16 * 1024);
    const res = await fetch(url, { headers: who.userA.headers });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { total: number }).total).toBe(0);
  });
});
