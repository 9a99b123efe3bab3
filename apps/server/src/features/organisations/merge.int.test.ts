import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders } from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { events } from '../../platform/events/events.schema.ts';
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
    // The kept record's event names the fields the merge filled, with what they held; the duplicate's names the kept one.
    const announced = (await db.select().from(events))
      .filter((e) => e.type.startsWith('organisation.'))
      .map((e) => e.payload as Record<string, unknown>)
      .slice(-2);
    expect(announced[0]).toMatchObject({ organisation: { id: dup.id }, mergedInto: kept.id });
    expect(announced[1]).toMatchObject({
      organisation: { id: kept.id, city: 'Paris' },
      changes: ['merge', 'city', 'tags'],
      previous: { city: null, tags: ['actions'] },
    });
  });

  it('moves the records through their owning features: audited and announced (people, interactions, mandates, funds)', async () => {
    const db = t.deps.database.db;
    const kept = (await manager.post('/api/v1/organisations', { name: 'Opéra Finance', force: true })).body;
    const dup = (await manager.post('/api/v1/organisations', { name: 'Opera Finance SA', force: true })).body;
    const marie = (
      await manager.post('/api/v1/people', {
        firstName: 'Marie',
        lastName: 'Curie',
        organisationId: dup.id,
        force: true,
      })
    ).body;
    const call = (
      await manager.post('/api/v1/interactions', {
        type: 'appel',
        title: 'Appel Opéra',
        occurredAt: new Date().toISOString(),
        organisationId: dup.id,
      })
    ).body;
    const task = (await manager.post('/api/v1/tasks', { title: 'Relancer Opéra', organisationId: dup.id })).body;
    const deal = (
      await manager.post('/api/v1/mandats', { kind: 'distribution', title: 'Mandat Opéra', organisationId: dup.id })
    ).body;
    const fund = (
      await manager.post('/api/v1/produits', {
        name: 'Opéra Actions',
        isin: 'FR0010315770',
        managementCompanyId: dup.id,
      })
    ).body;
    expect([marie.id, call.id, task.id, deal.id, fund.id].every(Boolean)).toBe(true);
    const seen = (await db.select({ id: events.id }).from(events)).length;

    const res = await manager.post(`/api/v1/organisations/${kept.id}/merge`, { duplicateId: dup.id });
    expect(res.status).toBe(200);
    expect(res.body.moved).toEqual({
      peopleLinks: 1,
      interactions: 1,
      tasks: 1,
      notes: 0,
      attachments: 0,
      mandats: 1,
      produits: 1,
    });
    const emitted = (await db.select().from(events))
      .slice(seen)
      .map((e) => ({ type: e.type, ...(e.payload as object) }));
    expect(emitted.map((e) => e.type)).toEqual([
      'contact.updated',
      'interaction.updated',
      'task.updated',
      'deal.updated',
      'product.updated',
      'organisation.deleted',
      'organisation.updated',
    ]);
    const moved = { changes: ['organisationId'], previous: { organisationId: dup.id } };
    expect(emitted[0]).toMatchObject({ person: { id: marie.id }, changes: ['organisations'] });
    expect(emitted[1]).toMatchObject({ interaction: { id: call.id, organisationId: kept.id }, ...moved });
    expect(emitted[2]).toMatchObject({ task: { id: task.id, organisationId: kept.id }, ...moved });
    expect(emitted[3]).toMatchObject({ mandat: { id: deal.id, organisationId: kept.id }, ...moved });
    expect(emitted[4]).toMatchObject({
      product: { id: fund.id, managementCompanyId: kept.id },
      changes: ['managementCompanyId'],
      previous: { managementCompanyId: dup.id },
    });

    const merge = { kind: 'organisation', from: dup.id, to: kept.id };
    const audited = async (entityId: string) =>
      (await db.select().from(auditLog).where(eq(auditLog.entityId, entityId))).filter(
        (a) => (a.metadata as { merge?: unknown } | null)?.merge,
      );
    expect(await audited(marie.id)).toEqual([
      expect.objectContaining({
        entityType: 'person',
        action: 'link_update',
        changes: { organisationId: { before: dup.id, after: kept.id } },
        metadata: expect.objectContaining({ merge, organisationId: kept.id }),
      }),
    ]);
    for (const [type, id] of [
      ['interaction', call.id],
      ['task', task.id],
      ['mandat', deal.id],
      ['produit', fund.id],
    ]) {
      expect(await audited(id)).toEqual([expect.objectContaining({ entityType: type, action: 'update' })]);
    }
  });

  it('refuses merging into itself and records the caller may not see', async () => {
    const a = (await manager.post('/api/v1/organisations', { name: 'Merge Alpha', force: true })).body;
    expect((await manager.post(`/api/v1/organisations/${a.id}/merge`, { duplicateId: a.id })).status).toBe(400);
    const b = (await outsider.post('/api/v1/organisations', { name: 'Merge Beta' })).body;
    expect((await manager.post(`/api/v1/organisations/${a.id}/merge`, { duplicateId: b.id })).status).toBe(404);
  });
});
