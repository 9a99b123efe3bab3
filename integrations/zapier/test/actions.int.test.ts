import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bundle, createAppTester, type ZObject } from 'zapier-platform-core';
import { createApiKeyFor } from '../../../apps/server/test/auth-helpers.ts';
import { sessionHeaders } from '../../../apps/server/test/factories.ts';
import App from '../src/index.ts';
import { HookReceiver, type LocalCrm, startLocalCrm } from './local-crm.ts';
import { zapierError } from './zapier-error.ts';

type Rec = Record<string, unknown> & { id: string };
type Perform = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const appTester = createAppTester(App);
const creates = App.creates as unknown as Record<string, { operation: { perform: Perform } }>;
const searches = App.searches as unknown as Record<string, { operation: { perform: Perform } }>;

describe('authentication, actions and searches against a running CRM', () => {
  let crm: LocalCrm;
  let rx: HookReceiver;

  beforeAll(async () => {
    crm = await startLocalCrm();
    rx = await HookReceiver.start();
  });
  afterAll(async () => {
    await crm?.close();
    await rx?.close();
  });

  const create = (key: string, inputData: Record<string, unknown>, authData = crm.authData) =>
    appTester(creates[key]!.operation.perform, { authData, inputData }) as Promise<Rec>;
  const search = (key: string, inputData: Record<string, unknown>) =>
    appTester(searches[key]!.operation.perform, { authData: crm.authData, inputData }) as Promise<Rec[]>;
  /** What Zapier does for a search-or-create step: the search, then the create when the search found nothing. */
  const findOrCreate = async (
    key: string,
    searchInput: Record<string, unknown>,
    createInput: Record<string, unknown>,
  ) => {
    const soc = (App.searchOrCreates as Record<string, { search: string; create: string }>)[key]!;
    const found = await search(soc.search, searchInput);
    if (found.length > 0) return { created: false, record: found[0]! };
    return { created: true, record: await create(soc.create, createInput) };
  };

  describe('connection', () => {
    it('the test answers the key’s user and the label names them and the CRM', async () => {
      const user = await appTester(App.authentication.test, { authData: crm.authData });
      expect(user).toMatchObject({ id: crm.user.id, email: crm.user.email, name: 'Zoé Zapier' });
      const label = await appTester(App.authentication.connectionLabel, {
        authData: crm.authData,
        inputData: { ...user },
      });
      expect(label).toBe(`Zoé Zapier (${crm.user.email}) on ${new URL(crm.baseUrl).host}`);
    });

    it('a URL pasted with a trailing /api/v1/ still works', async () => {
      const user = await appTester(App.authentication.test, {
        authData: { ...crm.authData, baseUrl: `${crm.baseUrl}/api/v1/` },
      });
      expect(user.id).toBe(crm.user.id);
    });

    it('a wrong key fails the test with the CRM’s reason', async () => {
      const err = await zapierError(
        appTester(App.authentication.test, { authData: { ...crm.authData, apiKey: 'crm_not_a_real_key' } }),
      );
      expect(err.name).toBe('ExpiredAuthError');
      expect(err.message).toMatch(/^The CRM refused the API key: .+\[auth\./);
    });

    it('an address that is not the CRM fails the test', async () => {
      const err = await zapierError(
        appTester(App.authentication.test, { authData: { ...crm.authData, baseUrl: rx.origin } }),
      );
      expect(err.message).toMatch(/not like the CRM/);
    });

    it('the key is sent to the CRM only, never to another host', async () => {
      await appTester(
        async (z: ZObject) => z.request({ method: 'POST', url: rx.url('elsewhere'), body: { ping: true } }),
        { authData: crm.authData },
      );
      const arrival = await rx.next('/hooks/elsewhere');
      expect(arrival.headers.authorization).toBeUndefined();
    });
  });

  describe('Create Contact and Update Contact', () => {
    it('creates a contact linked to an organisation, as the API reads it back', async () => {
      const org = (await crm.api<Rec>('POST', '/organisations', { name: 'Patrimoine Conseil Zap' })).body;
      const person = await create('create_contact', {
        firstName: 'Hélène',
        lastName: 'Martin',
        email: 'helene.martin@zap.example',
        jobTitle: 'Directrice des investissements',
        marketingOptOut: 'false',
        source: 'salon',
        organisationId: org.id,
        role: 'decideur',
        phone: '',
      });
      const read = await crm.api<Rec>('GET', `/people/${person.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        firstName: 'Hélène',
        lastName: 'Martin',
        email: 'helene.martin@zap.example',
        jobTitle: 'Directrice des investissements',
        source: 'salon',
        phone: null,
      });
      const links = await crm.api<{ items: Rec[] }>('GET', `/people/${person.id}/organisations`);
      expect(links.body.items).toEqual([expect.objectContaining({ organisationId: org.id, role: 'decideur' })]);
    });

    it('refuses a probable duplicate with the existing contact named, and creates it when forced', async () => {
      const err = await zapierError(create('create_contact', { firstName: 'Hélène', lastName: 'Martin' }));
      expect(err).toMatchObject({ name: 'AppError', code: 'person.duplicate', status: 409 });
      expect(err.message).toMatch(/Hélène Martin <helene\.martin@zap\.example>/);
      expect(err.message).toMatch(/Find or Create Contact/);
      const forced = await create('create_contact', { firstName: 'Hélène', lastName: 'Martin', force: 'yes' });
      expect(forced.id).toBeTruthy();
    });

    it('updates the given fields and leaves empty ones as they are', async () => {
      const person = await create('create_contact', {
        firstName: 'Paul',
        lastName: 'Lefèvre',
        email: 'paul.lefevre@zap.example',
        jobTitle: 'Analyste',
      });
      const updated = await create('update_contact', {
        id: person.id,
        jobTitle: 'Gérant',
        mobile: '+33 6 11 22 33 44',
        email: '',
      });
      expect(updated).toMatchObject({ id: person.id, jobTitle: 'Gérant', mobile: '+33 6 11 22 33 44' });
      const read = await crm.api<Rec>('GET', `/people/${person.id}`);
      expect(read.body).toMatchObject({ jobTitle: 'Gérant', email: 'paul.lefevre@zap.example', firstName: 'Paul' });
    });

    it('an update with nothing to change says so', async () => {
      const person = await create('create_contact', { firstName: 'Rien', lastName: 'Achanger' });
      const err = await zapierError(create('update_contact', { id: person.id, jobTitle: '' }));
      expect(err.message).toMatch(/Nothing to update/);
    });
  });

  describe('Create Organisation, Create Deal, Log Interaction', () => {
    it('creates an organisation with tags, AUM and tier', async () => {
      const org = await create('create_organisation', {
        name: 'Aurore Gestion',
        type: 'client',
        category: 'SDG',
        city: 'Lyon',
        aum: '250 000 000,50',
        tier: '2',
        tags: ['prioritaire', 'isr'],
      });
      const read = await crm.api<Rec>('GET', `/organisations/${org.id}`);
      expect(read.body).toMatchObject({
        name: 'Aurore Gestion',
        type: 'client',
        category: 'SDG',
        city: 'Lyon',
        aum: '250000000.50',
        tier: 2,
        tags: ['prioritaire', 'isr'],
      });
    });

    it('refuses an organisation whose name is a probable duplicate unless forced', async () => {
      const err = await zapierError(create('create_organisation', { name: 'AURORE GESTION SAS' }));
      expect(err).toMatchObject({ code: 'organisation.duplicate', status: 409 });
      expect(err.message).toMatch(/Aurore Gestion/);
      const forced = await create('create_organisation', { name: 'AURORE GESTION SAS', force: true });
      expect(forced.name).toBe('AURORE GESTION SAS');
    });

    it('creates a deal of an organisation, with amount, close date and primary contact', async () => {
      const org = (await crm.api<Rec>('POST', '/organisations', { name: 'Banque Deal Zap' })).body;
      const person = (await crm.api<Rec>('POST', '/people', { firstName: 'Inès', lastName: 'Deal' })).body;
      const deal = await create('create_deal', {
        organisationId: org.id,
        kind: 'placement',
        title: 'Placement fonds obligataire',
        amount: '1 250 000,50',
        currency: 'eur',
        expectedCloseDate: '2026-12-15T00:00:00+01:00',
        primaryContactId: person.id,
        stage: 'pitch',
      });
      const read = await crm.api<Rec>('GET', `/mandats/${deal.id}`);
      expect(read.body).toMatchObject({
        organisationId: org.id,
        kind: 'placement',
        title: 'Placement fonds obligataire',
        amount: '1250000.50',
        currency: 'EUR',
        expectedCloseDate: '2026-12-15',
        primaryContactId: person.id,
        stage: 'pitch',
        probability: 40,
      });
    });

    it('creates a lost deal with its reason; a detail alone (Zaps built before the codes) means Other', async () => {
      const org = (await crm.api<Rec>('POST', '/organisations', { name: 'Assureur Perdu Zap' })).body;
      const deal = await create('create_deal', {
        organisationId: org.id,
        kind: 'distribution',
        title: 'Distribution perdue',
        stage: 'perdu',
        lostReasonCode: 'prix',
        lostReason: 'Frais',
      });
      expect(deal).toMatchObject({ stage: 'perdu', lostReasonCode: 'prix', lostReason: 'Frais' });
      const legacy = await create('create_deal', {
        organisationId: org.id,
        kind: 'distribution',
        title: 'Distribution perdue avant les motifs',
        stage: 'perdu',
        lostReason: 'Frais',
      });
      expect(legacy).toMatchObject({ stage: 'perdu', lostReasonCode: 'autre', lostReason: 'Frais' });
      // A reason on an open deal is not sent (the CRM would not keep it either).
      const open = await create('create_deal', {
        organisationId: org.id,
        kind: 'distribution',
        title: 'Distribution ouverte',
        lostReasonCode: 'prix',
      });
      expect(open).toMatchObject({ stage: 'lead', lostReasonCode: null });
    });

    it('logs an interaction on a contact and an organisation; the same external id logs it once', async () => {
      const org = (await crm.api<Rec>('POST', '/organisations', { name: 'Interactions Zap' })).body;
      const person = (await crm.api<Rec>('POST', '/people', { firstName: 'Léa', lastName: 'Appel' })).body;
      const input = {
        type: 'appel',
        title: 'Appel de suivi',
        body: 'Intéressée par la part I.',
        occurredAt: '2026-11-24T10:30:00+01:00',
        durationMinutes: '20',
        direction: 'sortant',
        personId: person.id,
        organisationId: org.id,
        externalId: 'gmail-thread-42',
      };
      const first = await create('log_interaction', input);
      const again = await create('log_interaction', input);
      expect(again.id).toBe(first.id);
      const read = await crm.api<Rec>('GET', `/interactions/${first.id}`);
      expect(read.body).toMatchObject({
        type: 'appel',
        title: 'Appel de suivi',
        occurredAt: '2026-11-24T09:30:00.000Z',
        durationMinutes: 20,
        personId: person.id,
        organisationId: org.id,
        externalSource: 'zapier',
        externalId: 'gmail-thread-42',
      });
      const list = await crm.api<{ total: number }>('GET', `/interactions?personId=${person.id}`);
      expect(list.body.total).toBe(1);
    });

    it('logs a note now when no date is given', async () => {
      const person = (await crm.api<Rec>('POST', '/people', { firstName: 'Noé', lastName: 'Note' })).body;
      const before = Date.now();
      const note = await create('log_interaction', { type: 'note', title: 'Note sans date', personId: person.id });
      expect(Date.parse(String(note.occurredAt))).toBeGreaterThanOrEqual(before - 1000);
    });
  });

  describe('Find Contact, Find Organisation and search-or-create', () => {
    it('finds a contact by e-mail whatever its case, and by name without accents', async () => {
      const p = (
        await crm.api<Rec>('POST', '/people', {
          firstName: 'Anaïs',
          lastName: 'Dupont',
          email: 'anais.dupont@find.example',
        })
      ).body;
      expect((await search('find_contact', { email: 'Anais.Dupont@FIND.example' })).map((r) => r.id)).toEqual([p.id]);
      expect((await search('find_contact', { name: 'anais dupont' })).map((r) => r.id)).toEqual([p.id]);
      expect((await search('find_contact', { name: 'Dupont' })).map((r) => r.id)).toContain(p.id);
    });

    it('does not return a near miss: another e-mail, a misspelt name', async () => {
      expect(await search('find_contact', { email: 'anais.dupont@other.example' })).toEqual([]);
      expect(await search('find_contact', { name: 'Anaïs Dupond' })).toEqual([]);
    });

    it('asks for an e-mail or a name', async () => {
      const err = await zapierError(search('find_contact', {}));
      expect(err.message).toMatch(/e-mail or a name/);
    });

    it('finds an organisation by name, ignoring case, accents and legal form', async () => {
      const o = (await crm.api<Rec>('POST', '/organisations', { name: 'Société Générale Gestion S.A.' })).body;
      expect((await search('find_organisation', { name: 'societe generale gestion' })).map((r) => r.id)).toEqual([
        o.id,
      ]);
      expect(await search('find_organisation', { name: 'Générale' })).toEqual([]);
    });

    it('Find or Create Contact creates the missing contact once, then finds it', async () => {
      const input = { email: 'nouveau.contact@soc.example' };
      const create1 = { firstName: 'Nouveau', lastName: 'Contact', email: 'nouveau.contact@soc.example' };
      const first = await findOrCreate('find_contact', input, create1);
      expect(first.created).toBe(true);
      const second = await findOrCreate('find_contact', input, create1);
      expect(second).toEqual({ created: false, record: expect.objectContaining({ id: first.record.id }) });
      const list = await crm.api<{ total: number }>('GET', '/people?email=nouveau.contact@soc.example');
      expect(list.body.total).toBe(1);
    });

    it('Find or Create Organisation creates the missing organisation once, then finds it', async () => {
      const first = await findOrCreate(
        'find_organisation',
        { name: 'Horizon Patrimoine' },
        { name: 'Horizon Patrimoine' },
      );
      expect(first.created).toBe(true);
      const second = await findOrCreate(
        'find_organisation',
        { name: 'HORIZON PATRIMOINE SAS' },
        { name: 'Horizon Patrimoine SAS' },
      );
      expect(second).toEqual({ created: false, record: expect.objectContaining({ id: first.record.id }) });
    });
  });

  describe('errors', () => {
    it('a validation error (400 problem+json) becomes a readable error naming the field', async () => {
      const err = await zapierError(
        create('create_contact', { firstName: 'Mauvais', lastName: 'Email', email: 'pas-un-email' }),
      );
      expect(err).toMatchObject({ name: 'AppError', code: 'request.validation', status: 400 });
      expect(err.message).toMatch(/email/i);
      expect(err.message).not.toMatch(/^\{/);
    });

    it('a read-only key cannot write and is told which scope it lacks', async () => {
      const readOnly = await createApiKeyFor(
        crm.t.app,
        await sessionHeaders(crm.t.deps, crm.user),
        ['read'],
        'read only',
      );
      const err = await zapierError(
        create('create_organisation', { name: 'Lecture Seule' }, { ...crm.authData, apiKey: readOnly }),
      );
      expect(err).toMatchObject({ status: 403 });
      expect(err.message).toMatch(/"write" scope/);
    });

    it('an interaction without a contact or an organisation is refused with the CRM’s reason', async () => {
      const err = await zapierError(create('log_interaction', { type: 'note', title: 'Orpheline' }));
      expect(err).toMatchObject({ code: 'interaction.target_required', status: 400 });
      expect(err.message).toMatch(/needs an organisation or a person/);
    });

    it('an unknown record is a 404 with the CRM’s detail', async () => {
      const err = await zapierError(
        create('update_contact', { id: '0192f0a4-1c2d-7e3f-8a4b-5c6d7e8f9a99', jobTitle: 'Personne' }),
      );
      expect(err).toMatchObject({ status: 404 });
      expect(err.message).toMatch(/not found/i);
    });
  });
});
