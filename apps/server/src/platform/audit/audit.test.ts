import { describe, expect, it } from 'vitest';
import { hashAuditRow } from './audit.repo.ts';
import { diffFields } from './audit.ts';

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
  it('does not depend on key order (jsonb reorders keys)', () => {
    const reordered = { ...row, changes: { a: { after: 'x', before: null }, b: { after: 2, before: 1 } } };
    expect(hashAuditRow(reordered, '0'.repeat(64))).toBe(hashAuditRow(row, '0'.repeat(64)));
  });
  it('changes with the content and with the previous hash', () => {
    const base = hashAuditRow(row, '0'.repeat(64));
    expect(hashAuditRow({ ...row, ip: '127.0.0.2' }, '0'.repeat(64))).not.toBe(base);
    expect(hashAuditRow(row, '1'.repeat(64))).not.toBe(base);
  });
});
