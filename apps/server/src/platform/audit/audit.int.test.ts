import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import type { Ctx } from '../context.ts';
import { systemCtx } from '../context.ts';
import { rowsOf } from '../db/client.ts';
import { withTx } from '../db/tx.ts';
import { audit, diffFields, verifyAuditChain } from './audit.ts';

/** Each test gets a fresh database: the chain is global, so tampering must not leak between tests. */
describe('audit chain', () => {
  let t: TestApp | undefined;
  let ctx: Ctx;
  beforeEach(async () => {
    await t?.close();
    t = await createTestApp();
    ctx = systemCtx(t.deps, { ip: '203.0.113.9', userAgent: 'chain-test' });
  });
  afterAll(async () => t?.close());

  const db = () => (t as TestApp).deps.database.db;
  const write = async (n: number) => {
    for (let i = 0; i < n; i++) {
      await withTx(ctx, (tx) =>
        audit(tx, {
          entityType: 'thing',
          entityId: `thing-${i}`,
          action: 'update',
          changes: diffFields({ n: i }, { n: i + 1 }),
        }),
      );
    }
  };
  const seqs = async () =>
    rowsOf<{ seq: string | number }>(await db().execute(sql`select seq from audit_log order by seq`)).map((r) =>
      Number(r.seq),
    );

  it('verifies an intact chain and counts its rows', async () => {
    await write(5);
    const r = await verifyAuditChain(ctx);
    expect(r).toEqual({ ok: true, checked: 5 });
  });

  it('records the actor, IP, user agent and before/after', async () => {
    await write(1);
    const [row] = rowsOf<Record<string, unknown>>(await db().execute(sql`select * from audit_log`));
    expect(row).toMatchObject({
      actor_type: 'system',
      ip: '203.0.113.9',
      user_agent: 'chain-test',
      entity_type: 'thing',
      action: 'update',
      changes: { n: { before: 0, after: 1 } },
    });
  });

  it('reports hash_mismatch at a row whose changes were edited with raw SQL', async () => {
    await write(5);
    const [, , third] = await seqs();
    await db().execute(sql`update audit_log set changes = '{"n":{"before":0,"after":999}}' where seq = ${third}`);
    const r = await verifyAuditChain(ctx);
    expect(r.ok).toBe(false);
    expect(r.checked).toBe(2);
    expect(r.firstBroken).toMatchObject({ seq: third, reason: 'hash_mismatch' });
  });

  it('reports prev_hash_mismatch at the row after a deleted one', async () => {
    await write(5);
    const [, second, third] = await seqs();
    await db().execute(sql`delete from audit_log where seq = ${second}`);
    const r = await verifyAuditChain(ctx);
    expect(r.ok).toBe(false);
    expect(r.firstBroken).toMatchObject({ seq: third, reason: 'prev_hash_mismatch' });
  });

  it('reports the row whose hash was recomputed without the chain (forged hash)', async () => {
    await write(3);
    const [first] = await seqs();
    await db().execute(sql`update audit_log set hash = repeat('a', 64) where seq = ${first}`);
    const r = await verifyAuditChain(ctx);
    expect(r.firstBroken).toMatchObject({ seq: first, reason: 'hash_mismatch' });
  });

  it('stays unbroken under 20 concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        withTx(ctx, async (tx) => {
          await audit(tx, { entityType: 'race', entityId: String(i), action: 'create' });
          await audit(tx, { entityType: 'race', entityId: String(i), action: 'update' });
        }),
      ),
    );
    const r = await verifyAuditChain(ctx);
    expect(r).toEqual({ ok: true, checked: 40 });
  });

  it('writes nothing when the transaction rolls back', async () => {
    await expect(
      withTx(ctx, async (tx) => {
        await audit(tx, { entityType: 'thing', action: 'create' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await seqs()).toEqual([]);
    expect(await verifyAuditChain(ctx)).toEqual({ ok: true, checked: 0 });
  });
});
