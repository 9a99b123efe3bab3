import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH_TEST_ENV } from '../../../test/auth-helpers.ts';
import { createOrganisation, createPerson, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';

/** The shared fields of `platform/http/fields.ts` as the record routes use them. */
describe('country and e-mail fields', () => {
  let t: TestApp;
  let admin: Client;
  let userA: Client;
  let userA2: Client;
  beforeAll(async () => {
    t = await createTestApp({ env: AUTH_TEST_ENV });
    const team = await createTeam(t.deps);
    const mk = async (role: 'admin' | 'user', teamId?: string) =>
      client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role, teamId })));
    admin = await mk('admin');
    userA = await mk('user', team.id);
    userA2 = await mk('user', team.id);
  });
  afterAll(async () => t?.close());

  const fieldErrors = (body: { code: string; errors?: { path: string; message: string }[] }) =>
    (body.errors ?? []).map((e) => e.path);

  describe('country codes', () => {
    it('refuses a code that is not ISO 3166-1 alpha-2 on an organisation, created or changed', async () => {
      for (const countryCode of ['ZZ', 'UK', 'EU', 'FRA', 'F1']) {
        const res = await userA.post('/api/v1/organisations', {
          name: `Cabinet ${countryCode}`,
          countryCode,
          force: true,
        });
        expect(res.status, countryCode).toBe(400);
        expect(res.body.code).toBe('request.validation');
        expect(fieldErrors(res.body)).toEqual(['body.countryCode']);
      }
      const org = await createOrganisation(userA);
      const patched = await userA.patch(`/api/v1/organisations/${org.id}`, { countryCode: 'zz' });
      expect(patched.status).toBe(400);
      expect(patched.body.errors[0]).toMatchObject({
        path: 'body.countryCode',
        message: 'not an ISO 3166-1 alpha-2 country code',
      });
    });

    it('takes a real code in any case and stores it upper case', async () => {
      const org = await createOrganisation(userA, { countryCode: 'lu' });
      expect(org.countryCode).toBe('LU');
      const patched = await userA.patch(`/api/v1/organisations/${org.id}`, { countryCode: ' be ' });
      expect(patched.body.countryCode).toBe('BE');
      const person = await createPerson(userA, { countryCode: 'ch' });
      expect(person.countryCode).toBe('CH');
    });

    it('refuses it on a contact and in the country filter of the lists', async () => {
      const res = await userA.post('/api/v1/people', { firstName: 'Zed', lastName: 'Zulu', countryCode: 'ZZ' });
      expect(res.status).toBe(400);
      expect(fieldErrors(res.body)).toEqual(['body.countryCode']);
      expect((await userA.get('/api/v1/people?countryCode=ZZ')).status).toBe(400);
      expect((await userA.get('/api/v1/organisations?countryCode=fr,ZZ')).status).toBe(400);
      expect((await userA.get('/api/v1/organisations?countryCode=fr,lu')).status).toBe(200);
    });
  });

  describe('e-mails', () => {
    it('trims a contact’s e-mails like its names, keeping their case', async () => {
      const person = await createPerson(userA, { email: '  Ana.Lima@Acme.fr ', personalEmail: '\tana@home.fr ' });
      expect(person.email).toBe('Ana.Lima@Acme.fr');
      expect(person.personalEmail).toBe('ana@home.fr');
      const patched = await userA.patch(`/api/v1/people/${person.id}`, { personalEmail: ' ana.l@home.fr ' });
      expect(patched.body.personalEmail).toBe('ana.l@home.fr');
    });

    it('keeps the e-mail rule of a team whatever the spaces and case (docs/DOMAIN.md)', async () => {
      await createPerson(userA, { email: 'rule@acme.fr' });
      const res = await userA2.post('/api/v1/people', {
        firstName: 'Autre',
        lastName: 'Personne',
        email: ' RULE@acme.FR  ',
        force: true,
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('person.email_taken');
      expect((await userA.get('/api/v1/people?email=Rule@Acme.fr')).body.total).toBe(1);
    });

    it('trims the e-mails of organisations, links, interactions and users', async () => {
      const org = await createOrganisation(userA, { email: ' contact@acme.fr ' });
      expect(org.email).toBe('contact@acme.fr');
      const person = await createPerson(userA);
      const link = await userA.post(`/api/v1/people/${person.id}/organisations`, {
        organisationId: org.id,
        workEmail: ' p.work@acme.fr ',
      });
      expect(link.status, JSON.stringify(link.body)).toBe(201);
      expect(link.body.workEmail).toBe('p.work@acme.fr');
      const call = await userA.post('/api/v1/interactions', {
        type: 'appel',
        title: 'Appel',
        occurredAt: new Date().toISOString(),
        organisationId: org.id,
        externalParticipants: [{ name: 'Invité', email: ' guest@example.com ' }],
      });
      expect(call.status, JSON.stringify(call.body)).toBe(201);
      expect(call.body.externalParticipants).toEqual([{ name: 'Invité', email: 'guest@example.com' }]);

      const password = 'Blue-Lantern-Orbit-7731';
      const user = await admin.post('/api/v1/users', {
        email: '  New.Colleague@Example.test ',
        name: 'New Colleague',
        role: 'user',
        password,
      });
      expect(user.status, JSON.stringify(user.body)).toBe(201);
      expect(user.body.email).toBe('New.Colleague@Example.test');
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email: ' new.colleague@example.test ', password },
      });
      expect(login.statusCode, login.body).toBe(200);
    });

    it('still refuses what is not an e-mail', async () => {
      const res = await userA.post('/api/v1/people', { firstName: 'No', lastName: 'Mail', email: 'not an e-mail' });
      expect(res.status).toBe(400);
      expect(fieldErrors(res.body)).toEqual(['body.email']);
    });
  });
});
