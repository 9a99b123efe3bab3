import { rm } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import type { Ctx } from '../context.ts';
import { systemCtx } from '../context.ts';
import { rowsOf } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { withTx } from '../db/tx.ts';
import { GENESIS_HASH, hashAuditRow, LEGACY_HASH_ALG } from './audit.repo.ts';
import { auditLog } from './audit.schema.ts';
import { audit, auditMany, diffFields, verifyAuditChain } from './audit.ts';
import { auditKeyring } from './audit-keys.ts';
import { writeAuditCheckpoint } from './checkpoints.ts';

/** The same context with other audit keys (a key rotation). */
function withAuditConfig(ctx: Ctx, keys: { hmacKey: string; previousKeys: string[] }): Ctx {
  const config = { ...ctx.deps.config, audit: { ...ctx.deps.config.audit, ...keys } };
  return { ...ctx, deps: { ...ctx.deps, config } };
}

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
  /** Rows as written before the chain was keyed: plain SHA-256, hash_alg sha256, no key id. */
  const writeLegacy = async (n: number) => {
    for (let i = 0; i < n; i++) {
      const [last] = rowsOf<{ hash: string }>(
        await db().execute(sql`select hash from audit_log order by seq desc limit 1`),
      );
      const prevHash = last?.hash ?? GENESIS_HASH;
      const row = {
        id: newId(),
        occurredAt: new Date(),
        actorType: 'system',
        actorId: null,
        actorUserId: null,
        ip: null,
        userAgent: null,
        entityType: 'legacy',
        entityId: String(i),
        action: 'update',
        changes: null,
        metadata: null,
      };
      await db()
        .insert(auditLog)
        .values({ ...row, prevHash, hash: hashAuditRow(row, prevHash, null), hashAlg: LEGACY_HASH_ALG, keyId: null });
    }
  };
  const seqs = async () =>
    rowsOf<{ seq: string | number }>(await db().execute(sql`select seq from audit_log order by seq`)).map((r) =>
      Number(r.seq),
    );

  it('verifies an intact chain and counts its rows', async () => {
    await write(5);
    const r = await verifyAuditChain(ctx);
    expect(r).toEqual({ ok: true, checked: 5, checkpoints: 0, lastCheckpoint: null });
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

  it('keys every new row with the configured key (hash_alg, key_id)', async () => {
    await write(2);
    const rows = rowsOf<{ hash_alg: string; key_id: string }>(
      await db().execute(sql`select hash_alg, key_id from audit_log order by seq`),
    );
    const keyId = auditKeyring(ctx.deps.config.audit).current.id;
    expect(rows).toEqual([
      { hash_alg: 'hmac-sha256-v2', key_id: keyId },
      { hash_alg: 'hmac-sha256-v2', key_id: keyId },
    ]);
  });

  it('appends a batch in order under one lock, across several INSERT statements', async () => {
    await write(1);
    await withTx(ctx, (tx) =>
      auditMany(
        tx,
        Array.from({ length: 1203 }, (_, i) => ({ entityType: 'batch', entityId: String(i), action: 'create' })),
      ),
    );
    await write(1);
    const ids = rowsOf<{ entity_id: string }>(
      await db().execute(sql`select entity_id from audit_log where entity_type = 'batch' order by seq`),
    ).map((r) => Number(r.entity_id));
    expect(ids).toEqual(Array.from({ length: 1203 }, (_, i) => i));
    expect(await verifyAuditChain(ctx, 100)).toMatchObject({ ok: true, checked: 1205 });
  });

  it('verifies unkeyed rows written before the keyed chain, and then the keyed rows after them', async () => {
    await writeLegacy(3);
    await write(2);
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 5 });
    const cp = await writeAuditCheckpoint(ctx.deps);
    expect(cp).toMatchObject({ seq: (await seqs())[4], rows: 5, legacyThroughSeq: (await seqs())[2] });
  });

  it('refuses an unkeyed row after the first keyed one (a downgrade)', async () => {
    await writeLegacy(2);
    await write(2);
    await writeLegacy(1);
    const last = (await seqs())[4];
    expect((await verifyAuditChain(ctx)).firstBroken).toMatchObject({ seq: last, reason: 'unkeyed_row' });
  });

  it('refuses unkeyed rows past the boundary a checkpoint recorded, even if no keyed row is left before them', async () => {
    await writeLegacy(2);
    await writeAuditCheckpoint(ctx.deps);
    // Rows written later but hashed without the key (as an attacker without it would) are refused.
    await writeLegacy(2);
    const third = (await seqs())[2];
    expect((await verifyAuditChain(ctx)).firstBroken).toMatchObject({ seq: third, reason: 'unkeyed_row' });
  });

  it('verifies rows keyed with a previous key after a rotation, and names the row of an unknown key', async () => {
    await write(2);
    const oldKey = ctx.deps.config.audit.hmacKey;
    const rotated = withAuditConfig(ctx, { hmacKey: 'n'.repeat(48), previousKeys: [oldKey] });
    await writeAuditCheckpoint(ctx.deps);
    await withTx(rotated, (tx) => audit(tx, { entityType: 'thing', action: 'after-rotation' }));
    await writeAuditCheckpoint(rotated.deps);
    const r = await verifyAuditChain(rotated);
    expect(r).toMatchObject({ ok: true, checked: 3, checkpoints: 2 });
    const forgotten = withAuditConfig(ctx, { hmacKey: 'n'.repeat(48), previousKeys: [] });
    const [first, second] = await seqs();
    expect((await verifyAuditChain(forgotten)).firstBroken).toMatchObject({
      seq: second,
      reason: 'unknown_key',
      checkpointLine: 1,
    });
    await rm(ctx.deps.config.audit.checkpointFile, { force: true });
    expect((await verifyAuditChain(forgotten)).firstBroken).toMatchObject({ seq: first, reason: 'unknown_key' });
  });

  it('checks the chain against every checkpoint: the row, its hash, the row count and the head', async () => {
    await write(5);
    const cp = await writeAuditCheckpoint(ctx.deps);
    await write(2);
    const ok = await verifyAuditChain(ctx);
    expect(ok).toEqual({ ok: true, checked: 7, checkpoints: 1, lastCheckpoint: { seq: cp.seq, at: cp.at } });

    // The last three rows deleted: the chain now ends before the checkpoint.
    await db().execute(sql`delete from audit_log where seq >= ${cp.seq}`);
    expect((await verifyAuditChain(ctx)).firstBroken).toEqual({ seq: cp.seq, id: cp.id, reason: 'truncated' });
  });

  it('reports a checkpointed row that is gone while later rows remain', async () => {
    await write(3);
    const cp = await writeAuditCheckpoint(ctx.deps);
    await write(2);
    // Rewire the next row to the one before the deleted one, as if the chain had never had it.
    const [, second, third, fourth] = await seqs();
    const [prev] = rowsOf<{ hash: string }>(await db().execute(sql`select hash from audit_log where seq = ${second}`));
    await db().execute(sql`delete from audit_log where seq = ${third}`);
    await db().execute(sql`update audit_log set prev_hash = ${prev?.hash} where seq = ${fourth}`);
    expect((await verifyAuditChain(ctx)).firstBroken).toEqual({
      seq: cp.seq,
      id: cp.id,
      reason: 'checkpoint_mismatch',
    });
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
    expect(r).toMatchObject({ ok: true, checked: 40 });
  });

  it('writes nothing when the transaction rolls back', async () => {
    await expect(
      withTx(ctx, async (tx) => {
        await audit(tx, { entityType: 'thing', action: 'create' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await seqs()).toEqual([]);
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 0 });
  });
});
