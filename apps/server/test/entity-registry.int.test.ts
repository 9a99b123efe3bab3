import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { entityDefs } from '../src/entities.ts';
import { maintenanceTasksFor } from '../src/maintenance.ts';
import type { Ctx, Deps } from '../src/platform/context.ts';
import { newId } from '../src/platform/db/ids.ts';
import { withTx } from '../src/platform/db/tx.ts';
import { createRegistry, type EntityDef } from '../src/platform/entities/entity.ts';
import { ownedScope } from '../src/platform/entities/scope.repo.ts';
import { emit } from '../src/platform/events/emit.ts';
import { runMaintenance } from '../src/platform/maintenance/maintenance.ts';
import { col } from '../src/platform/tabular/index.ts';
import { createTeam, createUser, sessionHeaders } from './factories.ts';
import { WebhookReceiver } from './fakes/webhook-receiver.ts';
import { type Client, client } from './http.ts';
import { createTestApp, type TestApp, waitFor } from './test-app.ts';

/**
 * The entity registry is the only list the cross-cutting features read: an entity of this test's own ("gadgets",
 * with a table, a list, routes and events of its own), registered beside the CRM's, is exported, found by the
 * search, binned and restored, cached and evicted, fanned out to a webhook within its owner's scope, and purged,
 * with no file of the application changed (docs/ARCHITECTURE.md, "Entity registry").
 */
const gadgets = pgTable('gadgets', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  searchText: text('search_text').notNull(),
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
  deletedBy: uuid('deleted_by'),
});
type Gadget = typeof gadgets.$inferSelect;

const toDto = ({ searchText: _s, ...g }: Gadget) => g;
const scope = ownedScope(gadgets);
const ListQuery = z.object({
  cursor: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

async function listGadgets(ctx: Ctx, filter: z.infer<typeof ListQuery>) {
  const rows = await ctx.deps.database.db
    .select()
    .from(gadgets)
    .where(
      and(isNull(gadgets.deletedAt), scope.where(ctx.actor), filter.cursor ? gt(gadgets.id, filter.cursor) : undefined),
    )
    .orderBy(asc(gadgets.id))
    .limit(filter.limit + 1);
  const items = rows.slice(0, filter.limit).map(toDto);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}

const gadgetEntity: EntityDef = {
  type: 'gadget',
  path: 'gadgets',
  table: gadgets,
  id: gadgets.id,
  label: sql`${gadgets.name}`,
  labelOf: (r) => String(r.name),
  scope,
  list: { query: ListQuery, run: listGadgets, columns: [col('name', 'Nom'), col('id', 'ID')], savedViews: false },
  cached: true,
  events: { family: 'gadget', key: 'gadget' },
  softDelete: { deletedAt: gadgets.deletedAt, deletedBy: gadgets.deletedBy, bin: {}, purge: { order: 5 } },
  search: { text: gadgets.searchText, sublabel: sql`'gadget'` },
};

/** The gadget's own feature: a cached list and detail, and writes that emit its events. */
const gadgetRoutes: FastifyPluginAsyncZod<{ deps: Deps }> = async (app) => {
  const id = z.object({ id: z.uuid() });
  const change = async (ctx: Ctx, gadgetId: string, type: string, values: Partial<Gadget>) =>
    withTx(ctx, async (t) => {
      const [row] = await t.db.update(gadgets).set(values).where(eq(gadgets.id, gadgetId)).returning();
      if (!row) throw new Error('no such gadget');
      // The catalogue knows no gadget events: the test's own type, past the compile-time check on purpose.
      await emit(t, type as never, { gadget: toDto(row), changes: Object.keys(values) } as never);
      return toDto(row);
    });
  const cache = (kind: 'list' | 'detail') => ({ namespace: 'gadgets', kind, ttl: 'lists' as const });
  app.get(
    '/gadgets',
    { config: { auth: { scope: 'read' }, cache: cache('list') }, schema: { querystring: ListQuery } },
    (req) => listGadgets(req.ctx, req.query),
  );
  app.get(
    '/gadgets/:id',
    { config: { auth: { scope: 'read' }, cache: cache('detail') }, schema: { params: id } },
    async (req) => {
      const [row] = await req.ctx.deps.database.db.select().from(gadgets).where(eq(gadgets.id, req.params.id));
      return row && toDto(row);
    },
  );
  app.post(
    '/gadgets',
    { config: { auth: { scope: 'write' } }, schema: { body: z.object({ name: z.string() }) } },
    async (req, reply) => {
      const { actor } = req.ctx;
      const dto = await withTx(req.ctx, async (t) => {
        const [row] = await t.db
          .insert(gadgets)
          .values({
            id: newId(),
            name: req.body.name,
            searchText: req.body.name.toLowerCase(),
            ownerId: actor.userId,
            teamId: actor.teamId,
          })
          .returning();
        await emit(t, 'gadget.created' as never, { gadget: toDto(row as Gadget) } as never);
        return toDto(row as Gadget);
      });
      return reply.status(201).send(dto);
    },
  );
  app.patch(
    '/gadgets/:id',
    { config: { auth: { scope: 'write' } }, schema: { params: id, body: z.object({ name: z.string() }) } },
    (req) =>
      change(req.ctx, req.params.id, 'gadget.updated', {
        name: req.body.name,
        searchText: req.body.name.toLowerCase(),
      }),
  );
  app.delete('/gadgets/:id', { config: { auth: { scope: 'write' } }, schema: { params: id } }, async (req, reply) => {
    await change(req.ctx, req.params.id, 'gadget.deleted', { deletedAt: new Date(), deletedBy: req.ctx.actor.userId });
    return reply.status(204).send();
  });
  app.post('/gadgets/:id/restore', { config: { auth: { scope: 'write' } }, schema: { params: id } }, (req) =>
    change(req.ctx, req.params.id, 'gadget.restored', { deletedAt: null, deletedBy: null }),
  );
};

describe('an entity registered beside the CRM’s takes part in every cross-cutting feature', () => {
  let t: TestApp;
  let rx: WebhookReceiver;
  let alice: Client;
  let bruno: Client;

  beforeAll(async () => {
    t = await createTestApp({
      worker: true,
      deps: { entities: createRegistry([...entityDefs, gadgetEntity]) },
      routes: [gadgetRoutes],
      env: { WEBHOOKS_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOKS_POLL_MS: '50', WEBHOOKS_RATE_PER_SECOND: '1000' },
    });
    await t.deps.database.raw.query(`create table gadgets (id uuid primary key, name text not null,
      search_text text not null, owner_id uuid, team_id uuid, deleted_at timestamptz, deleted_by uuid)`);
    rx = await WebhookReceiver.start();
    const [ta, tb] = [await createTeam(t.deps), await createTeam(t.deps)];
    alice = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user', teamId: ta.id })));
    bruno = client(t.app, await sessionHeaders(t.deps, await createUser(t.deps, { role: 'user', teamId: tb.id })));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await rx?.close();
  });

  it('exports, searches, caches and evicts, bins and restores, fans out in scope, and purges a gadget', async () => {
    const hook = await alice.post('/api/v1/webhooks', { url: rx.url, eventTypes: ['*'] });
    expect(hook.status, JSON.stringify(hook.body)).toBe(201);
    rx.secrets = [hook.body.secret];

    const mine = (await alice.post('/api/v1/gadgets', { name: 'Boussole dorée' })).body;
    const theirs = (await bruno.post('/api/v1/gadgets', { name: 'Boussole argentée' })).body;

    // Exported through the export route made for every entity with a list, in the caller's scope.
    const csv = await alice.get('/api/v1/gadgets/export?format=csv');
    expect(csv.status).toBe(200);
    expect(csv.raw.body).toContain('Boussole dorée');
    expect(csv.raw.body).not.toContain('Boussole argentée');

    // Found by the search, in scope, typed by the registry.
    const found = await alice.get('/api/v1/search?q=boussole&types=gadget');
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.items.map((h: { id: string; type: string }) => [h.type, h.id])).toEqual([['gadget', mine.id]]);

    // Cached, then evicted by its own event: the next read after a rename is fresh.
    expect((await alice.get('/api/v1/gadgets')).headers['x-cache']).toBe('miss');
    expect((await alice.get('/api/v1/gadgets')).headers['x-cache']).toBe('hit');
    expect((await alice.get(`/api/v1/gadgets/${mine.id}`)).headers['x-cache']).toBe('miss');
    expect((await alice.get(`/api/v1/gadgets/${mine.id}`)).headers['x-cache']).toBe('hit');
    expect((await alice.patch(`/api/v1/gadgets/${mine.id}`, { name: 'Boussole polie' })).status).toBe(200);
    const fresh = await alice.get('/api/v1/gadgets');
    expect(fresh.headers['x-cache']).toBe('miss');
    expect(fresh.body.items.map((g: Gadget) => g.name)).toEqual(['Boussole polie']);
    const detail = await alice.get(`/api/v1/gadgets/${mine.id}`);
    expect([detail.headers['x-cache'], detail.body.name]).toEqual(['miss', 'Boussole polie']);

    // Binned: listed in the recycle bin with its restore path, restored through it.
    expect((await alice.delete(`/api/v1/gadgets/${mine.id}`)).status).toBe(204);
    const bin = await alice.get('/api/v1/recycle-bin?type=gadget');
    expect(bin.status, JSON.stringify(bin.body)).toBe(200);
    expect(bin.body.items).toEqual([
      expect.objectContaining({
        type: 'gadget',
        id: mine.id,
        label: 'Boussole polie',
        restorePath: `/api/v1/gadgets/${mine.id}/restore`,
      }),
    ]);
    expect((await alice.post(bin.body.items[0].restorePath)).status).toBe(200);
    expect((await alice.get('/api/v1/recycle-bin?type=gadget')).body.items).toEqual([]);
    expect((await alice.get('/api/v1/gadgets')).body.items.map((g: Gadget) => g.id)).toEqual([mine.id]);

    // Fanned out to the owner's endpoint: every event of their gadget, none of the other team's.
    const expected = ['gadget.created', 'gadget.updated', 'gadget.deleted', 'gadget.restored'];
    const received = await waitFor(async () => {
      const of = rx.received.filter((r) => r.type.startsWith('gadget.'));
      return of.length >= expected.length ? of : null;
    });
    expect(received.map((r) => r.type).sort()).toEqual([...expected].sort()); // deliveries run in parallel
    expect(received.every((r) => r.verified && JSON.parse(r.body).data.gadget.id === mine.id)).toBe(true);

    // Purged by the maintenance 30 days after deletion, like every binned entity.
    expect((await bruno.delete(`/api/v1/gadgets/${theirs.id}`)).status).toBe(204);
    await t.deps.database.raw.query(`update gadgets set deleted_at = now() - interval '31 days' where id = $1`, [
      theirs.id,
    ]);
    const results = await runMaintenance(t.deps, maintenanceTasksFor(t.deps.entities), { execute: true });
    expect(results.find((r) => r.name === 'recycle-bin:gadgets')).toMatchObject({ affected: 1 });
    const left = await t.deps.database.raw.query('select id from gadgets');
    expect(left.rows.map((r) => r.id)).toEqual([mine.id]);
    // The other team's gadget, created and deleted meanwhile, never reached Alice's endpoint.
    expect(rx.received.filter((r) => JSON.parse(r.body).data?.gadget?.id === theirs.id)).toEqual([]);
  }, 90_000);
});
