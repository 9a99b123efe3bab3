import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashAuditRow, KEYED_DIGEST_HASH_ALG, valueDigest } from './audit.repo.ts';
import { diffFields } from './audit.ts';
import { auditKeyId, auditKeyring } from './audit-keys.ts';
import { canonicalJson } from './canonical-json.ts';
import { FileCheckpointSink, readCheckpointLine, signCheckpoint } from './checkpoints.ts';

describe('diffFields', () => {
  it('keeps only changed keys and never records secrets or timestamps', () => {
    expect(
      diffFields(
        { name: 'a', role: 'user', passwordHash: 'x', updatedAt: 1 },
        { name: 'b', role: 'user', passwordHash: 'y', updatedAt: 2, teamId: undefined },
      ),
    ).toEqual({ name: { before: 'a', after: 'b' } });
    expect(diffFields(null, { name: 'a' })).toEqual({ name: { before: null, after: 'a' } });
  });
});

describe('hashAuditRow', () => {
  const row = {
    id: '018f0000-0000-7000-8000-000000000000',
    occurredAt: new Date('2026-01-01T00:00:00Z'),
    actorType: 'user',
    actorId: null,
    actorUserId: null,
    ip: '127.0.0.1',
    userAgent: 'ua',
    entityType: 'user',
    entityId: 'x',
    action: 'update',
    changes: { b: { before: 1, after: 2 }, a: { before: null, after: 'x' } },
    metadata: null,
  };
  const key = { id: auditKeyId('k'.repeat(40)), secret: 'k'.repeat(40) };
  const other = { id: auditKeyId('o'.repeat(40)), secret: 'o'.repeat(40) };
  const zero = '0'.repeat(64);

  it('does not depend on key order (jsonb reorders keys)', () => {
    const reordered = { ...row, changes: { a: { after: 'x', before: null }, b: { after: 2, before: 1 } } };
    expect(hashAuditRow(reordered, zero, key)).toBe(hashAuditRow(row, zero, key));
    expect(hashAuditRow(reordered, zero, null)).toBe(hashAuditRow(row, zero, null));
  });
  it('changes with the content and with the previous hash', () => {
    const base = hashAuditRow(row, zero, key);
    expect(hashAuditRow({ ...row, ip: '127.0.0.2' }, zero, key)).not.toBe(base);
    expect(hashAuditRow(row, '1'.repeat(64), key)).not.toBe(base);
  });
  it('is HMAC-SHA256(key, prev + newline + canonical JSON) with a key, plain SHA-256 without', () => {
    const content = canonicalJson({ ...row, occurredAt: row.occurredAt.toISOString() });
    expect(hashAuditRow(row, zero, key)).toBe(
      createHmac('sha256', key.secret).update(`${zero}\n${content}`).digest('hex'),
    );
    expect(hashAuditRow(row, zero, null)).toBe(createHash('sha256').update(`${zero}\n${content}`).digest('hex'));
  });
  it('cannot be recomputed without the key: another key or plain SHA-256 gives another hash', () => {
    const keyed = hashAuditRow(row, zero, key);
    expect(hashAuditRow(row, zero, other)).not.toBe(keyed);
    expect(hashAuditRow(row, zero, null)).not.toBe(keyed);
  });
});

describe('hashAuditRow with value digests (hmac-sha256-v2)', () => {
  const key = { id: auditKeyId('k'.repeat(40)), secret: 'k'.repeat(40) };
  const zero = '0'.repeat(64);
  const row = {
    id: '018f0000-0000-7000-8000-000000000000',
    occurredAt: new Date('2026-01-01T00:00:00Z'),
    actorType: 'user',
    actorId: null,
    actorUserId: null,
    ip: null,
    userAgent: null,
    entityType: 'person',
    entityId: 'x',
    action: 'update',
    changes: { email: { before: 'a@b.test', after: 'c@d.test' }, n: { before: 1, after: 2 } },
    metadata: { note: 'Jean Dupont' },
  };
  const v2 = (r: typeof row | Record<string, unknown>) =>
    hashAuditRow(r as typeof row, zero, key, KEYED_DIGEST_HASH_ALG);

  it('keeps the hash when a text value is replaced by its digest', () => {
    const erased = {
      ...row,
      changes: { ...row.changes, email: { before: { $erased: valueDigest(key, 'a@b.test') }, after: 'c@d.test' } },
      metadata: { note: { $erased: valueDigest(key, 'Jean Dupont') } },
    };
    expect(v2(erased)).toBe(v2(row));
  });
  it('changes with any value, a number, or a wrong digest', () => {
    expect(v2({ ...row, metadata: { note: 'Jean Dupond' } })).not.toBe(v2(row));
    expect(v2({ ...row, changes: { ...row.changes, n: { before: 1, after: 3 } } })).not.toBe(v2(row));
    expect(v2({ ...row, metadata: { note: { $erased: valueDigest(key, 'Paul') } } })).not.toBe(v2(row));
    expect(v2(row)).not.toBe(hashAuditRow(row, zero, key));
  });
});

describe('audit keys', () => {
  it('derives a stable 16-hex-digit id per key, different per key', () => {
    expect(auditKeyId('k'.repeat(40))).toMatch(/^[0-9a-f]{16}$/);
    expect(auditKeyId('k'.repeat(40))).toBe(auditKeyId('k'.repeat(40)));
    expect(auditKeyId('k'.repeat(40))).not.toBe(auditKeyId('o'.repeat(40)));
  });
  it('builds a ring of the current key and the previous ones', () => {
    const ring = auditKeyring({ hmacKey: 'k'.repeat(40), previousKeys: ['o'.repeat(40)] });
    expect(ring.current).toEqual({ id: auditKeyId('k'.repeat(40)), secret: 'k'.repeat(40) });
    expect([...ring.byId.keys()].sort()).toEqual([auditKeyId('k'.repeat(40)), auditKeyId('o'.repeat(40))].sort());
  });
});

describe('checkpoint signatures', () => {
  const ring = auditKeyring({ hmacKey: 'k'.repeat(40), previousKeys: ['o'.repeat(40)] });
  const oldRing = auditKeyring({ hmacKey: 'o'.repeat(40), previousKeys: [] });
  const cp = {
    v: 1 as const,
    seq: 42,
    id: '018f0000-0000-7000-8000-000000000000',
    hash: 'a'.repeat(64),
    rows: 40,
    legacyThroughSeq: 0,
    at: '2026-12-05T10:00:00.000Z',
  };

  it('verifies a signed line with the current or a previous key', () => {
    const line = JSON.stringify(signCheckpoint(cp, ring.current));
    expect(readCheckpointLine(line, ring)).toEqual({ ok: true, checkpoint: { ...cp, keyId: ring.current.id } });
    const old = JSON.stringify(signCheckpoint(cp, oldRing.current));
    expect(readCheckpointLine(old, ring)).toMatchObject({ ok: true });
  });

  it('refuses an edited field, an added field, a bad signature or a broken line', () => {
    const signed = signCheckpoint(cp, ring.current);
    for (const edited of [
      { ...signed, seq: 41 },
      { ...signed, rows: 35 },
      { ...signed, hash: 'b'.repeat(64) },
      { ...signed, extra: true },
      { ...signed, sig: 'f'.repeat(64) },
      { ...signed, sig: 'nope' },
    ]) {
      expect(readCheckpointLine(JSON.stringify(edited), ring)).toMatchObject({
        ok: false,
        reason: 'checkpoint_signature',
      });
    }
    expect(readCheckpointLine(JSON.stringify(signed).slice(0, 40), ring)).toMatchObject({
      ok: false,
      reason: 'checkpoint_signature',
      seq: 0,
    });
    expect(readCheckpointLine('[1]', ring)).toMatchObject({ ok: false, reason: 'checkpoint_signature' });
  });

  it('refuses a checkpoint signed with a key that is not configured', () => {
    const stranger = { id: auditKeyId('s'.repeat(40)), secret: 's'.repeat(40) };
    expect(readCheckpointLine(JSON.stringify(signCheckpoint(cp, stranger)), ring)).toEqual({
      ok: false,
      reason: 'unknown_key',
      seq: 42,
      id: cp.id,
    });
  });
});

describe('FileCheckpointSink', () => {
  it('keeps every line whole when many writers append at once (O_APPEND, one write per line)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'crm-cp-'));
    try {
      const ring = auditKeyring({ hmacKey: 'k'.repeat(40), previousKeys: [] });
      const sink = new FileCheckpointSink(join(dir, 'sub', 'cp.jsonl'));
      const n = 200;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          sink.append(
            signCheckpoint(
              { v: 1, seq: i, id: null, hash: 'c'.repeat(64), rows: i, legacyThroughSeq: 0, at: 'x'.repeat(i) },
              ring.current,
            ),
          ),
        ),
      );
      const seen: number[] = [];
      for await (const { text } of sink.lines()) {
        const r = readCheckpointLine(text, ring);
        if (!r.ok) throw new Error(`bad line: ${text}`);
        seen.push(r.checkpoint.seq);
      }
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
      expect((await stat(sink.path)).mode & 0o777).toBe(0o600);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads a missing file as no checkpoint', async () => {
    const sink = new FileCheckpointSink(join(tmpdir(), 'crm-cp-missing', 'none.jsonl'));
    const lines = [];
    for await (const l of sink.lines()) lines.push(l);
    expect(lines).toEqual([]);
  });
});
