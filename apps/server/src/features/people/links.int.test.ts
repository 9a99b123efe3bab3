import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createPerson, createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';

describe('person-organisation links', () => {
  let t: TestApp;
  let userA: Client;
  let userB: Client;
  let orgs: { acme: string; beta: string; other: string };

  beforeAll(async () => {
    t = await createTestApp();
    const teamA = await createTeam(t.deps);
    const teamB = await createTeam(t.deps);
    userA = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { teamId: teamA.id })));
    userB = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { teamId: teamB.id })));
    const org = async (c: Client, name: string) => (await createOrganisation(c, { name })).id;
    orgs = {
      acme: await org(userA, 'Acme Gestion'),
      beta: await org(userA, 'Beta Patrimoine'),
      other: await org(userB, 'Gamma Luxembourg'),
    };
  });
  afterAll(async () => t?.close());

  it('links on create, keeps one primary, refuses a duplicate pair and invisible organisations', async () => {
    const created = await userA.post('/api/v1/people', {
      firstName: 'Jean',
      lastName: 'Dupont',
      organisationId: orgs.acme,
      role: 'decideur',
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const url = `/api/v1/people/${id}/organisations`;
    expect((await userA.get(url)).body.items).toEqual([
      expect.objectContaining({
        organisationId: orgs.acme,
        organisationName: 'Acme Gestion',
        role: 'decideur',
        isPrimary: true,
      }),
    ]);

    const beta = await userA.post(url, {
      organisationId: orgs.beta,
      role: 'technique',
      isPrimary: true,
      jobTitle: 'CTO',
    });
    expect(beta.status).toBe(201);
    const items = (await userA.get(url)).body.items as { organisationId: string; isPrimary: boolean; id: string }[];
    expect(items.map((l) => [l.organisationId, l.isPrimary])).toEqual([
      [orgs.beta, true],
      [orgs.acme, false],
    ]);

    const acmeLink = items.find((l) => l.organisationId === orgs.acme)?.id;
    const back = await userA.patch(`${url}/${acmeLink}`, { isPrimary: true, workEmail: 'jean@acme.test' });
    expect(back.body).toMatchObject({ isPrimary: true, workEmail: 'jean@acme.test' });
    expect(((await userA.get(url)).body.items as { isPrimary: boolean }[]).filter((l) => l.isPrimary)).toHaveLength(1);

    const dup = await userA.post(url, { organisationId: orgs.acme });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('person_organisation.already_exists');
    expect((await userA.post(url, { organisationId: orgs.other })).status).toBe(404);

    expect((await userA.delete(`${url}/${beta.body.id}`)).status).toBe(204);
    expect((await userA.get(url)).body.items).toHaveLength(1);
    expect((await userA.delete(`${url}/${beta.body.id}`)).status).toBe(404);

    const audits = await t.deps.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(audits.map((a) => a.action)).toEqual(['create', 'link_add', 'link_add', 'link_update', 'link_remove']);
    const evs = (await t.deps.database.db.select().from(events)).filter(
      (e) => (e.payload as { person?: { id: string } }).person?.id === id,
    );
    expect(evs.map((e) => e.type)).toEqual([
      'contact.created',
      'contact.updated',
      'contact.updated',
      'contact.updated',
    ]);
  });

  it("lists an organisation's contacts with their role; filters people by organisation and role", async () => {
    const p = (await createPerson(userA, { firstName: 'Marie', lastName: 'Curie' })).id;
    await userA.post(`/api/v1/people/${p}/organisations`, { organisationId: orgs.beta, role: 'administratif' });
    const res = await userA.get(`/api/v1/organisations/${orgs.beta}/people?sort=lastName`);
    expect(res.status).toBe(200);
    expect(res.body.items.map((x: { lastName: string; link: { role: string } }) => [x.lastName, x.link.role])).toEqual([
      ['Curie', 'administratif'],
    ]);
    expect((await userA.get(`/api/v1/people?organisationId=${orgs.acme}`)).body.total).toBe(1);
    expect((await userA.get('/api/v1/people?role=administratif,technique')).body.items).toEqual([
      expect.objectContaining({ id: p }),
    ]);
  });

  it('never shows team A links or contacts to team B', async () => {
    const p = (await createPerson(userA, { firstName: 'Secret', lastName: 'Agent' })).id;
    expect((await userB.get(`/api/v1/people/${p}/organisations`)).status).toBe(404);
    expect((await userB.get(`/api/v1/organisations/${orgs.acme}/people`)).status).toBe(404);
    expect((await userB.post(`/api/v1/people/${p}/organisations`, { organisationId: orgs.other })).status).toBe(404);
    // a team B person linked to a team A organisation does not appear on team A's side and vice versa
    const q = (await createPerson(userB, { firstName: 'Hans', lastName: 'Weber' })).id;
    await userB.post(`/api/v1/people/${q}/organisations`, { organisationId: orgs.other });
    expect((await userB.get(`/api/v1/organisations/${orgs.other}/people`)).body.total).toBe(1);
    expect((await userA.get(`/api/v1/organisations/${orgs.other}/people`)).status).toBe(404);
  });
});
