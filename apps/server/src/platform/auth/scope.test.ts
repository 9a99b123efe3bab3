import { PgDialect, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { type Actor, anonymousActor, type Role, systemActor } from '../context.ts';
import { scopesForRole } from './permissions.ts';
import { assertCanModify, canModify, scopeFilter, scopeKey, scopeSql, visibilityOf } from './scope.ts';

const records = pgTable('records', {
  id: uuid('id'),
  ownerId: uuid('owner_id'),
  teamId: uuid('team_id'),
  name: text('name'),
});
const cols = { ownerId: records.ownerId, teamId: records.teamId };
const dialect = new PgDialect();
const render = (actor: Actor) => {
  const where = scopeFilter(actor, cols);
  return where ? dialect.sqlToQuery(where) : undefined;
};

const ME = '018f0000-0000-7000-8000-00000000000a';
const OTHER = '018f0000-0000-7000-8000-00000000000b';
const TEAM = '018f0000-0000-7000-8000-0000000000aa';
const OTHER_TEAM = '018f0000-0000-7000-8000-0000000000bb';

const actor = (role: Role, overrides: Partial<Actor> = {}): Actor => ({
  type: 'user',
  userId: ME,
  role,
  teamId: TEAM,
  scopes: scopesForRole(role),
  ...overrides,
});

describe('scopeFilter', () => {
  it('gives admins and the system every row (no filter)', () => {
    expect(render(actor('admin'))).toBeUndefined();
    expect(render(systemActor)).toBeUndefined();
    expect(scopeKey(actor('admin'))).toBe('all');
  });

  it.each(['manager', 'user', 'viewer'] as const)('limits a %s to their own rows or their team', (role) => {
    const q = render(actor(role));
    expect(q?.sql).toBe('("records"."owner_id" = $1 or "records"."team_id" = $2)');
    expect(q?.params).toEqual([ME, TEAM]);
    expect(scopeKey(actor(role))).toBe(`team:${TEAM}:user:${ME}`);
  });

  it('limits a user without a team to their own rows', () => {
    const q = render(actor('user', { teamId: null }));
    expect(q?.sql).toBe('"records"."owner_id" = $1');
    expect(q?.params).toEqual([ME]);
  });

  it('gives nothing to a non-admin with neither user nor team', () => {
    expect(render(actor('viewer', { userId: null, teamId: null }))?.sql).toBe('false');
  });

  it('refuses an anonymous caller', () => {
    expect(() => scopeFilter(anonymousActor, cols)).toThrowError(
      expect.objectContaining({ code: 'auth.unauthenticated' }),
    );
    expect(() => visibilityOf(anonymousActor)).toThrow();
  });

  it('scopes an API key like its owner', () => {
    const key = actor('user', { type: 'api_key', apiKeyId: OTHER, scopes: ['read'] });
    expect(render(key)?.params).toEqual([ME, TEAM]);
  });
});

describe('scopeSql', () => {
  const raw = (a: Actor, alias = 'm') => {
    const { sql, params } = dialect.sqlToQuery(scopeSql(a, alias));
    return { sql, params };
  };

  it('is the same rule over a table alias, for raw SQL', () => {
    expect(raw(actor('admin'))).toEqual({ sql: 'true', params: [] });
    expect(raw(systemActor).sql).toBe('true');
    expect(raw(actor('manager'))).toEqual({ sql: '("m"."owner_id" = $1 or "m"."team_id" = $2)', params: [ME, TEAM] });
    expect(raw(actor('user', { teamId: null }), 'i')).toEqual({ sql: '"i"."owner_id" = $1', params: [ME] });
    expect(raw(actor('viewer', { userId: null, teamId: null })).sql).toBe('false');
    expect(() => scopeSql(anonymousActor, 'm')).toThrowError(expect.objectContaining({ code: 'auth.unauthenticated' }));
  });

  it('quotes the alias: it is never SQL', () => {
    expect(raw(actor('user'), 'm"; drop table x; --').sql).toContain('"m""; drop table x; --"."owner_id"');
  });
});

describe('canModify', () => {
  const mine = { ownerId: ME, teamId: TEAM };
  const teammates = { ownerId: OTHER, teamId: TEAM };
  const elsewhere = { ownerId: OTHER, teamId: OTHER_TEAM };
  const minePlacedElsewhere = { ownerId: ME, teamId: OTHER_TEAM };

  it.each([
    ['admin', elsewhere, true],
    ['manager', teammates, true],
    ['manager', mine, true],
    ['manager', minePlacedElsewhere, true],
    ['manager', elsewhere, false],
    ['user', mine, true],
    ['user', teammates, false],
    ['user', elsewhere, false],
    ['viewer', mine, false],
    ['viewer', teammates, false],
  ] as const)('%s on %o -> %s', (role, record, expected) => {
    expect(canModify(actor(role), record)).toBe(expected);
  });

  it('lets a user change what they are assigned to', () => {
    expect(canModify(actor('user'), teammates, { assigneeId: ME })).toBe(true);
    expect(canModify(actor('user'), teammates, { assigneeId: OTHER })).toBe(false);
  });

  it('lets the system change anything', () => {
    expect(canModify(systemActor, elsewhere)).toBe(true);
  });

  it('refuses a read-only API key even on its own rows', () => {
    expect(canModify(actor('user', { type: 'api_key', scopes: ['read'] }), mine)).toBe(false);
    expect(canModify(actor('admin', { type: 'api_key', scopes: ['read'] }), mine)).toBe(false);
    expect(canModify(actor('manager', { type: 'api_key', scopes: ['read', 'write'] }), teammates)).toBe(true);
  });

  it('refuses anonymous callers', () => {
    expect(canModify(anonymousActor, mine)).toBe(false);
  });

  it('assertCanModify throws auth.forbidden', () => {
    expect(() => assertCanModify(actor('viewer'), mine)).toThrowError(
      expect.objectContaining({ code: 'auth.forbidden' }),
    );
    expect(() => assertCanModify(actor('user'), mine)).not.toThrow();
  });
});
