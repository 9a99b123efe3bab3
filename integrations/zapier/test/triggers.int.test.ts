import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, createAppTester, type ZObject } from 'zapier-platform-core';
import { campaignMail as campaignMailOf } from '../../../apps/server/test/campaign-mail.ts';
import App from '../src/index.ts';
import { HookReceiver, type LocalCrm, startLocalCrm } from './local-crm.ts';

type Rec = Record<string, unknown> & { id: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type TriggerOperation = Record<'perform' | 'performList' | 'performSubscribe' | 'performUnsubscribe', Perform> & {
  outputFields: { key: string }[];
};
const appTester = createAppTester(App);

describe('instant triggers (REST hooks) against a running CRM', () => {
  let crm: LocalCrm;
  let rx: HookReceiver;
  let orgId: string;

  beforeAll(async () => {
    crm = await startLocalCrm({ EMAIL_INBOUND_SECRET: 'zapier-test-inbound-secret-0123456789abcdef' });
    rx = await HookReceiver.start();
    const org = await crm.api<Rec>('POST', '/organisations', { name: 'Gestion Hooks Tests' });
    orgId = org.body.id;
  });
  afterAll(async () => {
    await crm?.close();
    await rx?.close();
  });

  const bundle = (extra: Record<string, unknown> = {}) => ({ authData: crm.authData, ...extra });
  const trigger = (key: string) =>
    (App.triggers as unknown as Record<string, { operation: TriggerOperation }>)[key]!.operation;

  const newDeal = async (title: string) =>
    (await crm.api<Rec>('POST', '/mandats', { organisationId: orgId, kind: 'distribution', title })).body;

  /** A campaign mail to a new contact (the causes of the e-mail triggers); the API paths are the key's. */
  const campaignMail = () =>
    campaignMailOf(
      crm.t.deps,
      (method, path, body) => crm.api(method, path.replace(/^\/api\/v1/, ''), body),
      (opts) => crm.t.app.inject(opts),
    );

  /** What makes the CRM emit each trigger's event; returns the record's id. */
  const causes: Record<string, { event: string; cause: () => Promise<string> }> = {
    new_contact: {
      event: 'contact.created',
      cause: async () =>
        (await crm.api<Rec>('POST', '/people', { firstName: 'Hugo', lastName: `Hook${Date.now()}` })).body.id,
    },
    new_organisation: {
      event: 'organisation.created',
      cause: async () => (await crm.api<Rec>('POST', '/organisations', { name: `Hook Capital ${Date.now()}` })).body.id,
    },
    new_deal: { event: 'deal.created', cause: async () => (await newDeal('Nouveau mandat hook')).id },
    deal_won: {
      event: 'deal.won',
      cause: async () => {
        const m = await newDeal('Mandat gagné hook');
        const moved = await crm.api('POST', `/mandats/${m.id}/stage`, { stage: 'gagne' });
        expect(moved.status).toBe(200);
        return m.id;
      },
    },
    deal_lost: {
      event: 'deal.lost',
      cause: async () => {
        const m = await newDeal('Mandat perdu hook');
        const moved = await crm.api('POST', `/mandats/${m.id}/stage`, {
          stage: 'perdu',
          lostReasonCode: 'prix',
          lostReason: 'Frais trop élevés',
        });
        expect(moved.status).toBe(200);
        return m.id;
      },
    },
    task_completed: {
      event: 'task.completed',
      cause: async () => {
        const task = (await crm.api<Rec>('POST', '/tasks', { title: 'Relancer le client hook' })).body;
        const done = await crm.api('POST', `/tasks/${task.id}/complete`, {});
        expect(done.status).toBe(200);
        return task.id;
      },
    },
    email_opened: { event: 'email.opened', cause: async () => (await campaignMail()).open() },
    email_clicked: { event: 'email.clicked', cause: async () => (await campaignMail()).click() },
    email_bounced: { event: 'email.bounced', cause: async () => (await campaignMail()).bounce() },
    email_unsubscribed: { event: 'email.unsubscribed', cause: async () => (await campaignMail()).unsubscribe() },
  };

  for (const [key, { event, cause }] of Object.entries(causes)) {
    it(`${key}: subscribes a zapier webhook for ${event}, receives the event, returns its record, unsubscribes`, async () => {
      const op = trigger(key);
      const targetUrl = rx.url(key);
      const sub = (await appTester(op.performSubscribe, bundle({ targetUrl }))) as Rec;
      expect(sub).toMatchObject({ url: targetUrl, eventTypes: [event], source: 'zapier' });
      expect(sub).not.toHaveProperty('secret');

      const listed = await crm.api<{ items: Rec[] }>('GET', '/webhooks?source=zapier');
      expect(listed.body.items.find((w) => w.id === sub.id)).toMatchObject({
        description: expect.stringContaining('Zapier: '),
      });

      const recordId = await cause();
      const arrival = await rx.next(new URL(targetUrl).pathname, (a) => a.body.type === event);
      expect(arrival.headers['webhook-id']).toBeTruthy();

      const results = (await appTester(op.perform, bundle({ cleanedRequest: arrival.body }))) as Rec[];
      expect(results).toHaveLength(1);
      expect(results[0]!.id).toBe(recordId);
      if (key === 'deal_lost')
        expect(results[0]).toMatchObject({ stage: 'perdu', lostReasonCode: 'prix', lostReason: 'Frais trop élevés' });
      if (key === 'deal_won') expect(results[0]).toMatchObject({ stage: 'gagne' });
      if (key === 'task_completed') expect(results[0]).toMatchObject({ status: 'done' });
      if (key.startsWith('email_')) expect(results[0]).toMatchObject({ type: event.slice(6), subject: 'Bonjour' });
      if (key === 'email_clicked') expect(results[0]).toMatchObject({ url: 'https://fonds.example/a' });
      // Every field Zapier is told about is in the record the hook delivers.
      for (const f of op.outputFields) expect(results[0]).toHaveProperty(f.key);

      // The polling fallback lists the same record, with the same shape.
      const recent = (await appTester(op.performList, bundle())) as Rec[];
      const listedRecord = recent.find((r) => r.id === recordId);
      expect(listedRecord).toBeDefined();
      expect(Object.keys(listedRecord!).sort()).toEqual(Object.keys(results[0]!).sort());

      await appTester(op.performUnsubscribe, bundle({ subscribeData: sub }));
      const after = await crm.api<{ items: Rec[] }>('GET', '/webhooks');
      expect(after.body.items.map((w) => w.id)).not.toContain(sub.id);
    });
  }

  it('perform ignores an event of another type (a test send of another event, a widened subscription)', async () => {
    const body = { type: 'contact.updated', timestamp: new Date().toISOString(), data: { person: { id: 'x' } } };
    expect(await appTester(trigger('new_contact').perform, bundle({ cleanedRequest: body }))).toEqual([]);
    expect(await appTester(trigger('new_contact').perform, bundle({ cleanedRequest: {} }))).toEqual([]);
  });

  it('unsubscribing a webhook already deleted in the CRM succeeds', async () => {
    const op = trigger('new_contact');
    const sub = (await appTester(op.performSubscribe, bundle({ targetUrl: rx.url('gone') }))) as Rec;
    expect((await crm.api('DELETE', `/webhooks/${sub.id}`)).status).toBe(204);
    // The CRM answers 204 again (404 before it made the DELETE idempotent): either way the Zap turns off cleanly.
    expect(await appTester(op.performUnsubscribe, bundle({ subscribeData: sub }))).toMatchObject({ id: sub.id });
  });

  it('performList lists recent records newest first', async () => {
    const a = (await crm.api<Rec>('POST', '/people', { firstName: 'Ana', lastName: 'Premier' })).body;
    const b = (await crm.api<Rec>('POST', '/people', { firstName: 'Bea', lastName: 'Second' })).body;
    const recent = (await appTester(trigger('new_contact').performList, bundle())) as Rec[];
    const ids = recent.map((r) => r.id);
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
    expect(ids.indexOf(b.id)).toBeGreaterThanOrEqual(0);
  });

  it('the hidden dropdown triggers list contacts, organisations and deals with a name, page by page', async () => {
    const contacts = (await appTester(trigger('contact_list').perform, bundle({ meta: { page: 0 } }))) as Rec[];
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts[0]).toHaveProperty('name');
    expect(contacts.map((c) => c.name)).toContain('Ana Premier');
    expect(await appTester(trigger('contact_list').perform, bundle({ meta: { page: 1 } }))).toEqual([]);
    const orgs = (await appTester(trigger('organisation_list').perform, bundle())) as Rec[];
    expect(orgs.map((o) => o.id)).toContain(orgId);
    const deals = (await appTester(trigger('deal_list').perform, bundle())) as Rec[];
    expect(deals.some((d) => String(d.name).startsWith('Mandat gagné hook'))).toBe(true);
  });
});
