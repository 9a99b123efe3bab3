import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Caller,
  createMandat,
  createOrganisation,
  createPerson,
  createTask,
  twoTeams,
} from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { mandats } from '../mandats/mandats.schema.ts';

// 12:00 in Paris (summer time).
const current = new Date('2025-06-10T10:00:00Z');

describe('GET /api/v1/home', () => {
  let t: TestApp;
  let who: Awaited<ReturnType<typeof twoTeams>>;

  const mandat = (c: Caller, organisationId: string, stage: string, amount: number) =>
    createMandat(c.c, {
      title: `${stage} ${amount}`,
      organisationId,
      stage,
      amount,
      ...(stage === 'perdu' ? { lostReasonCode: 'prix' } : {}),
    });
  /** A mandate won at `closedAt` (written directly: through the API it closes at the clock's now). */
  const wonAt = async (c: Caller, organisationId: string, closedAt: string, amount: string) => {
    await t.deps.database.db.insert(mandats).values({
      kind: 'distribution',
      title: `won ${closedAt}`,
      organisationId,
      stage: 'gagne',
      amount,
      closedAt: new Date(closedAt),
      ownerId: c.id,
      teamId: c.teamId,
    });
  };
  const task = (c: Caller, dueAt: string, over: Record<string, unknown> = {}) =>
    createTask(c.c, { title: `Due ${dueAt}`, dueAt, ...over });

  beforeAll(async () => {
    t = await createTestApp({ deps: { clock: { now: () => current } } });
    who = await twoTeams(t);
    const { userA, userA2, userB } = who;

    const orgA = (await createOrganisation(userA.c, { name: 'Acme Gestion' })).id;
    await createOrganisation(userA2.c, { name: 'Beta Patrimoine' });
    await createPerson(userA.c);
    await mandat(userA, orgA, 'lead', 1000);
    await mandat(userA, orgA, 'pitch', 2500.5);
    await mandat(userA2, orgA, 'pitch', 100.25);
    await mandat(userA, orgA, 'gagne', 10000); // closed now: this year
    await mandat(userA, orgA, 'perdu', 999);
    await wonAt(userA, orgA, '2024-12-31T22:30:00Z', '7000'); // 23:30 in Paris: last year
    await wonAt(userA, orgA, '2024-12-31T23:30:00Z', '1.25'); // 00:30 on 1 January in Paris: this year

    await task(userA, '2025-06-09T08:00:00Z'); // overdue
    await task(userA, '2025-06-10T05:00:00Z'); // 07:00 Paris: already late, so overdue only (never counted twice)
    await task(userA, '2025-06-10T21:30:00Z'); // 23:30 Paris: today
    await task(userA, '2025-06-10T22:30:00Z'); // tomorrow in Paris
    await task(userA, '2025-06-09T08:00:00Z', { status: 'done' }); // closed: not counted
    await task(userA2, '2025-06-09T08:00:00Z'); // someone else's

    const orgB = (await createOrganisation(userB.c, { name: 'Gamma Lux' })).id;
    await mandat(userB, orgB, 'lead', 500);
    await task(userB, '2025-06-10T15:00:00Z');
  });
  afterAll(async () => t?.close());

  it('sums the caller’s own open tasks and the figures of team A’s scope', async () => {
    const res = await who.userA.c.get('/api/v1/home');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({
      tasks: { overdue: 2, today: 1 },
      pipeline: [
        { stage: 'lead', count: 1, amount: '1000.00' },
        { stage: 'rdv', count: 0, amount: '0.00' },
        { stage: 'pitch', count: 2, amount: '2600.75' },
        { stage: 'due_diligence', count: 0, amount: '0.00' },
        { stage: 'negociation', count: 0, amount: '0.00' },
      ],
      figures: {
        organisations: 2,
        people: 1,
        organisationsIsEstimate: false,
        peopleIsEstimate: false,
        openMandats: 3,
        openAmount: '3600.75',
        wonThisYear: { count: 2, amount: '10001.25' },
      },
    });
    // The pipeline's closedFrom filter, which wonThisYear relies on.
    const sinceNewYear = await who.userA.c.get('/api/v1/mandats/pipeline?closedFrom=2024-12-31T23:00:00Z');
    expect(sinceNewYear.body.stages.find((s: { stage: string }) => s.stage === 'gagne')).toEqual({
      stage: 'gagne',
      count: 2,
      totalAmount: '10001.25',
    });
  });

  it('answers other numbers to a user of another team, and everything to an admin', async () => {
    const b = await who.userB.c.get('/api/v1/home');
    expect(b.body.tasks).toEqual({ overdue: 0, today: 1 });
    expect(b.body.figures).toEqual({
      organisations: 1,
      people: 0,
      organisationsIsEstimate: false,
      peopleIsEstimate: false,
      openMandats: 1,
      openAmount: '500.00',
      wonThisYear: { count: 0, amount: '0.00' },
    });
    expect(b.body.pipeline[0]).toEqual({ stage: 'lead', count: 1, amount: '500.00' });

    const admin = await who.admin.c.get('/api/v1/home');
    expect(admin.body.tasks).toEqual({ overdue: 0, today: 0 });
    expect(admin.body.figures).toMatchObject({ organisations: 3, openMandats: 4, openAmount: '4100.75' });
  });

  it('is open to every signed-in role, viewers included, and closed to the anonymous', async () => {
    const viewer = await who.viewerA.c.get('/api/v1/home');
    expect(viewer.status).toBe(200);
    expect(viewer.body.tasks).toEqual({ overdue: 0, today: 0 });
    expect(viewer.body.figures.organisations).toBe(2);
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/home' });
    expect(anon.statusCode).toBe(401);
  });
});
