import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInteraction,
  createMandat,
  createOrganisation,
  createPerson,
  createProduit,
  createTask,
  createTeam,
  createUser,
  sessionHeaders,
} from './factories.ts';
import { type Client, client } from './http.ts';
import { createTestApp, type TestApp } from './test-app.ts';

/**
 * The core CRM's end-to-end story (issue 3), through the public API only, as a manager of a team:
 * organisation, decision maker, call, task, distribution mandate moved to won, fund attached by ISIN,
 * everything on the organisation's timeline, contacts exported as CSV.
 */
describe('the end-to-end story of the core CRM', () => {
  let t: TestApp;
  let api: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.deps, { name: 'Distribution France' });
    const manager = await createUser(t.deps, { role: 'manager', teamId: team.id });
    api = client(t.app, await sessionHeaders(t.deps, manager));
  });
  afterAll(async () => t?.close());

  it('runs from a new organisation to a won mandate with its fund, visible on the timeline and exported', async () => {
    const orgId = (await createOrganisation(api, { name: 'Acme Gestion', category: 'SDG', type: 'emetteur' })).id;

    const jean = await createPerson(api, {
      firstName: 'Jean',
      lastName: 'Dupont',
      email: 'jean.dupont@acme-gestion.example',
      organisationId: orgId,
      role: 'decideur',
    });
    const people = await api.get(`/api/v1/organisations/${orgId}/people`);
    expect(JSON.stringify(people.body)).toContain('decideur');

    await createInteraction(api, {
      type: 'appel',
      title: 'Appel de découverte',
      occurredAt: new Date().toISOString(),
      direction: 'sortant',
      organisationId: orgId,
      personId: jean.id,
    });

    await createTask(api, {
      title: 'Envoyer la proposition',
      category: 'email',
      organisationId: orgId,
      personId: jean.id,
      dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });

    const mandat = await createMandat(api, {
      kind: 'distribution',
      title: 'Distribution Acme Actions Europe',
      organisationId: orgId,
      primaryContactId: jean.id,
      amount: 25_000_000,
    });
    const mandatId = mandat.id;
    for (const stage of ['rdv', 'pitch', 'due_diligence', 'negociation', 'gagne']) {
      const moved = await api.post(`/api/v1/mandats/${mandatId}/stage`, { stage });
      expect(moved.status).toBe(200);
    }

    await createProduit(api, { name: 'Acme Actions Europe', isin: 'FR0010315770', type: 'FCP' });
    const attached = await api.post(`/api/v1/mandats/${mandatId}/produits`, { isin: 'FR0010315770' });
    expect(attached.status).toBeLessThan(300);
    const funds = await api.get(`/api/v1/mandats/${mandatId}/produits`);
    expect(JSON.stringify(funds.body)).toContain('FR0010315770');

    const timeline = await api.get(`/api/v1/organisations/${orgId}/timeline?limit=100`);
    expect(timeline.status).toBe(200);
    const items = timeline.body.items as { kind: string; title: string; data: { to?: string } }[];
    expect(items.some((i) => i.kind === 'interaction' && i.title === 'Appel de découverte')).toBe(true);
    expect(items.some((i) => i.kind === 'task' && i.title === 'Envoyer la proposition')).toBe(true);
    expect(items.some((i) => i.kind === 'stage_change' && i.data.to === 'gagne')).toBe(true);

    const won = await t.deps.database.raw.query(
      `select count(*)::int as n from events where type = 'deal.won' and payload->'mandat'->>'id' = $1`,
      [mandatId],
    );
    expect(won.rows[0]?.n).toBe(1);

    const csv = await api.get(`/api/v1/people/export?format=csv&organisationId=${orgId}`);
    expect(csv.status).toBe(200);
    const rows: string[][] = parse(csv.raw.body.replace(/^\uFEFF/, ''));
    expect(rows[0]?.slice(0, 3)).toEqual(['Prénom', 'Nom', 'E-mail']);
    expect(rows.slice(1).map((r) => r.slice(0, 3))).toEqual([['Jean', 'Dupont', 'jean.dupont@acme-gestion.example']]);
  });
});
