import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { type Ctx, systemCtx } from '../context.ts';
import { rowsOf } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { withTx } from '../db/tx.ts';
import { GENESIS_HASH, hashAuditRow, KEYED_HASH_ALG, LEGACY_HASH_ALG, type NewAuditRow } from './audit.repo.ts';
import { auditLog } from './audit.schema.ts';
import { audit, verifyAuditChain } from './audit.ts';
import { auditKeyring } from './audit-keys.ts';
import { writeAuditCheckpoint } from './checkpoints.ts';
import { eraseAuditValues } from './redact.ts';

const SUBJECT = '01900000-0000-7000-8000-00000000abcd';
const NAME = 'Zoé Secretan';
const erasure = {
  kind: 'person' as const,
  id: SUBJECT,
  phrases: [NAME, 'zoe@secret.test'],
  names: ['Zoé', 'Secretan'],
  placeholder: '[contact anonymisé]',
};

describe('eraseAuditValues (docs/adr/0011-erasable-audit-values.md)', () => {
  let t: TestApp;
  let ctx: Ctx;
  beforeAll(async () => {
    t = await createTestApp();
    ctx = systemCtx(t.deps);
  });
  afterAll(async () => t?.close());
  const db = () => t.deps.database.db;

  /** A row as written by an earlier version: unkeyed (`sha256`) or keyed over the values (`hmac-sha256`). */
  const writeOld = async (alg: typeof LEGACY_HASH_ALG | typeof KEYED_HASH_ALG, changes: unknown) => {
    const [last] = rowsOf<{ hash: string }>(
      await db().execute(sql`select hash from audit_log order by seq desc limit 1`),
    );
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row: NewAuditRow = {
      id: newId(),
      occurredAt: new Date(),
      actorType: 'system',
      actorId: null,
      actorUserId: null,
      ip: null,
      userAgent: null,
      entityType: 'person',
      entityId: SUBJECT,
      action: 'update',
      changes,
      metadata: null,
    };
    const key = alg === KEYED_HASH_ALG ? auditKeyring(t.deps.config.audit).current : null;
    await db()
      .insert(auditLog)
      .values({ ...row, prevHash, hash: hashAuditRow(row, prevHash, key), hashAlg: alg, keyId: key?.id ?? null });
  };

  it('erases the values of old and new rows; the chain and its checkpoint still verify; a forged erasure does not', async () => {
    await writeOld(LEGACY_HASH_ALG, { lastName: { before: null, after: 'Secretan' } });
    await writeOld(KEYED_HASH_ALG, { email: { before: null, after: 'zoe@secret.test' }, n: { before: 1, after: 2 } });
    await withTx(ctx, async (tx) => {
      await audit(tx, {
        entityType: 'person',
        entityId: SUBJECT,
        action: 'update',
        changes: { firstName: { before: 'Zoë', after: 'Zoé' }, jobTitle: { before: null, after: 'Gérante' } },
      });
      // Another record's row that mentions the person among other text, and one that does not mention them.
      await audit(tx, {
        entityType: 'task',
        entityId: 'x',
        action: 'create',
        changes: { title: { before: null, after: `Appeler ${NAME}` }, status: { before: null, after: 'a_faire' } },
      });
      await audit(tx, { entityType: 'task', entityId: 'y', action: 'create', metadata: { title: 'Appeler Paul' } });
    });
    await writeAuditCheckpoint(t.deps);
    expect((await verifyAuditChain(ctx)).ok).toBe(true);

    const erased = await withTx(ctx, (tx) =>
      eraseAuditValues(tx, { erasure, entityType: 'person', personalFields: ['firstName', 'jobTitle'] }),
    );
    expect(erased).toHaveLength(4);
    const rows = await db().select().from(auditLog).orderBy(auditLog.seq);
    const text = JSON.stringify(rows);
    for (const v of ['Secretan', 'zoe@secret.test', 'Zoé', 'Zoë', 'Gérante']) expect(text).not.toContain(v);
    expect(text).toContain('Appeler Paul');
    expect(rows.map((r) => [r.hashAlg, r.redactionSeal !== null])).toEqual([
      ['sha256', true],
      ['hmac-sha256', true],
      ['hmac-sha256-v2', false],
      ['hmac-sha256-v2', false],
      ['hmac-sha256-v2', false],
    ]);
    // Non-text values stay; each erased text became its digest.
    expect(rows[1]?.changes).toMatchObject({
      n: { before: 1, after: 2 },
      email: { after: { $erased: expect.any(String) } },
    });
    expect(rows[3]?.changes).toMatchObject({ status: { after: 'a_faire' } });
    expect(await verifyAuditChain(ctx)).toMatchObject({ ok: true, checked: 5, checkpoints: 1 });

    // Whoever lacks the key cannot pass off an edit as an erasure, on a new row or on a resealed old one.
    const [, second, third] = rows;
    await db().execute(
      sql`update audit_log set changes = jsonb_set(changes, '{jobTitle,after}', '{"$erased":"${sql.raw('0'.repeat(64))}"}') where seq = ${third?.seq}`,
    );
    expect((await verifyAuditChain(ctx)).firstBroken).toMatchObject({ seq: third?.seq, reason: 'hash_mismatch' });
    await db().execute(
      sql`update audit_log set changes = ${JSON.stringify(third?.changes)}::jsonb where seq = ${third?.seq}`,
    );
    await db().execute(sql`update audit_log set changes = '{"n":{"before":1,"after":3}}' where seq = ${second?.seq}`);
    expect((await verifyAuditChain(ctx)).firstBroken).toMatchObject({ seq: second?.seq, reason: 'hash_mismatch' });
  });
});
