/**
 * The Make app replayed: each communication of the app sent, through a PARTIAL EMULATION of Make (test/replay.ts,
 * lib/iml.ts), to a CRM started in-process, proving the records are really created and found, and that attaching a
 * webhook makes the CRM POST events whose body, through the trigger's output mapping, is the record. What Make alone
 * does (its UI, IML functions beyond ifempty, scheduling) is not emulated.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyFor } from '../../apps/server/test/auth-helpers.ts';
import { campaignMail } from '../../apps/server/test/campaign-mail.ts';
import { createUser, sessionHeaders, type TestUser } from '../../apps/server/test/factories.ts';
import { WebhookReceiver } from '../../apps/server/test/fakes/webhook-receiver.ts';
import { createTestApp, type TestApp, waitFor } from '../../apps/server/test/test-app.ts';
import { type ApiRoute, ROUTES } from './lib/api-contracts.ts';
import { type CallResult, MakeApp, MakeError } from './test/replay.ts';
import { MAKE_APP_DIR } from './validate.ts';

type Json = Record<string, unknown>;

describe('the Make app replayed against a CRM (PARTIAL EMULATION of Make)', () => {
  const make = new MakeApp(MAKE_APP_DIR);
  let t: TestApp;
  let rx: WebhookReceiver;
  let user: TestUser;
  let connection: { baseUrl: string; apiKey: string };

  /** What the CRM answers a direct call with the same key (to check what the modules did). */
  const api = async (method: string, path: string, body?: Json) => {
    const res = await fetch(`${connection.baseUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${connection.apiKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  const run = (module: string, parameters: Json): Promise<CallResult> =>
    make.call(make.module(module), { connection, parameters }, { withBase: true });
  const rpc = async (id: string) =>
    (await make.call(make.rpc(id), { connection }, { withBase: true })).output as { label: string; value: string }[];
  const out = (r: CallResult) => r.output as Json;
  const suffix = () => Math.random().toString(36).slice(2, 8);

  beforeAll(async () => {
    t = await createTestApp({
      worker: true,
      env: {
        WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOKS_POLL_MS: '50',
        WEBHOOKS_TIMEOUT_SECONDS: '5',
        EMAIL_INBOUND_SECRET: 'make-test-inbound-secret-0123456789abcdef',
      },
    });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address() as { port: number };
    rx = await WebhookReceiver.start();
    user = await createUser(t.deps, { role: 'user', name: 'Camille Durand' });
    const apiKey = await createApiKeyFor(t.app, await sessionHeaders(t.deps, user), ['read', 'write'], 'Make');
    connection = { baseUrl: `http://127.0.0.1:${address.port}`, apiKey };
  });
  afterAll(async () => {
    await rx?.close();
    await t?.close();
  });

  it('the connection checks the key with GET /auth/me and is labelled with its owner; a bad key reads the CRM error', async () => {
    const ok = await make.call(make.connection(), { parameters: connection }, { withBase: false });
    expect(ok.metadata).toEqual({ type: 'email', value: user.email });
    const bad = make.call(
      make.connection(),
      { parameters: { ...connection, apiKey: 'crm_wrong' } },
      { withBase: false },
    );
    await expect(bad).rejects.toMatchObject({ statusCode: 401, message: expect.stringMatching(/^\[401\] \S/) });
  });

  it('every route and field of lib/api-contracts.ts is in the OpenAPI document of the running server', async () => {
    const doc = (await api('GET', '/api/v1/openapi.json')).body as Json;
    const refs = (doc.components as { schemas: Record<string, Json> }).schemas;
    const resolve = (s: Json | undefined): Json | undefined =>
      s?.$ref ? refs[String(s.$ref).split('/').pop() as string] : s;
    const propsOf = (s: Json | undefined) => Object.keys((resolve(s)?.properties as Json) ?? {}).sort();
    const keys = (o: ApiRoute['body']) => Object.keys(o?.shape ?? {}).sort();
    for (const r of ROUTES) {
      const op = (doc.paths as Record<string, Record<string, Json>>)[r.path]?.[r.method.toLowerCase()];
      expect(op, `${r.method} ${r.path}`).toBeDefined();
      if (!op) continue;
      const content = (op.requestBody as { content?: Record<string, { schema: Json }> })?.content;
      if (r.body) expect(propsOf(content?.['application/json']?.schema), `${r.path} body`).toEqual(keys(r.body));
      if (r.query) {
        const names = ((op.parameters as Json[]) ?? []).filter((p) => p.in === 'query').map((p) => p.name);
        expect(names.sort(), `${r.path} query`).toEqual(keys(r.query));
      }
      const answered = r.response ?? r.listItem;
      if (answered) {
        const responses = op.responses as Record<string, { content?: Record<string, { schema: Json }> }>;
        let schema = resolve((responses['200'] ?? responses['201'])?.content?.['application/json']?.schema);
        if (r.listItem)
          schema = resolve((schema?.properties as Record<string, Json> | undefined)?.items?.items as Json);
        expect(propsOf(schema), `${r.path} answer`).toEqual(keys(answered));
      }
    }
  });

  describe('actions, searches and pickers', () => {
    const name = `Martin-${suffix()}`;
    const email = `helene.${name.toLowerCase()}@patrimoine.example`;
    let orgId: string;
    let personId: string;

    it('Create an Organisation creates it, and the organisation picker lists it', async () => {
      const org = out(
        await run('createOrganisation', {
          name: `Patrimoine Conseil ${name}`,
          type: 'client',
          category: 'CGPI',
          tier: 1,
          tags: ['prioritaire'],
          city: 'Paris',
          aum: 250000000,
        }),
      );
      orgId = String(org.id);
      expect((await api('GET', `/api/v1/organisations/${orgId}`)).body).toMatchObject({
        name: `Patrimoine Conseil ${name}`,
        type: 'client',
        category: 'CGPI',
        tier: 1,
        tags: ['prioritaire'],
        aum: '250000000.00',
      });
      expect(await rpc('listOrganisations')).toContainEqual({ label: `Patrimoine Conseil ${name}`, value: orgId });
    });

    it('Find an Organisation finds it by name, typo and all', async () => {
      const found = (await run('findOrganisation', { q: `patrimoine conseil ${name.toLowerCase()}`, limit: 5 }))
        .output as Json[];
      expect(found.map((o) => o.id)).toContain(orgId);
    });

    it('Create a Contact creates the person linked to the organisation picked, and the contact picker lists them', async () => {
      const p = out(
        await run('createContact', {
          firstName: 'Hélène',
          lastName: name,
          email,
          organisationId: orgId,
          role: 'decideur',
          source: 'salon',
          language: 'fr',
          countryCode: 'fr',
          consent: true,
          legalBasis: 'consentement',
        }),
      );
      personId = String(p.id);
      expect((await api('GET', `/api/v1/people/${personId}`)).body).toMatchObject({
        firstName: 'Hélène',
        lastName: name,
        email,
        source: 'salon',
        countryCode: 'FR',
        consent: true,
      });
      const links = (await api('GET', `/api/v1/people/${personId}/organisations`)).body;
      expect(links.items).toEqual([expect.objectContaining({ organisationId: orgId, role: 'decideur' })]);
      expect(await rpc('listPeople')).toContainEqual({ label: `Hélène ${name}`, value: personId });
    });

    it('Find a Contact finds them by e-mail and by name, at most `limit` results', async () => {
      const byEmail = (await run('findContact', { q: email, limit: 10 })).output as Json[];
      expect(byEmail[0]?.id).toBe(personId);
      const byName = (await run('findContact', { q: `helene ${name}`, organisationId: orgId, limit: 1 }))
        .output as Json[];
      expect(byName.map((x) => x.id)).toEqual([personId]);
      expect((await run('findContact', { q: `nobody-${suffix()}`, limit: 10 })).output).toEqual([]);
    });

    it('Update a Contact changes the fields filled and leaves the others alone', async () => {
      const p = out(
        await run('updateContact', {
          id: personId,
          jobTitle: 'Directrice des investissements',
          mobile: '+33 6 12 34 56 78',
        }),
      );
      expect(p).toMatchObject({ id: personId, jobTitle: 'Directrice des investissements', email, lastName: name });
    });

    it('a refused request fails the module with the CRM problem detail and a Make error type', async () => {
      const duplicate = run('createContact', { firstName: 'Autre', lastName: 'Personne', email });
      await expect(duplicate).rejects.toMatchObject({ statusCode: 409, type: 'DuplicateDataError' });
      await expect(duplicate).rejects.toThrow(/^\[409\] \S+/);
      const lost = run('createDeal', {
        kind: 'placement',
        title: 'Sans raison',
        organisationId: orgId,
        stage: 'perdu',
      });
      await expect(lost).rejects.toBeInstanceOf(MakeError);
      await expect(lost).rejects.toMatchObject({ statusCode: 400, type: 'DataError' });
    });

    it('Create a Deal creates the mandate with its amount, dates and primary contact', async () => {
      const d = out(
        await run('createDeal', {
          kind: 'distribution',
          title: `Actions Europe ${name}`,
          organisationId: orgId,
          primaryContactId: personId,
          stage: 'pitch',
          amount: 1250000.5,
          currency: 'eur',
          expectedCloseDate: '2026-12-15',
          commissionRate: 0.75,
        }),
      );
      expect((await api('GET', `/api/v1/mandats/${d.id}`)).body).toMatchObject({
        kind: 'distribution',
        stage: 'pitch',
        organisationId: orgId,
        primaryContactId: personId,
        amount: '1250000.50',
        currency: 'EUR',
        expectedCloseDate: '2026-12-15',
      });
    });

    it('Create a Deal at Lost takes the reason and its detail; a detail alone (older scenarios) means Other', async () => {
      const lost = out(
        await run('createDeal', {
          kind: 'placement',
          title: `Perdu ${name}`,
          organisationId: orgId,
          stage: 'perdu',
          lostReasonCode: 'concurrent',
          lostReason: 'Gamme concurrente déjà référencée',
        }),
      );
      expect(lost).toMatchObject({ lostReasonCode: 'concurrent', lostReason: 'Gamme concurrente déjà référencée' });
      const coded = out(
        await run('createDeal', {
          kind: 'placement',
          title: `Perdu sans détail ${name}`,
          organisationId: orgId,
          stage: 'perdu',
          lostReasonCode: 'timing',
        }),
      );
      expect(coded).toMatchObject({ lostReasonCode: 'timing', lostReason: null });
      const legacy = out(
        await run('createDeal', {
          kind: 'placement',
          title: `Perdu à l’ancienne ${name}`,
          organisationId: orgId,
          stage: 'perdu',
          lostReason: 'Fonds fermé',
        }),
      );
      expect(legacy).toMatchObject({ lostReasonCode: 'autre', lostReason: 'Fonds fermé' });
      const other = run('createDeal', {
        kind: 'placement',
        title: `Autre sans détail ${name}`,
        organisationId: orgId,
        stage: 'perdu',
        lostReasonCode: 'autre',
      });
      await expect(other).rejects.toMatchObject({ statusCode: 400, type: 'DataError' });
    });

    it('Log an Interaction logs it on the timeline, once per external id', async () => {
      const at = new Date().toISOString();
      const params = {
        type: 'appel',
        title: 'Appel de suivi',
        occurredAt: at,
        personId,
        organisationId: orgId,
        durationMinutes: 20,
        direction: 'sortant',
        externalSource: 'make',
        externalId: `run-${name}`,
      };
      const first = out(await run('logInteraction', params));
      expect(first).toMatchObject({ type: 'appel', personId, organisationId: orgId, durationMinutes: 20 });
      expect(out(await run('logInteraction', params)).id).toBe(first.id);
      const timeline = (await api('GET', `/api/v1/people/${personId}/timeline`)).body;
      expect(JSON.stringify(timeline)).toContain(String(first.id));
    });
  });

  /** Each instant trigger: what makes the CRM emit its event, and the record id expected in the bundle. */
  const TRIGGERS: Array<[string, () => Promise<{ id: string; check?: (bundle: Json) => void }>]> = [
    [
      'newContact',
      async () => ({
        id: String(out(await run('createContact', { firstName: 'Léa', lastName: `Roux-${suffix()}` })).id),
      }),
    ],
    [
      'newOrganisation',
      async () => ({ id: String(out(await run('createOrganisation', { name: `Gestion ${suffix()}` })).id) }),
    ],
    ['newDeal', async () => ({ id: (await newDeal()).id })],
    [
      'dealWon',
      async () => {
        const d = await newDeal();
        expect((await api('POST', `/api/v1/mandats/${d.id}/stage`, { stage: 'gagne' })).status).toBe(200);
        return { id: d.id, check: (b) => expect(b.stage).toBe('gagne') };
      },
    ],
    [
      'dealLost',
      async () => {
        const d = await newDeal();
        const lost = await api('POST', `/api/v1/mandats/${d.id}/stage`, {
          stage: 'perdu',
          lostReasonCode: 'prix',
          lostReason: 'Frais trop élevés',
        });
        expect(lost.status).toBe(200);
        return {
          id: d.id,
          check: (b) =>
            expect(b).toMatchObject({ stage: 'perdu', lostReasonCode: 'prix', lostReason: 'Frais trop élevés' }),
        };
      },
    ],
    [
      'taskCompleted',
      async () => {
        const task = await api('POST', '/api/v1/tasks', { title: `Relancer ${suffix()}` });
        expect(task.status).toBe(201);
        expect((await api('POST', `/api/v1/tasks/${task.body.id}/complete`, {})).status).toBe(200);
        return { id: String(task.body.id), check: (b) => expect(b.status).toBe('done') };
      },
    ],
    // The e-mail triggers deliver the e-mail (the campaign's send to the contact) a person opened, clicked...
    ...(
      [
        ['emailOpened', 'open'],
        ['emailClicked', 'click'],
        ['emailBounced', 'bounce'],
        ['emailUnsubscribed', 'unsubscribe'],
      ] as const
    ).map(([module, action]): [string, () => Promise<{ id: string; check?: (bundle: Json) => void }>] => [
      module,
      async () => {
        const mail = await campaignMail(t.deps, api, (opts) => t.app.inject(opts));
        await mail[action]();
        return {
          id: mail.sendId,
          check: (b) => expect(b).toMatchObject({ subject: 'Bonjour', address: mail.address }),
        };
      },
    ]),
  ];
  const newDeal = async () => {
    const org = out(await run('createOrganisation', { name: `Client ${suffix()}` }));
    return {
      id: String(out(await run('createDeal', { kind: 'placement', title: 'Placement', organisationId: org.id })).id),
    };
  };

  it.each(TRIGGERS)(
    '%s: attach subscribes in the CRM, its event reaches the webhook as the record, detach unsubscribes',
    async (module, cause) => {
      const meta = make.manifest.components.module[module];
      const hook = meta?.webhook as string;
      const hookUrl = `${rx.url}/${module}`;
      const attached = await make.call(
        make.attach(hook),
        { connection, webhook: { url: hookUrl } },
        { withBase: true },
      );
      const externalHookId = String((attached.data as Json).externalHookId);
      rx.secrets = [String((attached.body as Json).secret)];
      const endpoint = (await api('GET', `/api/v1/webhooks/${externalHookId}`)).body;
      expect(endpoint).toMatchObject({ url: hookUrl, source: 'make', active: true });
      const event = (endpoint.eventTypes as string[])[0] as string;

      const { id, check } = await cause();
      const delivery = await waitFor(async () => rx.received.find((r) => r.type === event && r.body.includes(id)));
      expect(delivery.verified).toBe(true);
      const bundle = make.webhookOutput(hook, JSON.parse(delivery.body)) as Json;
      expect(bundle.id).toBe(id);
      check?.(bundle);
      const iface = make.json(meta?.codeFiles.interface as string) as Array<{ name: string }>;
      expect(Object.keys(bundle).sort()).toEqual(iface.map((f) => f.name).sort());

      await make.call(make.detach(hook), { connection, webhook: attached.data as Json }, { withBase: true });
      expect((await api('GET', `/api/v1/webhooks/${externalHookId}`)).status).toBe(404);
    },
  );
});
