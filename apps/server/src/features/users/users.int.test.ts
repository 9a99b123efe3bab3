import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTeam, createUser, sessionHeaders, type TestUser } from '../../../test/factories.ts';
import { createTestApp, type TestApp } from '../../../test/test-app.ts';
import { listAuditRows } from '../../platform/audit/audit.repo.ts';
import { systemCtx } from '../../platform/context.ts';

const STRONG = 'Blue-Lantern-Orbit-7731';

describe('users administration', () => {
  let t: TestApp;
  let admin: TestUser;
  let h: Record<string, string>;
  const inject = (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Record<string, unknown>,
    headers = h,
  ) => t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload }) });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await createUser(t.deps, { role: 'admin', name: 'Alice Admin' });
    h = { ...(await sessionHeaders(t.deps, admin)), 'user-agent': 'vitest-admin' };
  });
  afterAll(async () => t?.close());

  describe('createUser', () => {
    it('creates a user and never returns secrets', async () => {
      const team = await createTeam(t.deps);
      const res = await inject('POST', '/users', {
        email: 'Bob.Martin@Example.test',
        name: 'Bob Martin',
        role: 'manager',
        teamId: team.id,
        password: STRONG,
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body).toMatchObject({ name: 'Bob Martin', role: 'manager', teamId: team.id, isActive: true });
      expect(JSON.stringify(body)).not.toMatch(/passwordHash|totpSecret|argon2/);
      const got = await inject('GET', `/users/${body.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.json().email).toBe('Bob.Martin@Example.test');
    });

    it('answers 409 user.already_exists for a taken e-mail, whatever its case', async () => {
      const existing = await createUser(t.deps, { email: 'taken@example.test' });
      const res = await inject('POST', '/users', {
        email: existing.email.toUpperCase(),
        name: 'Dup',
        role: 'user',
        password: STRONG,
      });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('user.already_exists');
    });

    it('enforces the password policy', async () => {
      const res = await inject('POST', '/users', {
        email: 'weak@example.test',
        name: 'Weak',
        role: 'user',
        password: 'password1234',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'auth.weak_password' });
      expect(res.json().errors[0].path).toBe('password');
    });

    it('answers problem+json 400 request.validation with the failing fields', async () => {
      const res = await inject('POST', '/users', { email: 'not-an-email', name: '', role: 'king', password: STRONG });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.code).toBe('request.validation');
      const paths = body.errors.map((e: { path: string }) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['body.email', 'body.name', 'body.role']));
    });

    it('refuses an unknown team with 400', async () => {
      const res = await inject('POST', '/users', {
        email: 'noteam@example.test',
        name: 'No Team',
        role: 'user',
        teamId: '018f0000-0000-7000-8000-000000000000',
        password: STRONG,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('user.team_unknown');
    });

    it('writes an audit row with actor, IP, user agent and the created fields', async () => {
      const res = await inject('POST', '/users', {
        email: 'audited@example.test',
        name: 'Aud',
        role: 'viewer',
        password: STRONG,
      });
      const id = res.json().id;
      const [row] = await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: id, limit: 5 });
      expect(row).toMatchObject({
        action: 'create',
        actorType: 'user',
        actorUserId: admin.id,
        userAgent: 'vitest-admin',
        ip: '127.0.0.1',
      });
      expect(row?.changes).toMatchObject({
        email: { before: null, after: 'audited@example.test' },
        role: { before: null, after: 'viewer' },
      });
      expect(JSON.stringify(row?.changes)).not.toContain('password');
    });
  });

  describe('listUsers', () => {
    it('pages with a cursor and filters by role, team, active flag and q', async () => {
      const team = await createTeam(t.deps);
      for (let i = 0; i < 5; i++) await createUser(t.deps, { role: 'viewer', teamId: team.id, name: `Zoé Page ${i}` });
      await createUser(t.deps, { role: 'viewer', teamId: team.id, name: 'Zoé Gone', isActive: false });
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await inject(
          'GET',
          `/users?teamId=${team.id}&isActive=true&limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode).toBe(200);
        const body = res.json();
        expect(body.total).toBe(5);
        seen.push(...body.items.map((u: { id: string }) => u.id));
        cursor = body.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);

      const q = await inject('GET', `/users?q=${encodeURIComponent('zoé gone')}`);
      expect(q.json().items.map((u: { name: string }) => u.name)).toEqual(['Zoé Gone']);
      const admins = await inject('GET', '/users?role=admin');
      expect(admins.json().items.every((u: { role: string }) => u.role === 'admin')).toBe(true);
    });

    it('finds users by part of their e-mail, ignoring case', async () => {
      const u = await createUser(t.deps, { email: 'Claire.Dupont@Cabinet-CGP.test', name: 'Claire' });
      const res = await inject('GET', '/users?q=CLAIRE.DUPONT%40cabinet');
      expect(res.json().items.map((x: { id: string }) => x.id)).toEqual([u.id]);
    });

    it('finds users whatever the case and accents typed', async () => {
      const u = await createUser(t.deps, { email: 'eloise.marchand@cabinet.test', name: 'Éloïse Marchand' });
      for (const typed of ['eloise', 'ÉLOÏSE MARCH', 'Eloïse'])
        expect(
          (await inject('GET', `/users?q=${encodeURIComponent(typed)}`)).json().items.map((x: { id: string }) => x.id),
          typed,
        ).toEqual([u.id]);
    });

    it('treats % and _ in q literally', async () => {
      const res = await inject('GET', '/users?q=%25');
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBe(0);
    });
  });

  describe('updateUser and deactivateUser', () => {
    it('changes role, team and locale, and audits before/after', async () => {
      const team = await createTeam(t.deps);
      const u = await createUser(t.deps, { role: 'user' });
      const res = await inject('PATCH', `/users/${u.id}`, { role: 'manager', teamId: team.id, locale: 'en' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ role: 'manager', teamId: team.id, locale: 'en' });
      const [row] = await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: u.id, limit: 1 });
      expect(row?.action).toBe('update');
      expect(row?.changes).toEqual({
        role: { before: 'user', after: 'manager' },
        teamId: { before: null, after: team.id },
        locale: { before: 'fr', after: 'en' },
      });
    });

    it('revokes the sessions of a deactivated user (their old headers get 401)', async () => {
      const u = await createUser(t.deps, { role: 'user' });
      const theirs = await sessionHeaders(t.deps, u);
      expect((await inject('GET', '/users/directory', undefined, theirs)).statusCode).toBe(200);
      const res = await inject('DELETE', `/users/${u.id}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().isActive).toBe(false);
      expect((await inject('GET', '/users/directory', undefined, theirs)).statusCode).toBe(401);
      const [row] = await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: u.id, limit: 1 });
      expect(row).toMatchObject({ action: 'deactivate', metadata: { sessionsRevoked: 1 } });
      expect(row?.changes).toEqual({ isActive: { before: true, after: false } });
    });

    it('refuses to demote or deactivate the last active admin with 409 user.last_admin', async () => {
      const admins = (await inject('GET', '/users?role=admin&isActive=true&limit=200')).json().items;
      // Leave exactly one active admin: demote all others.
      for (const a of admins) if (a.id !== admin.id) await inject('PATCH', `/users/${a.id}`, { role: 'user' });
      const demote = await inject('PATCH', `/users/${admin.id}`, { role: 'manager' });
      expect(demote.statusCode).toBe(409);
      expect(demote.json().code).toBe('user.last_admin');
      const deactivate = await inject('DELETE', `/users/${admin.id}`);
      expect(deactivate.statusCode).toBe(409);
      expect(deactivate.json().code).toBe('user.last_admin');

      const second = await createUser(t.deps, { role: 'admin' });
      // With two active admins, either may step down.
      const ok = await inject('PATCH', `/users/${admin.id}`, { role: 'manager' });
      expect(ok.statusCode).toBe(200);
      const back = await inject('PATCH', `/users/${admin.id}`, { role: 'admin' }, await sessionHeaders(t.deps, second));
      expect(back.statusCode).toBe(200);
    });

    it('answers 404 user.not_found for an unknown id', async () => {
      const res = await inject('PATCH', '/users/018f0000-0000-7000-8000-000000000001', { name: 'x' });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('user.not_found');
    });
  });

  describe('updateMe', () => {
    it('lets any signed-in user change their own name and language, audited, and nothing else', async () => {
      const v = await createUser(t.deps, { role: 'viewer', name: 'Vera Viewer' });
      const theirs = await sessionHeaders(t.deps, v);
      const res = await inject('PATCH', '/users/me', { name: 'Vera V.', locale: 'en' }, theirs);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ id: v.id, name: 'Vera V.', locale: 'en', role: 'viewer' });
      const [row] = await listAuditRows(t.deps.database.db, { entityType: 'user', entityId: v.id, limit: 1 });
      expect(row?.action).toBe('update');
      expect(row?.changes).toEqual({
        name: { before: 'Vera Viewer', after: 'Vera V.' },
        locale: { before: 'fr', after: 'en' },
      });
      const escalate = await inject('PATCH', '/users/me', { role: 'admin' }, theirs);
      expect(escalate.statusCode).toBe(400);
      expect(escalate.json()).toMatchObject({ code: 'request.unknown_property', errors: [{ path: 'body.role' }] });
    });
  });

  describe('service-level checks', () => {
    it('refuses a non-admin caller even outside HTTP (jobs, scripts)', async () => {
      const { createUser: createUserService } = await import('./users.service.ts');
      const ctx = {
        ...systemCtx(t.deps),
        actor: {
          type: 'user' as const,
          userId: admin.id,
          role: 'manager' as const,
          teamId: null,
          scopes: ['read' as const, 'write' as const],
        },
      };
      await expect(
        createUserService(ctx, { email: 'svc@example.test', name: 'Svc', role: 'admin', password: STRONG }),
      ).rejects.toMatchObject({ code: 'auth.forbidden' });
    });
  });

  describe('listUserDirectory', () => {
    it('shows a non-admin only the active users of their team and themselves', async () => {
      const team = await createTeam(t.deps);
      const other = await createTeam(t.deps);
      const me = await createUser(t.deps, { role: 'user', teamId: team.id });
      const mate = await createUser(t.deps, { role: 'viewer', teamId: team.id });
      await createUser(t.deps, { role: 'user', teamId: team.id, isActive: false });
      const stranger = await createUser(t.deps, { role: 'user', teamId: other.id });
      const res = await inject('GET', '/users/directory', undefined, await sessionHeaders(t.deps, me));
      expect(res.statusCode).toBe(200);
      const ids = res.json().items.map((u: { id: string }) => u.id);
      expect(ids.sort()).toEqual([me.id, mate.id].sort());
      expect(ids).not.toContain(stranger.id);
      expect(Object.keys(res.json().items[0]).sort()).toEqual(['email', 'id', 'name', 'role', 'teamId']);

      const all = await inject('GET', '/users/directory');
      expect(all.json().items.map((u: { id: string }) => u.id)).toContain(stranger.id);
    });
  });
});

describe('last-admin guard under concurrency', () => {
  let t: TestApp;
  afterAll(async () => t?.close());

  it('lets only one of two admins demote the other at the same time', async () => {
    t = await createTestApp();
    const a = await createUser(t.deps, { role: 'admin' });
    const b = await createUser(t.deps, { role: 'admin' });
    const [ha, hb] = [await sessionHeaders(t.deps, a), await sessionHeaders(t.deps, b)];
    const results = await Promise.all([
      t.app.inject({ method: 'PATCH', url: `/api/v1/users/${b.id}`, headers: ha, payload: { role: 'user' } }),
      t.app.inject({ method: 'PATCH', url: `/api/v1/users/${a.id}`, headers: hb, payload: { role: 'user' } }),
    ]);
    const statuses = results.map((r) => r.statusCode).sort();
    // Either one demotion wins and the other sees a 409 (or a 403: its author is no longer an admin).
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await t.app.inject({
      method: 'GET',
      url: '/api/v1/users?role=admin&isActive=true',
      headers: results[0]?.statusCode === 200 ? ha : hb,
    });
    expect(admins.json().total).toBe(1);
  });
});
