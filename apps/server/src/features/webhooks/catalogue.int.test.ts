import { PRODUCED_EVENT_TYPES } from '@crm/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignMail } from '../../../test/campaign-mail.ts';
import { createMandat, createTask, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { SmtpInbox } from '../../../test/fakes/smtp-inbox.ts';
import { WebhookReceiver } from '../../../test/fakes/webhook-receiver.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { emitDueTasks } from '../tasks/emit-due-tasks.job.ts';

/**
 * Every event type the catalogue says the CRM produces (@crm/contracts) comes out of a real action through the API,
 * reaches a subscribed receiver, and verifies with the standardwebhooks library (docs/WEBHOOKS.md).
 */
describe('the event catalogue, end to end', () => {
  let t: TestApp;
  let rx: WebhookReceiver;
  let inbox: SmtpInbox;
  let admin: Client;
  let colleague: string;

  beforeAll(async () => {
    inbox = await new SmtpInbox().start();
    t = await createTestApp({
      worker: true,
      env: {
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOKS_POLL_MS: '50',
        WEBHOOKS_RATE_PER_SECOND: '1000',
        SMTP_URL: inbox.url,
        EMAIL_INBOUND_SECRET: 'catalogue-test-inbound-secret-0123456789abcdef',
      },
    });
    rx = await WebhookReceiver.start();
    const team = await createTeam(t.deps);
    const a = await createUser(t.deps, { role: 'admin', teamId: team.id });
    colleague = (await createUser(t.deps, { role: 'user', teamId: team.id })).id;
    admin = client(t.app, await sessionHeaders(t.deps, a));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await rx?.close();
    await inbox?.close();
  });

  const ok = async (res: Promise<{ status: number; body: { id?: string } & Record<string, unknown> }>) => {
    const r = await res;
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    return r.body;
  };
  /** Create, change, bin and restore a record of a collection. */
  const lifecycle = async (path: string, body: Record<string, unknown>, patch: Record<string, unknown>) => {
    const created = await ok(admin.post(path, body));
    await ok(admin.patch(`${path}/${created.id}`, patch));
    const deleted = await admin.delete(`${path}/${created.id}`);
    expect(deleted.status).toBe(204);
    await ok(admin.post(`${path}/${created.id}/restore`));
    return created.id as string;
  };

  it('produces every type by a real action, each delivery signed as Standard Webhooks says', async () => {
    const hook = await ok(admin.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['*'] }));
    rx.secrets = [hook.secret as string];

    const org = await lifecycle('/api/v1/organisations', { name: 'Catalogue Gestion' }, { city: 'Lyon' });
    const person = await lifecycle('/api/v1/people', { firstName: 'Cléa', lastName: 'Catalogue' }, { jobTitle: 'CGP' });
    const deal = await lifecycle(
      '/api/v1/mandats',
      { kind: 'distribution', title: 'Mandat catalogue', organisationId: org },
      { amount: 1000000 },
    );
    await ok(admin.post(`/api/v1/mandats/${deal}/stage`, { stage: 'gagne' }));
    const lost = await createMandat(admin, { title: 'Perdu', organisationId: org });
    await ok(admin.post(`/api/v1/mandats/${lost.id}/stage`, { stage: 'perdu', lostReasonCode: 'prix' }));
    await lifecycle('/api/v1/produits', { name: 'Fonds catalogue', isin: 'FR0010315770' }, { name: 'Fonds renommé' });
    await lifecycle(
      '/api/v1/interactions',
      { type: 'appel', title: 'Appel', occurredAt: '2026-03-10T09:30:00+01:00', organisationId: org, personId: person },
      { outcome: 'Intéressé' },
    );
    const task = await lifecycle(
      '/api/v1/tasks',
      { title: 'Relancer', assigneeId: colleague, dueAt: '2020-01-01T09:00:00Z' },
      { priority: 'haute' },
    );
    await ok(admin.post(`/api/v1/tasks/${task}/complete`, {}));
    await createTask(admin, { title: 'En retard', dueAt: '2020-01-01T09:00:00Z' });
    await emitDueTasks(t.deps);
    // A campaign mail (sent, delivered by the local SMTP server), opened, clicked, unsubscribed from; another bounced,
    // a third reported as spam.
    const api = async (method: string, path: string, body?: Record<string, unknown>) =>
      method === 'POST' ? admin.post(path, body) : admin.get(path);
    const inject = (opts: Parameters<Parameters<typeof campaignMail>[2]>[0]) => t.app.inject(opts);
    const mail = await campaignMail(t.deps, api, inject);
    await mail.open();
    await mail.click();
    await mail.unsubscribe();
    await (await campaignMail(t.deps, api, inject)).bounce();
    await (await campaignMail(t.deps, api, inject)).complain();

    const types = () => new Set(rx.received.map((r) => r.type));
    await waitFor(async () => (PRODUCED_EVENT_TYPES.every((type) => types().has(type)) ? true : null), 60_000);
    expect([...types()].sort()).toEqual([...PRODUCED_EVENT_TYPES].sort());
    for (const r of rx.received) {
      expect(r.verified, `${r.type}: ${r.verifyError}`).toBe(true);
      expect(JSON.parse(r.body)).toMatchObject({ type: r.type, data: expect.any(Object) });
    }
  }, 120_000);
});
