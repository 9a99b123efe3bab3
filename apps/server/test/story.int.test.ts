import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from './factories.ts';
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
    const org = await api.post('/api/v1/organisations', { name: 'Acme Gestion', category: 'SDG', type: 'emetteur' });
    expect(org.status).toBe(201);
    const orgId = org.body.id as string;

    const jean = await api.post('/api/v1/people', {
      firstName: 'Jean',
      lastName: 'Dupont',
      email: 'jean.dupont@acme-gestion.example',
      organisationId: orgId,
      role: 'decideur',
    });
    expect(jean.status).toBe(201);
    const people = await api.get(`/api/v1/organisations/${orgId}/people`);
    expect(JSON.stringify(people.body)).toContain('decideur');

    const call = await api.post('/api/v1/interactions', {
      type: 'appel',
      title: 'Appel de découverte',
      occurredAt: new Date().toISOString(),
      direction: 'sortant',
      organisationId: orgId,
      personId: jean.body.id,
    });
    expect(call.status).toBe(201);

    const task = await api.post('/api/v1/tasks', {
      title: 'Envoyer la proposition',
      category: 'email',
      organisationId: orgId,
      personId: jean.body.id,
      dueAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
    });
    expect(task.status).toBe(201);

    const mandat = await api.post('/api/v1/mandats', {
      kind: 'distribution',
      title: 'Distribution Acme Actions Europe',
      organisationId: orgId,
      primaryContactId: jean.body.id,
      amount: 25_000_000,
    });
    expect(mandat.status).toBe(201);
    const mandatId = mandat.body.id as string;
    for (const stage of ['rdv', 'pitch', 'due_diligence', 'negociation', 'gagne']) {
      const moved = await api.post(`/api/v1/mandats/${mandatId}/stage`, { stage });
      expect(moved.status).toBe(200);
    }

    const fund = await api.post('/api/v1/produits', { name: 'Acme Actions Europe', isin: 'FR0010315770', type: 'FCP' });
    expect(fund.status).toBe(201);
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
