import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, sessionHeaders } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { rowsOf } from '../../platform/db/client.ts';
import { describeReport, verifyDatabaseAuditChain } from '../../scripts/audit-verify.ts';

describe('audit log API', () => {
  let t: TestApp;
  let h: Record<string, string>;
  let adminId: string;
  const get = (url: string, headers = h) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers });

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await createUser(t.deps, { role: 'admin' });
    adminId = admin.id;
    h = await sessionHeaders(t.deps, admin);
    for (const name of ['A', 'B', 'C', 'D', 'E']) {
      await t.app.inject({ method: 'POST', url: '/api/v1/teams', headers: h, payload: { name: `Audit ${name}` } });
    }
  });
  afterAll(async () => t?.close());

  it('lists rows newest first with a seq cursor and filters', async () => {
    const first = await get('/audit?entityType=team&limit=3');
    expect(first.statusCode).toBe(200);
    const p1 = first.json();
    expect(p1.items).toHaveLength(3);
    expect(p1.items[0].seq).toBeGreaterThan(p1.items[1].seq);
    expect(p1.nextCursor).toBe(String(p1.items[2].seq));
    const p2 = (await get(`/audit?entityType=team&limit=3&cursor=${p1.nextCursor}`)).json();
    expect(p2.items).toHaveLength(2);
    expect(p2.nextCursor).toBeNull();
    expect(p2.items[0]).toMatchObject({ action: 'create', actorUserId: adminId, actorType: 'user' });

    const byActor = (await get(`/audit?actorUserId=${adminId}&action=create&limit=100`)).json();
    expect(byActor.items).toHaveLength(5);
    const future = (
      await get(`/audit?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)
    ).json();
    expect(future.items).toHaveLength(0);
  });

  it('answers 400 for a bad cursor or date', async () => {
    expect((await get('/audit?cursor=abc')).statusCode).toBe(400);
    expect((await get('/audit?from=yesterday')).json().code).toBe('request.validation');
  });

  it('verifies the chain through the API and the script helper', async () => {
    const res = await get('/audit/verify');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ ok: true });
    expect(res.json().checked).toBeGreaterThanOrEqual(5);
    const report = await verifyDatabaseAuditChain(t.deps.database, t.config);
    expect(describeReport(report)).toMatch(/^Audit chain OK: \d+ rows, no checkpoint yet$/);
    // The script anchors the head it verified; the API then checks the chain against that checkpoint.
    const anchored = await verifyDatabaseAuditChain(t.deps.database, t.config, { checkpoint: true });
    expect(describeReport(anchored)).toBe(
      `Audit chain OK: ${anchored.checked} rows, last checkpoint at seq ${anchored.written?.seq}`,
    );
    const after = (await get('/audit/verify')).json();
    expect(after).toEqual({
      ok: true,
      checked: anchored.checked,
      checkpoints: 1,
      lastCheckpoint: { seq: anchored.written?.seq, at: anchored.written?.at },
    });
  });

  it('lists rows with how they were hashed', async () => {
    const [row] = (await get('/audit?limit=1')).json().items;
    expect(row).toMatchObject({ hashAlg: 'hmac-sha256-v2', keyId: expect.stringMatching(/^[0-9a-f]{16}$/) });
  });

  it('reports a tampered row from the script helper', async () => {
    const [row] = rowsOf<{ seq: number }>(
      await t.deps.database.db.execute(sql`select seq from audit_log where entity_type = 'team' order by seq limit 1`),
    );
    await t.deps.database.db.execute(
      sql`update audit_log set changes = '{"name":{"before":null,"after":"forged"}}' where seq = ${row?.seq}`,
    );
    const report = await verifyDatabaseAuditChain(t.deps.database, t.config, { checkpoint: true });
    expect(report.ok).toBe(false);
    expect(report.written).toBeUndefined();
    expect(describeReport(report)).toMatch(
      new RegExp(`^Audit chain BROKEN at seq ${row?.seq} \\(id .+\\): hash_mismatch`),
    );
  });
});
