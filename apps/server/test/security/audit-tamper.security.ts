/**
 * Finding 5 (docs/adr/0007-keyed-audit-chain.md): an attacker with write access to the database tampers with the
 * audit trail by direct SQL, as in the attack: edits a row, deletes one, deletes the last rows, edits a row and
 * recomputes every later hash (plain SHA-256, or HMAC with a key of their own), reorders rows, appends a forged
 * row, edits the checkpoint file. Each must be reported, through `GET /api/v1/audit/verify` and `npm run
 * audit:verify`, at the first bad row with the expected reason. The chain is anchored by the checkpoint job first,
 * as the worker does every ten minutes.
 */
import { spawnSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAuditRow, type NewAuditRow } from '../../src/platform/audit/audit.repo.ts';
import { auditKeyId, auditKeyring } from '../../src/platform/audit/audit-keys.ts';
import { canonicalJson } from '../../src/platform/audit/canonical-json.ts';
import { writeAuditCheckpointJob } from '../../src/platform/audit/checkpoint.job.ts';
import { openDatabase, rowsOf } from '../../src/platform/db/client.ts';
import { newId } from '../../src/platform/db/ids.ts';
import { describeReport, verifyDatabaseAuditChain } from '../../src/scripts/audit-verify.ts';
import { createUser, sessionHeaders } from '../factories.ts';
import { createTestApp, type TestApp } from '../test-app.ts';

let t: TestApp;
let admin: Record<string, string>;
/** The chain's seqs, in order, after the setup (about 21 rows: the admin's creation and 20 teams). */
let seqs: number[];

const db = () => t.deps.database.db;
const q = async <T>(query: ReturnType<typeof sql>) => rowsOf<T>(await db().execute(query));
const rowAt = async (seq: number) =>
  (await q<Record<string, unknown>>(sql`select * from audit_log where seq = ${seq}`))[0] as Record<string, unknown>;

/** Runs the checkpoint job's handler, as the worker's cron does. */
async function runCheckpointJob() {
  const log = pino({ level: 'silent' });
  return writeAuditCheckpointJob.handler?.({}, { deps: t.deps, log, jobId: 'test', retryCount: 0 });
}

/** Both verifiers (the API and the script's) report the same first bad row. */
async function expectBroken(seq: number, reason: string, extra: Record<string, unknown> = {}) {
  const res = await t.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: admin });
  expect(res.statusCode).toBe(200);
  const api = res.json();
  expect(api.ok).toBe(false);
  expect(api.firstBroken).toMatchObject({ seq, reason, ...extra });
  const script = await verifyDatabaseAuditChain(t.deps.database, t.config, { checkpoint: true });
  expect(script.firstBroken).toEqual(api.firstBroken);
  expect(script.written).toBeUndefined();
  expect(describeReport(script)).toMatch(new RegExp(`^Audit chain BROKEN at seq ${seq} \\(id .+\\): ${reason}`));
}

/** The row as the hash covers it (column names of the API). */
function contentOf(r: Record<string, unknown>): NewAuditRow {
  return {
    id: r.id as string,
    occurredAt: new Date(r.occurred_at as string),
    actorType: r.actor_type as string,
    actorId: (r.actor_id as string) ?? null,
    actorUserId: (r.actor_user_id as string) ?? null,
    ip: (r.ip as string) ?? null,
    userAgent: (r.user_agent as string) ?? null,
    entityType: r.entity_type as string,
    entityId: (r.entity_id as string) ?? null,
    action: r.action as string,
    changes: r.changes ?? null,
    metadata: r.metadata ?? null,
  };
}

/**
 * The attacker's rewrite: from `fromSeq` on, recomputes every prev_hash and hash with `hashOf` (they do not have the
 * key), optionally also changing hash_alg / key_id, so every link holds again.
 */
async function rehashFrom(
  fromSeq: number,
  hashOf: (prev: string, content: string) => string,
  set: { hashAlg?: string; keyId?: string } = {},
) {
  const [before] = await q<{ hash: string }>(
    sql`select hash from audit_log where seq < ${fromSeq} order by seq desc limit 1`,
  );
  let prev = before?.hash ?? '0'.repeat(64);
  for (const r of await q<Record<string, unknown>>(sql`select * from audit_log where seq >= ${fromSeq} order by seq`)) {
    const c = contentOf(r);
    const hash = hashOf(prev, canonicalJson({ ...c, occurredAt: c.occurredAt.toISOString() }));
    await db().execute(
      sql`update audit_log set prev_hash = ${prev}, hash = ${hash},
        hash_alg = coalesce(${set.hashAlg ?? null}::text, hash_alg), key_id = coalesce(${set.keyId ?? null}::text, key_id)
        where seq = ${r.seq as number}`,
    );
    prev = hash;
  }
}

describe('audit chain tampering (finding 5)', () => {
  beforeEach(async () => {
    t = await createTestApp();
    const user = await createUser(t.deps, { role: 'admin' });
    admin = await sessionHeaders(t.deps, user);
    for (let i = 0; i < 20; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/teams',
        headers: admin,
        payload: { name: `Tamper ${i}` },
      });
      expect(res.statusCode).toBe(201);
    }
    seqs = (await q<{ seq: number }>(sql`select seq from audit_log order by seq`)).map((r) => Number(r.seq));
    expect(seqs.length).toBeGreaterThanOrEqual(20);
    await runCheckpointJob();
    const ok = (await t.app.inject({ method: 'GET', url: '/api/v1/audit/verify', headers: admin })).json();
    expect(ok).toMatchObject({ ok: true, checked: seqs.length, lastCheckpoint: { seq: seqs.at(-1) } });
  });
  afterEach(async () => t?.close());

  const at = (i: number) => seqs[i] as number;

  it('a row edited in place: hash_mismatch at that row', async () => {
    await db().execute(
      sql`update audit_log set changes = '{"name":{"before":null,"after":"Forged"}}' where seq = ${at(5)}`,
    );
    await expectBroken(at(5), 'hash_mismatch');
  });

  it('a row deleted in the middle: prev_hash_mismatch at the next row', async () => {
    await db().execute(sql`delete from audit_log where seq = ${at(7)}`);
    await expectBroken(at(8), 'prev_hash_mismatch');
  });

  it('the last 5 rows deleted: truncated, the chain ends before the last checkpoint', async () => {
    await db().execute(sql`delete from audit_log where seq >= ${at(seqs.length - 5)}`);
    await expectBroken(at(seqs.length - 1), 'truncated');
  });

  it('a row edited and every later hash recomputed with plain SHA-256: hash_mismatch at the edited row', async () => {
    await db().execute(sql`update audit_log set action = 'read' where seq = ${at(4)}`);
    await rehashFrom(at(4), (prev, content) => createHash('sha256').update(`${prev}\n${content}`).digest('hex'));
    await expectBroken(at(4), 'hash_mismatch');
  });

  it('the same, also marking the rewritten rows as unkeyed (a downgrade): unkeyed_row at the edited row', async () => {
    await db().execute(sql`update audit_log set action = 'read' where seq = ${at(4)}`);
    await rehashFrom(at(4), (prev, content) => createHash('sha256').update(`${prev}\n${content}`).digest('hex'), {
      hashAlg: 'sha256',
    });
    await expectBroken(at(4), 'unkeyed_row');
  });

  it('a row edited and every later hash recomputed with HMAC and a wrong key: hash_mismatch at the edited row', async () => {
    const wrong = randomBytes(32).toString('hex');
    await db().execute(sql`update audit_log set ip = '198.51.100.7' where seq = ${at(9)}`);
    await rehashFrom(at(9), (prev, content) => createHmac('sha256', wrong).update(`${prev}\n${content}`).digest('hex'));
    await expectBroken(at(9), 'hash_mismatch');
  });

  it('the same, naming the wrong key as the rows key: unknown_key at the edited row', async () => {
    const wrong = randomBytes(32).toString('hex');
    await db().execute(sql`update audit_log set ip = '198.51.100.7' where seq = ${at(9)}`);
    await rehashFrom(
      at(9),
      (prev, content) => createHmac('sha256', wrong).update(`${prev}\n${content}`).digest('hex'),
      { keyId: auditKeyId(wrong) },
    );
    await expectBroken(at(9), 'unknown_key');
  });

  it("two rows' seq swapped (reordered): prev_hash_mismatch at the first of them", async () => {
    // seq is GENERATED ALWAYS: the attacker, with DDL rights, lifts that first.
    await db().execute(sql`alter table audit_log alter column seq set generated by default`);
    await db().execute(sql`update audit_log set seq = -1 where seq = ${at(10)}`);
    await db().execute(sql`update audit_log set seq = ${at(10)} where seq = ${at(11)}`);
    await db().execute(sql`update audit_log set seq = ${at(11)} where seq = -1`);
    await expectBroken(at(10), 'prev_hash_mismatch');
  });

  it('a forged row appended after the head, linked to it: hash_mismatch at the forged row', async () => {
    const head = await rowAt(at(seqs.length - 1));
    const forged = {
      ...contentOf(head),
      id: newId(),
      occurredAt: new Date(),
      entityType: 'user',
      action: 'role_change',
      changes: { role: { before: 'user', after: 'admin' } },
    };
    const keyId = auditKeyring(t.config.audit).current.id;
    // Without the key the attacker can only guess a hash: the chain's own formula with plain SHA-256.
    const hash = hashAuditRow(forged, head.hash as string, null);
    await db().execute(sql`insert into audit_log (id, occurred_at, actor_type, actor_id, actor_user_id, ip, user_agent,
        entity_type, entity_id, action, changes, metadata, prev_hash, hash, hash_alg, key_id)
      values (${forged.id}, ${forged.occurredAt.toISOString()}, ${forged.actorType}, ${forged.actorId}, ${forged.actorUserId},
        ${forged.ip}, ${forged.userAgent}, ${forged.entityType}, ${forged.entityId}, ${forged.action},
        ${JSON.stringify(forged.changes)}::jsonb, null, ${head.hash as string}, ${hash}, 'hmac-sha256', ${keyId})`);
    const [row] = await q<{ seq: number }>(sql`select seq from audit_log where id = ${forged.id}`);
    await expectBroken(Number(row?.seq), 'hash_mismatch');
  });

  it('the checkpoint file edited to hide deleted rows: checkpoint_signature at its line', async () => {
    await db().execute(sql`delete from audit_log where seq >= ${at(seqs.length - 5)}`);
    const file = t.config.audit.checkpointFile;
    const [line] = readFileSync(file, 'utf8').trim().split('\n');
    const cp = JSON.parse(line as string);
    // The checkpoint moved back to the new head, with the old signature (the attacker cannot sign).
    const head = await rowAt(at(seqs.length - 6));
    writeFileSync(
      file,
      `${JSON.stringify({ ...cp, seq: at(seqs.length - 6), hash: head.hash, rows: seqs.length - 5 })}\n`,
    );
    await expectBroken(at(seqs.length - 6), 'checkpoint_signature', { checkpointLine: 1 });
  });
});

describe('npm run audit:verify (the real script, its exit code and output)', () => {
  it('prints OK with the last checkpoint, then BROKEN (exit 1) after the last rows are deleted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crm-audit-verify-'));
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: dir,
      DATABASE_URL: '',
      REDIS_URL: '',
      LOG_LEVEL: 'silent',
      SESSION_SECRET: randomBytes(32).toString('hex'),
      AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
      AUDIT_CHECKPOINT_FILE: join(dir, 'audit-checkpoints.jsonl'),
    };
    const run = () =>
      spawnSync('npx', ['tsx', 'src/scripts/audit-verify.ts'], {
        cwd: new URL('../..', import.meta.url).pathname,
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
    try {
      const app = await createTestApp({
        env,
        deps: { database: await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') }) },
      });
      const user = await createUser(app.deps, { role: 'admin' });
      const h = await sessionHeaders(app.deps, user);
      for (let i = 0; i < 8; i++) {
        await app.app.inject({ method: 'POST', url: '/api/v1/teams', headers: h, payload: { name: `Script ${i}` } });
      }
      const all = rowsOf<{ seq: number }>(
        await app.deps.database.db.execute(sql`select seq from audit_log order by seq`),
      ).map((r) => Number(r.seq));
      await app.close();

      const ok = run();
      expect(ok.stderr).toBe('');
      expect(ok.stdout.trim()).toBe(`Audit chain OK: ${all.length} rows, last checkpoint at seq ${all.at(-1)}`);
      expect(ok.status).toBe(0);

      const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'pglite') });
      await database.db.execute(sql`delete from audit_log where seq >= ${all.at(-5) as number}`);
      await database.close();
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stderr.trim()).toMatch(
        new RegExp(`^Audit chain BROKEN at seq ${all.at(-1)} \\(id [0-9a-f-]{36}\\): truncated`),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
