import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../../test/factories.ts';
import { type Client, client } from '../../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../../test/test-app.ts';
import { maintenanceTasks } from '../../../maintenance.ts';
import { auditLog } from '../../../platform/audit/audit.schema.ts';
import { newId } from '../../../platform/db/ids.ts';
import { runMaintenance } from '../../../platform/maintenance/maintenance.ts';
import { analyticsEvents, analyticsRecordings } from '../analytics.schema.ts';

/** Consent, the web's settings, session replay storage, my events' export and erasure, retention. */
describe('analytics privacy', () => {
  let t: TestApp;
  let alice: { id: string; c: Client; headers: Record<string, string> };
  let bob: { id: string; c: Client; headers: Record<string, string> };

  const mk = async () => {
    const u = await createUser(t.deps);
    const headers = await sessionHeaders(t.deps, u);
    return { id: u.id, c: client(t.app, headers), headers };
  };
  const auditActions = async (userId: string) =>
    (
      await t.deps.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'user'), eq(auditLog.entityId, userId)))
    ).map((r) => r.action);
  const insertEvents = (userId: string, n: number, occurredAt: Date) =>
    t.deps.database.db.insert(analyticsEvents).values(
      Array.from({ length: n }, (_, i) => ({
        id: newId(),
        event: '$pageview',
        userId,
        distinctId: userId,
        source: 'web',
        occurredAt: new Date(occurredAt.getTime() - i * 1000),
        path: '/people',
        route: '/people',
        properties: { $pathname: '/people' },
      })),
    );

  beforeAll(async () => {
    t = await createTestApp();
    alice = await mk();
    bob = await mk();
  });
  afterAll(async () => t?.close());

  describe('consent', () => {
    it('starts unasked: nothing captured, the web is told to ask', async () => {
      const u = await mk();
      expect((await u.c.get('/api/v1/analytics/consent')).body).toEqual({
        analytics: false,
        replay: false,
        source: null,
        decidedAt: null,
      });
      expect((await u.c.get('/api/v1/analytics/config')).body).toMatchObject({
        enabled: true,
        apiHost: '/ingest',
        token: 'crm',
        distinctId: u.id,
        capture: false,
        record: false,
        askConsent: true,
      });
    });

    it('is set, audited, and the config follows it; replay needs analytics', async () => {
      const bad = await alice.c.put('/api/v1/analytics/consent', { analytics: false, replay: true, source: 'prompt' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('analytics.replay_requires_analytics');
      const ok = await alice.c.put('/api/v1/analytics/consent', { analytics: true, replay: true, source: 'prompt' });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ analytics: true, replay: true, source: 'prompt' });
      expect((await alice.c.get('/api/v1/analytics/config')).body).toMatchObject({
        capture: true,
        record: true,
        askConsent: false,
      });
      const off = await alice.c.put('/api/v1/analytics/consent', { analytics: true, replay: false, source: 'profile' });
      expect(off.body).toMatchObject({ replay: false, source: 'profile' });
      expect((await alice.c.get('/api/v1/analytics/config')).body).toMatchObject({ capture: true, record: false });
      expect((await auditActions(alice.id)).filter((a) => a === 'analytics_consent')).toHaveLength(2);
      const unknown = await alice.c.put('/api/v1/analytics/consent', { analytics: true, replay: false, source: 'x' });
      expect(unknown.status).toBe(400);
    });
  });

  describe('session replay', () => {
    /** posthog-js' `/s/` request: its request queue's array of `$snapshot` events (timestamp mode `body`). */
    const snapshotBody = (sessionId: string) =>
      gzipSync(
        JSON.stringify([
          {
            uuid: newId(),
            event: '$snapshot',
            properties: {
              $snapshot_bytes: 500,
              $snapshot_data: [
                {
                  type: 2,
                  timestamp: 1_700_000_000_000,
                  data: {
                    node: {
                      type: 0,
                      id: 1,
                      childNodes: [
                        {
                          type: 2,
                          id: 2,
                          tagName: 'input',
                          attributes: { value: 'Jean Dupont', 'data-testid': 'first-name' },
                          childNodes: [],
                        },
                        { type: 3, id: 3, textContent: 'Client : Jean Dupont' },
                      ],
                    },
                    initialOffset: { top: 0, left: 0 },
                  },
                },
                {
                  type: 3,
                  timestamp: 1_700_000_001_000,
                  data: { source: 5, id: 2, text: 'Jean Dupont', isChecked: false },
                },
              ],
              $session_id: sessionId,
              $window_id: 'w-1',
              $lib: 'web',
              distinct_id: 'anon',
            },
            offset: 5,
            sent_at: new Date().toISOString(),
          },
        ]),
      );
    const postReplay = (headers: Record<string, string>, sessionId: string) =>
      t.app.inject({
        method: 'POST',
        url: '/ingest/s/?ver=1.449.2',
        payload: snapshotBody(sessionId),
        headers: { ...headers, origin: 'http://localhost:80', 'content-type': 'text/plain' },
      });

    it('is stored masked with replay consent, and only then', async () => {
      await alice.c.put('/api/v1/analytics/consent', { analytics: true, replay: true, source: 'profile' });
      await bob.c.put('/api/v1/analytics/consent', { analytics: true, replay: false, source: 'profile' });
      expect((await postReplay(alice.headers, 's-alice')).statusCode).toBe(200);
      expect((await postReplay(bob.headers, 's-bob')).statusCode).toBe(200);
      const rows = await t.deps.database.db.select().from(analyticsRecordings);
      expect(rows.map((r) => [r.userId, r.sessionId, r.windowId])).toEqual([[alice.id, 's-alice', 'w-1']]);
      const text = JSON.stringify(rows[0]?.data);
      expect(text).not.toMatch(/Jean|Dupont|Client/);
      expect(text).toContain('first-name');
      expect(rows[0]?.firstAt.getTime()).toBe(1_700_000_000_000);
      expect(rows[0]?.lastAt.getTime()).toBe(1_700_000_001_000);
    });
  });

  describe('my events', () => {
    const mine = async (userId: string) => {
      // Server events (consent changes, API errors) are written too: what is queued first.
      await t.deps.analytics.flush();
      return t.deps.database.db.select().from(analyticsEvents).where(eq(analyticsEvents.userId, userId));
    };

    it('are exported page by page, mine only', async () => {
      await insertEvents(alice.id, 5, new Date());
      await insertEvents(bob.id, 2, new Date());
      const expected = (await mine(alice.id)).map((r) => r.id).sort();
      expect(expected.length).toBeGreaterThanOrEqual(5);
      const ids: string[] = [];
      let url = '/api/v1/analytics/me/events/export?limit=3';
      for (let page = 0; page < 20; page++) {
        const res = await alice.c.get(url);
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        expect(res.body.recordings).toBe(1);
        ids.push(...res.body.items.map((e: { id: string }) => e.id));
        if (!res.body.nextCursor) break;
        url = `/api/v1/analytics/me/events/export?limit=3&cursor=${encodeURIComponent(res.body.nextCursor)}`;
      }
      expect(ids.sort()).toEqual(expected);
      const bad = await alice.c.get('/api/v1/analytics/me/events/export?cursor=nope');
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('list.invalid_cursor');
    });

    it('are erased with my recordings (audited), nobody else’s', async () => {
      const count = (await mine(alice.id)).length;
      const bobs = (await mine(bob.id)).length;
      const res = await alice.c.delete('/api/v1/analytics/me/events');
      expect(res.status).toBe(200);
      expect(res.body.events).toBeGreaterThanOrEqual(count);
      expect(res.body.recordings).toBe(1);
      const db = t.deps.database.db;
      expect(await db.select().from(analyticsEvents).where(eq(analyticsEvents.userId, alice.id))).toEqual([]);
      expect(await db.select().from(analyticsRecordings).where(eq(analyticsRecordings.userId, alice.id))).toEqual([]);
      expect((await mine(bob.id)).length).toBeGreaterThanOrEqual(bobs);
      expect(await auditActions(alice.id)).toContain('analytics_events_erased');
    });
  });

  describe('retention (maintenance)', () => {
    it('purges events after ANALYTICS_RETENTION_DAYS and recordings after 30 days', async () => {
      const db = t.deps.database.db;
      const now = t.deps.clock.now();
      const day = 86_400_000;
      await db.delete(analyticsEvents);
      await insertEvents(bob.id, 1, new Date(now.getTime() - 396 * day));
      await insertEvents(bob.id, 1, new Date(now.getTime() - 394 * day));
      await db.insert(analyticsRecordings).values(
        [31, 29].map((age) => ({
          sessionId: `s-${age}`,
          userId: bob.id,
          firstAt: now,
          lastAt: now,
          data: [],
          createdAt: new Date(now.getTime() - age * day),
        })),
      );
      const dry = await runMaintenance(t.deps, maintenanceTasks);
      expect(dry.find((r) => r.name === 'analytics-events')?.affected).toBe(1);
      const results = await runMaintenance(t.deps, maintenanceTasks, { execute: true });
      expect(results.find((r) => r.name === 'analytics-events')).toMatchObject({ affected: 1, note: 'deleted' });
      expect(results.find((r) => r.name === 'analytics-recordings')).toMatchObject({ affected: 1 });
      expect(await db.select().from(analyticsEvents)).toHaveLength(1);
      expect((await db.select().from(analyticsRecordings)).map((r) => r.sessionId)).toEqual(['s-29']);
      // A shorter retention setting purges more.
      const shorter = {
        ...t.deps,
        config: { ...t.deps.config, analytics: { ...t.deps.config.analytics, retentionDays: 30 } },
      };
      await runMaintenance(shorter, maintenanceTasks, { execute: true });
      expect(await db.select().from(analyticsEvents)).toEqual([]);
    });
  });
});
