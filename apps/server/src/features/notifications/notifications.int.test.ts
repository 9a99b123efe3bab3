import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { systemCtx } from '../../platform/context.ts';
import { withTx } from '../../platform/db/tx.ts';
import type { NotifyInput } from './notifications.contracts.ts';
import { notifications } from './notifications.schema.ts';
import { notify } from './notifications.service.ts';

describe('notifications API', () => {
  let t: TestApp;
  let alice: { id: string; c: Client };
  let bob: { id: string; c: Client };
  let viewer: { id: string; c: Client };

  const send = async (input: NotifyInput) => {
    const n = await withTx(systemCtx(t.deps), (tx) => notify(tx, input));
    if (!n) throw new Error('notify inserted nothing');
    return n;
  };
  const titles = (r: { body: { items: { title: string }[] } }) => r.body.items.map((n) => n.title);
  const auditActions = async (entityId: string) =>
    (
      await t.deps.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'notification'), eq(auditLog.entityId, entityId)))
    ).map((r) => r.action);

  beforeAll(async () => {
    t = await createTestApp();
    const mk = async (role: 'user' | 'viewer') => {
      const u = await createUser(t.deps, { role });
      return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
    };
    alice = await mk('user');
    bob = await mk('user');
    viewer = await mk('viewer');
  });
  afterAll(async () => t?.close());

  it('notify() writes in the caller’s transaction: rolled back with it', async () => {
    const failing = withTx(systemCtx(t.deps), async (tx) => {
      await notify(tx, { userId: alice.id, type: 'task.assigned', title: 'Rolled back' });
      throw new Error('the change failed');
    });
    await expect(failing).rejects.toThrow('the change failed');
    const rows = await t.deps.database.db.select().from(notifications).where(eq(notifications.userId, alice.id));
    expect(rows).toEqual([]);
  });

  it('lists only my notifications, newest first, paged, with my unread count and the unread filter', async () => {
    for (const title of ['Un', 'Deux', 'Trois']) {
      await send({
        userId: alice.id,
        type: 'task.assigned',
        title,
        data: { taskId: '0199b0a4-0000-7000-8000-000000000000' },
      });
    }
    await send({ userId: bob.id, type: 'task.assigned', title: 'Pour Bob', body: 'Relancer Acme' });

    const all = await alice.c.get('/api/v1/notifications');
    expect(all.status).toBe(200);
    expect(titles(all)).toEqual(['Trois', 'Deux', 'Un']);
    expect(all.body).toMatchObject({ total: 3, unreadCount: 3, nextCursor: null });
    expect(all.body.items[0]).toEqual({
      id: expect.any(String),
      type: 'task.assigned',
      title: 'Trois',
      body: null,
      data: { taskId: '0199b0a4-0000-7000-8000-000000000000' },
      readAt: null,
      createdAt: expect.any(String),
    });

    const page1 = await alice.c.get('/api/v1/notifications?limit=2');
    expect(titles(page1)).toEqual(['Trois', 'Deux']);
    const page2 = await alice.c.get(`/api/v1/notifications?limit=2&cursor=${page1.body.nextCursor}`);
    expect(titles(page2)).toEqual(['Un']);
    expect(page2.body.nextCursor).toBeNull();

    const bobs = await bob.c.get('/api/v1/notifications');
    expect(titles(bobs)).toEqual(['Pour Bob']);
    expect(bobs.body.items[0].body).toBe('Relancer Acme');

    const un = all.body.items.find((n: { title: string }) => n.title === 'Un');
    expect((await alice.c.post(`/api/v1/notifications/${un.id}/read`)).status).toBe(200);
    const unread = await alice.c.get('/api/v1/notifications?unread=true');
    expect(titles(unread)).toEqual(['Trois', 'Deux']);
    expect(unread.body).toMatchObject({ total: 2, unreadCount: 2 });
    const read = await alice.c.get('/api/v1/notifications?unread=false');
    expect(titles(read)).toEqual(['Un']);
    expect(read.body.unreadCount).toBe(2);
    expect((await alice.c.get('/api/v1/notifications?unread=yes')).status).toBe(400);
  });

  it('marks one read once (audited once), and answers 404 for someone else’s', async () => {
    const n = await send({ userId: alice.id, type: 'deal.won', title: 'Gagné' });
    expect((await bob.c.post(`/api/v1/notifications/${n.id}/read`)).status).toBe(404);
    const notMine = await bob.c.post(`/api/v1/notifications/${n.id}/read`);
    expect(notMine.body.code).toBe('notification.not_found');
    expect(notMine.headers['content-type']).toMatch(/application\/problem\+json/);

    const first = await alice.c.post(`/api/v1/notifications/${n.id}/read`);
    expect(first.status).toBe(200);
    expect(first.body.readAt).not.toBeNull();
    const again = await alice.c.post(`/api/v1/notifications/${n.id}/read`);
    expect(again.body.readAt).toBe(first.body.readAt);
    expect(await auditActions(n.id)).toEqual(['read']);
    expect((await alice.c.post('/api/v1/notifications/not-a-uuid/read')).status).toBe(400);
  });

  it('marks all mine read and leaves the others’ alone', async () => {
    await send({ userId: alice.id, type: 'x', title: 'Encore' });
    const res = await alice.c.post('/api/v1/notifications/read-all');
    expect(res.status).toBe(200);
    expect(res.body.updated).toBeGreaterThanOrEqual(1);
    expect((await alice.c.get('/api/v1/notifications')).body.unreadCount).toBe(0);
    expect((await alice.c.post('/api/v1/notifications/read-all')).body).toEqual({ updated: 0 });
    expect((await bob.c.get('/api/v1/notifications')).body.unreadCount).toBe(1);
    const audits = await t.deps.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'notification'), eq(auditLog.action, 'read_all')));
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actorUserId: alice.id, metadata: { count: res.body.updated } });
  });

  it('deletes mine (audited); someone else’s answers 404 and stays', async () => {
    const n = await send({ userId: bob.id, type: 'x', title: 'À supprimer' });
    expect((await alice.c.delete(`/api/v1/notifications/${n.id}`)).status).toBe(404);
    expect((await bob.c.delete(`/api/v1/notifications/${n.id}`)).status).toBe(204);
    expect((await bob.c.delete(`/api/v1/notifications/${n.id}`)).status).toBe(404);
    expect(titles(await bob.c.get('/api/v1/notifications'))).not.toContain('À supprimer');
    expect(await auditActions(n.id)).toEqual(['delete']);
  });

  it('lets a viewer read, mark and delete their own; refuses the anonymous', async () => {
    const a = await send({ userId: viewer.id, type: 'x', title: 'Lecture seule A' });
    const b = await send({ userId: viewer.id, type: 'x', title: 'Lecture seule B' });
    expect((await viewer.c.get('/api/v1/notifications')).body.unreadCount).toBe(2);
    expect((await viewer.c.post(`/api/v1/notifications/${a.id}/read`)).status).toBe(200);
    expect((await viewer.c.post('/api/v1/notifications/read-all')).body).toEqual({ updated: 1 });
    expect((await viewer.c.delete(`/api/v1/notifications/${b.id}`)).status).toBe(204);
    const anon = client(t.app);
    expect((await anon.get('/api/v1/notifications')).status).toBe(401);
    expect((await anon.post('/api/v1/notifications/read-all')).status).toBe(401);
  });
});
