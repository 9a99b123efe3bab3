import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { maintenanceTasks, runMaintenanceJob } from '../../maintenance.ts';
import { auditNow } from '../audit/audit.ts';
import { systemCtx } from '../context.ts';
import { newId } from '../db/ids.ts';
import { runMaintenance } from './maintenance.ts';

const DAY = 24 * 3600 * 1000;

describe('runMaintenance', () => {
  let t: TestApp;
  const q = (text: string, values?: unknown[]) => t.deps.database.raw.query(text, values);
  const count = async (table: string) => Number((await q(`select count(*)::int as n from ${table}`)).rows[0]?.n);

  beforeAll(async () => {
    t = await createTestApp();
    const u = await createUser(t.deps);
    const now = Date.now();
    const ago = (days: number) => new Date(now - days * DAY).toISOString();
    const session = (expires: string, revoked: string | null) =>
      q(
        `insert into sessions (id, user_id, token_hash, expires_at, absolute_expires_at, revoked_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [newId(), u.id, newId(), expires, ago(-20), revoked],
      );
    await session(ago(10), null); // expired 10 days ago: purged
    await session(ago(-1), ago(8)); // revoked 8 days ago: purged
    await session(ago(2), null); // expired 2 days ago: kept (grace of 7 days)
    await session(ago(-1), null); // live: kept
    const reset = (expires: string, used: string | null) =>
      q(`insert into password_reset_tokens (id, user_id, token_hash, expires_at, used_at) values ($1,$2,$3,$4,$5)`, [
        newId(),
        u.id,
        newId(),
        expires,
        used,
      ]);
    await reset(ago(-0.01), ago(0.001)); // used: purged
    await reset(ago(0.5), null); // expired: purged
    await reset(ago(-0.02), null); // valid: kept
    await q(`insert into login_failures (id, email, at) values ($1, 'a@x.test', $2), ($3, 'a@x.test', $4)`, [
      newId(),
      ago(2),
      newId(),
      ago(0.1),
    ]);
    const notif = (read: string | null) =>
      q(`insert into notifications (id, user_id, type, title, read_at) values ($1,$2,'t','T',$3)`, [
        newId(),
        u.id,
        read,
      ]);
    await notif(ago(100)); // read long ago: purged
    await notif(ago(10)); // read recently: kept
    await notif(null); // unread: kept
    const insertJobs = () =>
      q(
        `insert into pgboss.job (id, name, state, created_on, completed_on)
         values (gen_random_uuid(), '__maintenance_test', 'completed', $1, $1),
                (gen_random_uuid(), '__maintenance_test', 'failed', $1, $1),
                (gen_random_uuid(), '__maintenance_test', 'created', $1, null),
                (gen_random_uuid(), '__maintenance_test', 'completed', $2, $2)`,
        [ago(10), ago(1)],
      );
    // pg-boss 10 partitions jobs by queue: create the queue when the insert needs it.
    await insertJobs().catch(async () => {
      await q(`select pgboss.create_queue('__maintenance_test', '{}'::json)`);
      await insertJobs();
    });
    await q(
      `insert into idempotency_keys (caller, key, request_hash, state, expires_at)
       values ('user:a', 'expired', 'h', 'done', $1), ('user:a', 'live', 'h', 'done', $2)`,
      [ago(0.01), ago(-0.5)],
    );
    await auditNow(systemCtx(t.deps), { entityType: 'test', action: 'create', entityId: null });
  });
  afterAll(async () => t?.close());

  const byName = (rs: { name: string; affected: number }[]) => Object.fromEntries(rs.map((r) => [r.name, r.affected]));

  it('counts in a dry run and changes nothing', async () => {
    const before = await Promise.all(['sessions', 'notifications', 'audit_log'].map(count));
    const results = await runMaintenance(t.deps, maintenanceTasks);
    expect(byName(results)).toMatchObject({
      sessions: 2,
      'password-reset-tokens': 2,
      'login-failures': 1,
      'idempotency-keys': 1,
      notifications: 1,
      jobs: 2,
    });
    expect(results.every((r) => !r.note.startsWith('failed'))).toBe(true);
    expect(await Promise.all(['sessions', 'notifications', 'audit_log'].map(count))).toEqual(before);
  });

  it('deletes with execute, never touches the audit log, and finds nothing on a second run', async () => {
    const audits = await count('audit_log');
    expect(audits).toBeGreaterThan(0);
    const results = await runMaintenance(t.deps, maintenanceTasks, { execute: true });
    expect(byName(results)).toMatchObject({
      sessions: 2,
      'password-reset-tokens': 2,
      'login-failures': 1,
      'idempotency-keys': 1,
      notifications: 1,
      jobs: 2,
    });
    expect(await count('sessions')).toBe(2);
    expect(await count('password_reset_tokens')).toBe(1);
    expect(await count('login_failures')).toBe(1);
    expect((await q('select key from idempotency_keys')).rows).toEqual([{ key: 'live' }]);
    expect(await count('notifications')).toBe(2);
    expect(await count(`pgboss.job where name = '__maintenance_test'`)).toBe(2);
    expect(await count('audit_log')).toBe(audits);
    const vacuum = results.find((r) => r.name === 'vacuum-analyze');
    // On PGlite too: it has no autovacuum, and list totals beyond 1,000 rows need statistics.
    expect(vacuum?.note).toBe('done');

    const again = await runMaintenance(t.deps, maintenanceTasks, { execute: true });
    expect(again.reduce((n, r) => n + r.affected, 0)).toBe(0);
  });

  it('is scheduled daily as the run-maintenance job', () => {
    expect(runMaintenanceJob.name).toBe('run-maintenance');
    expect(runMaintenanceJob.cron).toBe('30 3 * * *');
    expect(runMaintenanceJob.handler).toBeTypeOf('function');
  });
});
