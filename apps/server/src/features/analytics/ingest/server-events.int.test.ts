import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginViaApi } from '../../../../test/auth-helpers.ts';
import { createPerson, createUser, sessionHeaders } from '../../../../test/factories.ts';
import { type Client, client } from '../../../../test/http.ts';
import { createTestApp, type TestApp, waitFor } from '../../../../test/test-app.ts';
import type { JobContext } from '../../../platform/jobs/define-job.ts';
import { analyticsEvents } from '../analytics.schema.ts';
import { analyticsFromDomainEvents, derivedUuid } from './domain-events.ts';

/**
 * Server business events: posthog-node (the real npm client) sends them through its `fetch` option into the same
 * ingestion as the web's, in this process; they come from the domain events (an outbox handler), the error handler and
 * a few services, and are stored only for users who consented.
 */
describe('server business events through posthog-node', () => {
  let t: TestApp;
  let yes: { id: string; c: Client; email: string; password: string };
  let no: { id: string; c: Client };

  const eventsOf = async (userId: string, event: string) => {
    await t.deps.analytics.flush();
    return t.deps.database.db
      .select()
      .from(analyticsEvents)
      .where(and(eq(analyticsEvents.userId, userId), eq(analyticsEvents.event, event)));
  };
  const eventually = (userId: string, event: string) =>
    waitFor(async () => {
      const rows = await eventsOf(userId, event);
      return rows.length ? rows : null;
    });

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    const mk = async (analytics: boolean) => {
      const u = await createUser(t.deps);
      const c = client(t.app, await sessionHeaders(t.deps, u));
      expect((await c.put('/api/v1/analytics/consent', { analytics, replay: false, source: 'profile' })).status).toBe(
        200,
      );
      return { id: u.id, c, email: u.email, password: u.password };
    };
    yes = await mk(true);
    no = await mk(false);
  });
  afterAll(async () => t?.close());

  it('a direct capture goes through posthog-node into our table', async () => {
    const personId = '0199b0a4-6666-7000-8000-000000000006';
    t.deps.analytics.capture(yes.id, 'contact_created', { personId, via: 'api' });
    const [row] = await eventually(yes.id, 'contact_created');
    expect(row).toMatchObject({ source: 'server', distinctId: yes.id, properties: { personId, via: 'api' } });
    expect(row?.properties.$lib).toBe('posthog-node');
  });

  it('the consent change is recorded once accepted', async () => {
    const [row] = await eventually(yes.id, 'analytics_consent_changed');
    expect(row?.properties).toMatchObject({ replay: false });
    expect(await eventsOf(no.id, 'analytics_consent_changed')).toEqual([]);
  });

  it('domain events become business events, for the consenting actor only', async () => {
    const p = await createPerson(yes.c);
    await createPerson(no.c);
    const rows = await waitFor(async () => {
      const found = (await eventsOf(yes.id, 'contact_created')).filter((r) => r.properties.personId === p.id);
      return found.length ? found : null;
    });
    expect(rows).toHaveLength(1);
    expect(await eventsOf(no.id, 'contact_created')).toEqual([]);
  });

  it('a handler that runs twice stores the event once (uuid derived from the domain event)', async () => {
    const event = {
      id: '0199b0a4-7777-7000-8000-000000000007',
      type: 'task.completed',
      occurredAt: new Date(),
      actorType: 'user',
      actorId: yes.id,
      payload: { task: { id: '0199b0a4-8888-7000-8000-000000000008' } },
      schemaVersion: 1,
    };
    const ctx = { deps: t.deps, log: t.deps.log, jobId: 'x', retryCount: 0 } as unknown as JobContext;
    await analyticsFromDomainEvents.handle(event, ctx);
    await t.deps.analytics.flush();
    await analyticsFromDomainEvents.handle(event, ctx);
    const rows = await eventsOf(yes.id, 'task_completed');
    expect(rows.map((r) => r.id)).toEqual([derivedUuid(event.id, 'task_completed')]);
  });

  it('an API error is recorded with its code, status and route pattern', async () => {
    const missing = '0199b0a4-9999-7000-8000-000000000009';
    expect((await yes.c.get(`/api/v1/people/${missing}`)).status).toBe(404);
    const rows = await eventually(yes.id, 'api_error');
    expect(rows.map((r) => r.properties)).toContainEqual(
      expect.objectContaining({ code: 'person.not_found', status: 404, route: '/api/v1/people/:id' }),
    );
    expect(JSON.stringify(rows)).not.toContain(missing);
  });

  it('notes, API keys and logins report their business events', async () => {
    const p = await createPerson(yes.c);
    expect((await yes.c.post(`/api/v1/people/${p.id}/notes`, { body: 'Appeler Jean' })).status).toBe(201);
    expect((await yes.c.post('/api/v1/api-keys', { name: 'k', scopes: ['read'] })).status).toBe(201);
    const [note] = await eventually(yes.id, 'note_added');
    expect(Object.keys(note?.properties ?? {})).not.toContain('body');
    const [key] = await eventually(yes.id, 'api_key_created');
    expect(key?.properties.scopes).toEqual(['read']);
    await loginViaApi(t.app, yes.email, yes.password);
    const [login] = await eventually(yes.id, 'user_logged_in');
    expect(login?.properties.method).toBe('password');
  });
});
