import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMandat,
  createOrganisation,
  createPerson,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { TestRedisServer } from '../../../test/redis-server.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { dataAccessLog } from '../../platform/audit/data-access.schema.ts';
import type { RedisCache } from '../../platform/cache/redis-cache.ts';

type Who = { id: string; c: Client };

/** Everyone the tests need: a manager of team A, a user of team B, a user of team A, an admin. */
async function people(t: TestApp) {
  const teamA = await createTeam(t.deps);
  const teamB = await createTeam(t.deps);
  const mk = async (role: 'admin' | 'manager' | 'user', teamId: string | null): Promise<Who> => {
    const u = await createUser(t.deps, { role, teamId });
    return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
  };
  return {
    mk,
    teamA,
    teamB,
    managerA: await mk('manager', teamA.id),
    userB: await mk('user', teamB.id),
    userA: await mk('user', teamA.id),
    admin: await mk('admin', null),
  };
}

const names = (r: { body: { items: { lastName: string }[] } }) => r.body.items.map((p) => p.lastName).sort();
const newPerson = (who: Who, lastName: string) => createPerson(who.c, { firstName: 'Test', lastName });

describe('read cache (in-process store)', () => {
  let t: TestApp;
  let u: Awaited<ReturnType<typeof people>>;
  beforeAll(async () => {
    t = await createTestApp();
    u = await people(t);
    await newPerson(u.managerA, 'Alpha');
    await newPerson(u.userB, 'Bravo');
  });
  afterAll(async () => t?.close());

  it('keys entries by visibility scope: a manager and a user never see each other’s cached list', async () => {
    const url = '/api/v1/people?sort=lastName&limit=50';
    const m1 = await u.managerA.c.get(url);
    expect(m1.headers['x-cache']).toBe('miss');
    expect(names(m1)).toEqual(['Alpha']);
    const b1 = await u.userB.c.get(url);
    expect(b1.headers['x-cache']).toBe('miss'); // not the manager's entry
    expect(names(b1)).toEqual(['Bravo']);
    const m2 = await u.managerA.c.get(url);
    const b2 = await u.userB.c.get(url);
    expect([m2.headers['x-cache'], b2.headers['x-cache']]).toEqual(['hit', 'hit']);
    expect(names(m2)).toEqual(['Alpha']);
    expect(names(b2)).toEqual(['Bravo']);
    // Same question, parameters in another order: the same entry.
    expect((await u.managerA.c.get('/api/v1/people?limit=50&sort=lastName')).headers['x-cache']).toBe('hit');
    // An admin sees everything, under an entry of their own.
    const a = await u.admin.c.get(url);
    expect(a.headers['x-cache']).toBe('miss');
    expect(names(a)).toEqual(expect.arrayContaining(['Alpha', 'Bravo']));
  });

  it('lets the members of a team who own nothing outside it share entries, and no one else', async () => {
    const url = '/api/v1/people?sort=lastName&limit=40&isActive=true';
    const m = await u.managerA.c.get(url);
    expect(m.headers['x-cache']).toBe('miss');
    // A user of the same team sees exactly the same rows: the manager's entry, not a second copy.
    const a = await u.userA.c.get(url);
    expect(a.headers['x-cache']).toBe('hit');
    expect(a.body).toEqual(m.body);
    expect((await u.userB.c.get(url)).headers['x-cache']).toBe('miss');

    // A user moved from team A to team B keeps owning a contact of team A: they see it and team B's rows, which
    // is neither team's list, so they get entries of their own and never the team's.
    const mover = await u.mk('user', u.teamA.id);
    await newPerson(mover, 'Delta');
    const before = await u.userB.c.get(url);
    expect(before.headers['x-cache']).toBe('hit');
    expect(names(before)).not.toContain('Delta');
    expect((await u.admin.c.patch(`/api/v1/users/${mover.id}`, { teamId: u.teamB.id })).status).toBe(200);
    const own = await mover.c.get(url);
    expect(own.headers['x-cache']).toBe('miss');
    expect(names(own)).toEqual(expect.arrayContaining(['Bravo', 'Delta']));
    expect(names(own)).not.toContain('Alpha');
    const again = await u.userB.c.get(url);
    expect(again.headers['x-cache']).toBe('hit');
    expect(names(again)).not.toContain('Delta');

    // Their old contact handed over to team A's manager: a change of owner evicts every people list, and the mover
    // now sees team B's rows alone. (They keep entries of their own until a write touches one of their rows: the
    // event names the new owner, not the previous one, so the memo of who is confined errs on the private side.)
    const delta = (await u.admin.c.get('/api/v1/people?q=Delta')).body.items[0] as { id: string };
    const handed = await u.admin.c.patch(`/api/v1/people/${delta.id}`, { ownerId: u.managerA.id });
    expect(handed.status, JSON.stringify(handed.body)).toBe(200);
    const after = await mover.c.get(url);
    expect(after.headers['x-cache']).toBe('miss');
    expect(names(after)).toEqual(names(again));
    expect(names(await u.managerA.c.get(url))).toContain('Delta');
  });

  it('evicts on the writes that make an entry stale, and only those: a write is visible on the next read', async () => {
    const url = '/api/v1/people?sort=-lastName&limit=50';
    await u.userB.c.get(url);
    await u.managerA.c.get(url);
    expect((await u.userB.c.get(url)).headers['x-cache']).toBe('hit');

    // Team A writes: team B's list cannot show it and stays cached; team A's is evicted.
    const charlie = await newPerson(u.userA, 'Charlie');
    expect((await u.userB.c.get(url)).headers['x-cache']).toBe('hit');
    const m = await u.managerA.c.get(url);
    expect(m.headers['x-cache']).toBe('miss');
    expect(names(m)).toContain('Charlie');

    // A detail, then an update of it: the next read has the new value.
    const path = `/api/v1/people/${charlie.id}`;
    await u.managerA.c.get(path);
    expect((await u.managerA.c.get(path)).headers['x-cache']).toBe('hit');
    expect((await u.userA.c.patch(path, { jobTitle: 'Directrice' })).status).toBe(200);
    const fresh = await u.managerA.c.get(path);
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(fresh.body.jobTitle).toBe('Directrice');

    // A deletion: the list no longer shows it, the detail is a 404 (never cached).
    expect((await u.userA.c.delete(path)).status).toBe(204);
    expect((await u.managerA.c.get(path)).status).toBe(404);
    expect(names(await u.managerA.c.get(url))).not.toContain('Charlie');
  });

  it('a mandate won updates the cached pipeline at once', async () => {
    const org = await createOrganisation(u.userA.c, { name: 'Cache Gestion' });
    const mandat = await createMandat(u.userA.c, {
      organisationId: org.id,
      title: 'Mandat en cache',
      amount: '1000000',
    });
    const won = async () => {
      const r = await u.managerA.c.get('/api/v1/mandats/pipeline');
      return {
        cache: r.headers['x-cache'],
        count: r.body.stages.find((s: { stage: string }) => s.stage === 'gagne').count,
      };
    };
    const before = await won();
    expect((await won()).cache).toBe('hit');
    expect((await u.userA.c.post(`/api/v1/mandats/${mandat.id}/stage`, { stage: 'gagne' })).status).toBe(200);
    expect(await won()).toEqual({ cache: 'miss', count: before.count + 1 });
  });

  it('still writes the RGPD read log when a person is served from the cache', async () => {
    const p = await newPerson(u.userA, 'Delta');
    const reads = async () =>
      (
        await t.deps.database.db
          .select()
          .from(dataAccessLog)
          .where(and(eq(dataAccessLog.subjectId, p.id), eq(dataAccessLog.action, 'read')))
      ).length;
    await u.userA.c.get(`/api/v1/people/${p.id}`);
    const hit = await u.userA.c.get(`/api/v1/people/${p.id}`);
    expect(hit.headers['x-cache']).toBe('hit');
    expect(await reads()).toBe(2);
  });

  it('counts hits and misses per namespace', async () => {
    const s = await t.deps.cache.stats();
    expect(s.namespaces.people?.hits).toBeGreaterThan(0);
    expect(s.namespaces.people?.misses).toBeGreaterThan(0);
    expect(s.namespaces.mandats?.hits).toBeGreaterThan(0);
    expect(s.hits + s.misses).toBeGreaterThan(0);
  });

  it('never caches an error: a 404 or a 400 is asked again', async () => {
    const missing = '/api/v1/organisations/01a20000-0000-7000-8000-000000000000';
    expect((await u.userA.c.get(missing)).status).toBe(404);
    const again = await u.userA.c.get(missing);
    expect(again.status).toBe(404);
    expect(again.headers['x-cache']).toBe('miss');
    expect((await u.userA.c.get('/api/v1/people?limit=5000')).status).toBe(400);
  });
});

describe('read cache on Redis that stops or freezes', () => {
  let t: TestApp;
  let redis: TestRedisServer;
  let u: Awaited<ReturnType<typeof people>>;
  const url = '/api/v1/organisations?limit=20&sort=name';
  /**
   * Not a speed check: a stopped or frozen Redis never answers, so a read that waited for it would last until the
   * thaw. The bound (50 command timeouts, database query included) only tells "bounded" from "waiting", even on a
   * loaded machine.
   */
  const BOUNDED_MS = 5_000;
  const timed = async (c: Client, path: string) => {
    const t0 = Date.now();
    const r = await c.get(path);
    return { r, ms: Date.now() - t0 };
  };

  beforeAll(async () => {
    redis = await TestRedisServer.start();
    t = await createTestApp({ env: { REDIS_URL: redis.url, REDIS_COMMAND_TIMEOUT_MS: '100' } });
    u = await people(t);
    expect(await (t.deps.cache as RedisCache).waitUntilReady(10_000)).toBe(true);
  });
  afterAll(async () => {
    await t?.close();
    await redis?.stop();
  });

  it('answers from the database while Redis is stopped, without waiting, and caches again once it is back', async () => {
    await u.userA.c.get(url);
    expect((await u.userA.c.get(url)).headers['x-cache']).toBe('hit');
    await redis.stop();
    for (let i = 0; i < 3; i++) {
      const { r, ms } = await timed(u.userA.c, url);
      expect(r.status).toBe(200);
      expect(r.headers['x-cache']).toBeUndefined(); // not looked up: the store is down
      expect(ms).toBeLessThan(BOUNDED_MS);
    }
    await redis.start();
    let back = '';
    for (let i = 0; i < 50 && back !== 'hit'; i++) {
      back = String((await u.userA.c.get(url)).headers['x-cache'] ?? '');
      if (back !== 'hit') await new Promise((r) => setTimeout(r, 100));
    }
    expect(back).toBe('hit');
  }, 30_000);

  it('answers within the command timeout while Redis is frozen, and a write made meanwhile is seen after the thaw', async () => {
    const org = await createOrganisation(u.userA.c, { name: 'Avant le gel' });
    const path = `/api/v1/organisations/${org.id}`;
    await u.userA.c.get(path);
    expect((await u.userA.c.get(path)).headers['x-cache']).toBe('hit');
    redis.freeze();
    try {
      const { r, ms } = await timed(u.userA.c, path);
      expect(r.status).toBe(200);
      expect(ms).toBeLessThan(BOUNDED_MS);
      // The eviction of this write cannot reach Redis: the cached entry is still there, under the old version.
      expect((await u.userA.c.patch(path, { name: 'Après le gel' })).status).toBe(200);
    } finally {
      redis.thaw();
    }
    const after = await u.userA.c.get(path);
    expect(after.status).toBe(200);
    expect(after.body.name).toBe('Après le gel');
  }, 30_000);
});
