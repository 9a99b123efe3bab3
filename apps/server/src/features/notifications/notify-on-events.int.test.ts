import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMandat,
  createOrganisation,
  createTask,
  createTeam,
  createUser,
  sessionHeaders,
} from '../../../test/factories.ts';
import { type Client, client } from '../../../test/http.ts';
import { createTestApp, type TestApp, waitFor } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';
import type { DomainEvent } from '../../platform/events/emit.ts';
import { events } from '../../platform/events/events.schema.ts';
import { notifications } from './notifications.schema.ts';
import { notifyOnEvents } from './notify-on-events.ts';

/** Domain events turned into bell notifications by the worker: who is told, in which language, once. */
describe('notifications from domain events', () => {
  let t: TestApp;
  let manager: { id: string; c: Client };
  let bob: { id: string; c: Client };
  let emma: { id: string; c: Client };

  const notesOf = (userId: string) =>
    t.deps.database.db.select().from(notifications).where(eq(notifications.userId, userId));
  /** Waits until the worker has dispatched and handled every event, so "nothing arrived" is a real answer. */
  const settled = async () => {
    const idle = await waitFor(async () => {
      const rows = rowsOf<{ n: number }>(
        await t.deps.database.db.execute(
          sql`select count(*)::int as n from pgboss.job
              where name in ('dispatch-event', 'handle-event') and state in ('created', 'retry', 'active')`,
        ),
      );
      return rows[0]?.n === 0;
    }, 20_000);
    expect(idle).toBe(true);
  };

  beforeAll(async () => {
    t = await createTestApp({ worker: true });
    const team = await createTeam(t.deps);
    const mk = async (role: 'manager' | 'user', locale: 'fr' | 'en' = 'fr') => {
      const u = await createUser(t.deps, { role, teamId: team.id, locale });
      return { id: u.id, c: client(t.app, await sessionHeaders(t.deps, u)) };
    };
    manager = await mk('manager');
    bob = await mk('user');
    emma = await mk('user', 'en');
  });
  afterAll(async () => t?.close());

  it('tells the assignee of a task someone else gave them, with a link to it; not the one who assigned it', async () => {
    const task = await createTask(manager.c, { title: 'Envoyer le DICI', assigneeId: bob.id });
    const [note] =
      (await waitFor(async () => {
        const rows = (await notesOf(bob.id)).filter((n) => n.type === 'task.assigned');
        return rows.length ? rows : null;
      })) ?? [];
    expect(note).toMatchObject({
      title: 'Nouvelle tâche pour vous : Envoyer le DICI',
      data: { entityType: 'task', id: task.id },
      readAt: null,
    });
    expect(await notesOf(manager.id)).toEqual([]);
  });

  it('says nothing about a task people give themselves', async () => {
    await createTask(bob.c, { title: 'Pour moi-même', assigneeId: bob.id });
    await settled();
    expect((await notesOf(bob.id)).map((n) => n.title)).not.toContain('Nouvelle tâche pour vous : Pour moi-même');
  });

  it("writes in the recipient's language and tells a mandate's owner when someone else wins it or moves it", async () => {
    const org = await createOrganisation(manager.c, { name: 'Gestion Notifiée' });
    const mandat = await createMandat(manager.c, {
      organisationId: org.id,
      kind: 'distribution',
      title: 'Distribution Notifiée',
      ownerId: emma.id,
    });
    const move = (stage: string) => manager.c.post(`/api/v1/mandats/${mandat.id}/stage`, { stage });
    expect((await move('pitch')).status).toBe(200);
    expect((await move('gagne')).status).toBe(200);
    const notes = await waitFor(async () => {
      const rows = await notesOf(emma.id);
      return rows.length >= 2 ? rows : null;
    });
    expect(notes?.map((n) => [n.type, n.title, n.body]).sort()).toEqual([
      ['deal.stage_changed', 'Mandate moved on: Distribution Notifiée', 'Lead → Pitch'],
      ['deal.won', 'Mandate won: Distribution Notifiée', null],
    ]);
    // The owner moving their own mandate is not told.
    const own = await emma.c.post(`/api/v1/mandats/${mandat.id}/stage`, { stage: 'negociation' });
    expect(own.status).toBe(200);
    await settled();
    expect(await notesOf(emma.id)).toHaveLength(2);
  });

  it('tells the owner of a lost mandate why: the reason in their language, then the detail given', async () => {
    const org = await createOrganisation(manager.c, { name: 'Gestion Perdue' });
    const lose = async (ownerId: string, title: string, reason: Record<string, string>) => {
      const m = await createMandat(manager.c, { organisationId: org.id, title, ownerId });
      const res = await manager.c.post(`/api/v1/mandats/${m.id}/stage`, { stage: 'perdu', ...reason });
      expect(res.status).toBe(200);
    };
    await lose(bob.id, 'Perdu avec précision', { lostReasonCode: 'prix', lostReason: 'Frais d’entrée de 3 %' });
    await lose(bob.id, 'Perdu sans précision', { lostReasonCode: 'conformite' });
    await lose(emma.id, 'Lost with a detail', { lostReasonCode: 'budget', lostReason: 'Enveloppe consommée' });
    const lostOf = async (userId: string) =>
      (await notesOf(userId)).filter((n) => n.type === 'deal.lost').map((n) => [n.title, n.body]);
    const bobs = await waitFor(async () => ((await lostOf(bob.id)).length === 2 ? lostOf(bob.id) : null));
    expect(bobs.sort()).toEqual([
      ['Mandat perdu : Perdu avec précision', 'Frais trop élevés : Frais d’entrée de 3 %'],
      ['Mandat perdu : Perdu sans précision', 'Conformité ou due diligence'],
    ]);
    const emmas = await waitFor(async () => ((await lostOf(emma.id)).length === 1 ? lostOf(emma.id) : null));
    expect(emmas).toEqual([['Mandate lost: Lost with a detail', 'No budget: Enveloppe consommée']]);
  });

  it('tells a user once about one event, however often its handler runs', async () => {
    const task = await createTask(manager.c, { title: 'Une seule fois', assigneeId: bob.id });
    const once = (rows: { title: string }[]) => rows.filter((n) => n.title.endsWith('Une seule fois'));
    await waitFor(async () => once(await notesOf(bob.id)).length === 1);
    const assigned = (await t.deps.database.db.select().from(events).where(eq(events.type, 'task.assigned'))).find(
      (e) => (e.payload as { task: { id: string } }).task.id === task.id,
    );
    expect(assigned).toBeDefined();
    await notifyOnEvents.handle(assigned as DomainEvent, { deps: t.deps, log: t.deps.log } as never);
    await notifyOnEvents.handle(assigned as DomainEvent, { deps: t.deps, log: t.deps.log } as never);
    expect(once(await notesOf(bob.id))).toHaveLength(1);
  });
});
