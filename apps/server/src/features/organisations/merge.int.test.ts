import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { personOrganisations } from '../people/people.schema.ts';

describe('POST /api/v1/organisations/:id/merge', () => {
  let t: TestApp;
  let manager: Client;
  let outsider: Client;

  beforeAll(async () => {
    t = await createTestApp();
    const team = await createTeam(t.deps);
    manager = client(
      t.app,
      await sessionHeaders(t.deps, await createUser(t.deps, { role: 'manager', teamId: team.id })),
    );
    outsider = client(
      t.app,
      await sessionHeaders(
        t.deps,
        await createUser(t.deps, { role: 'manager', teamId: (await createTeam(t.deps)).id }),
      ),
    );
  });
  afterAll(async () => t?.close());

  it('moves contacts, interactions and mandates, fills empty fields, bins the duplicate and audits both', async () => {
    const kept = (await manager.post('/api/v1/organisations', { name: 'Rivoli Gestion', tags: ['actions'] })).body;
    const dup = (
      await manager.post('/api/v1/organisations', {
        name: 'Rivolli Gestion SA',
        city: 'Paris',
        tags: ['esg'],
        force: true,
      })
    ).body;
    const jean = await manager.post('/api/v1/people', {
      firstName: 'Jean',
      lastName: 'Dupont',
      organisationId: dup.id,
    });
    expect(jean.status).toBe(201);
    await manager.post('/api/v1/interactions', {
      type: 'appel',
      title: 'Appel',
      occurredAt: new Date().toISOString(),
      organisationId: dup.id,
    });
    await manager.post('/api/v1/mandats', { kind: 'distribution', title: 'Mandat Rivoli', organisationId: dup.id });

    const res = await manager.post(`/api/v1/organisations/${kept.id}/merge`, { duplicateId: dup.id });
    expect(res.status).toBe(200);
    expect(res.body.organisation).toMatchObject({ city: 'Paris', tags: ['actions', 'esg'] });
    expect(res.body.moved).toMatchObject({ peopleLinks: 1, interactions: 1, mandats: 1 });

    const db = t.deps.database.db;
    expect(
      (await db.select().from(personOrganisations).where(eq(personOrganisations.organisationId, kept.id))).length,
    ).toBe(1);
    expect((await db.select().from(interactions).where(eq(interactions.organisationId, kept.id))).length).toBe(1);
    expect((await db.select().from(mandats).where(eq(mandats.organisationId, kept.id))).length).toBe(1);
    expect((await manager.get(`/api/v1/organisations/${dup.id}`)).status).toBe(404);
    const actions = (await db.select().from(auditLog).where(eq(auditLog.entityId, dup.id))).map((r) => r.action);
    expect(actions).toContain('merged_into');
    const keptActions = (await db.select().from(auditLog).where(eq(auditLog.entityId, kept.id))).map((r) => r.action);
    expect(keptActions).toContain('merge');
  });

  it('refuses merging into itself and records the caller may not see', async () => {
    const a = (await manager.post('/api/v1/organisations', { name: 'Merge Alpha', force: true })).body;
    expect((await manager.post(`/api/v1/organisations/${a.id}/merge`, { duplicateId: a.id })).status).toBe(400);
    const b = (await outsider.post('/api/v1/organisations', { name: 'Merge Beta' })).body;
    expect((await manager.post(`/api/v1/organisations/${a.id}/merge`, { duplicateId: b.id })).status).toBe(404);
  });
});
