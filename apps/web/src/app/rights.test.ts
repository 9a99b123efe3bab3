// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { mayModify } from './auth.tsx';

const me = { id: 'me', teamId: 't1' };
const mine = { ownerId: 'me', teamId: 't1' };
const teammates = { ownerId: 'mate', teamId: 't1' };
const elsewhere = { ownerId: 'other', teamId: 't2' };

describe('mayModify: the web offers edit controls by the server’s own rule', () => {
  it.each([
    ['admin', elsewhere, true],
    ['manager', teammates, true],
    ['manager', elsewhere, false],
    ['user', mine, true],
    ['user', teammates, false],
    ['viewer', mine, false],
  ] as const)('%s on %o: %s', (role, record, expected) => {
    expect(mayModify({ ...me, role }, record)).toBe(expected);
  });

  it('a user may change a teammate’s task assigned to them', () => {
    expect(mayModify({ ...me, role: 'user' }, { ...teammates, assigneeId: 'me' })).toBe(true);
    expect(mayModify({ ...me, role: 'user' }, { ...teammates, assigneeId: 'mate' })).toBe(false);
  });
});
