import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeTimeCursor, encodeCursor, isCursorValue, type Sort, type SortField } from './keyset.ts';

const sortOf = (key: string, cast: SortField['cast'], dir: 'asc' | 'desc' = 'asc'): Sort => ({
  key,
  dir,
  field: { expr: sql`x`, cast },
});
const ID = '01a24000-0000-7000-8000-000000000000';
const raw = (p: unknown) => Buffer.from(JSON.stringify(p)).toString('base64url');

describe('decodeCursor', () => {
  it('reads back every cursor encodeCursor writes', () => {
    const cases: [Sort, unknown][] = [
      [sortOf('name', 'text'), 'Dupont'],
      [sortOf('updatedAt', 'timestamptz', 'desc'), new Date('2026-11-02T10:00:00.123Z')],
      [sortOf('expectedCloseDate', 'date'), new Date('2026-12-31T00:00:00Z')],
      [sortOf('expectedCloseDate', 'date'), '9999-12-31'],
      [sortOf('amount', 'numeric'), '-1'],
      [sortOf('amount', 'numeric'), '1500000.50'],
      [sortOf('tier', 'int'), 9],
      [sortOf('relevance', 'real', 'desc'), 0.4285714],
      [sortOf('ownerId', 'uuid'), ID],
      [sortOf('name', 'text'), null],
    ];
    for (const [sort, value] of cases) {
      const c = decodeCursor(encodeCursor(sort, value, ID), sort);
      expect(c.id).toBe(ID);
      expect(c.v).toEqual(value instanceof Date ? value.toISOString() : value);
    }
  });

  it('refuses a cursor whose id, value or sort is not what the list would write: 400 list.invalid_cursor', () => {
    const bad: [Sort, string][] = [
      [sortOf('name', 'text'), raw({ k: 'name', d: 'asc', v: 'x', id: 'not-a-uuid' })],
      [sortOf('name', 'text'), raw({ k: 'name', d: 'asc', v: 'x', id: 42 })],
      [sortOf('name', 'text'), raw({ k: 'name', d: 'asc', v: 'a\u0000', id: ID })],
      [sortOf('name', 'text'), raw({ k: 'name', d: 'asc', v: 7, id: ID })],
      [sortOf('name', 'text'), raw({ k: 'name', d: 'asc', id: ID })],
      [sortOf('name', 'text'), raw({ k: 'name', d: 'desc', v: 'x', id: ID })],
      [sortOf('name', 'text'), raw({ k: 'city', d: 'asc', v: 'x', id: ID })],
      [sortOf('name', 'text'), raw(['name', 'asc'])],
      [sortOf('name', 'text'), raw(null)],
      [sortOf('name', 'text'), 'not base64 json'],
      [sortOf('updatedAt', 'timestamptz'), raw({ k: 'updatedAt', d: 'asc', v: 'yesterday', id: ID })],
      [sortOf('updatedAt', 'timestamptz'), raw({ k: 'updatedAt', d: 'asc', v: '2026-02-30T00:00:00Z', id: ID })],
      [sortOf('updatedAt', 'timestamptz'), raw({ k: 'updatedAt', d: 'asc', v: 1_700_000_000, id: ID })],
      [sortOf('d', 'date'), raw({ k: 'd', d: 'asc', v: '2026-13-01', id: ID })],
      [sortOf('amount', 'numeric'), raw({ k: 'amount', d: 'asc', v: '1e5; drop table', id: ID })],
      [sortOf('amount', 'numeric'), raw({ k: 'amount', d: 'asc', v: 'NaN', id: ID })],
      [sortOf('tier', 'int'), raw({ k: 'tier', d: 'asc', v: 1.5, id: ID })],
      [sortOf('tier', 'int'), raw({ k: 'tier', d: 'asc', v: 2 ** 31, id: ID })],
      [sortOf('r', 'real'), raw({ k: 'r', d: 'asc', v: 1e308, id: ID })],
      [sortOf('o', 'uuid'), raw({ k: 'o', d: 'asc', v: 'x', id: ID })],
    ];
    for (const [sort, cursor] of bad) {
      expect(() => decodeCursor(cursor, sort), cursor).toThrow(
        expect.objectContaining({ code: 'list.invalid_cursor' }),
      );
    }
  });

  it('knows which values each cast takes', () => {
    expect(isCursorValue('2026-11-02 10:00:00+01', 'timestamptz')).toBe(true);
    expect(isCursorValue('2026-11-02T10:00:00.123456Z', 'timestamptz')).toBe(true);
    expect(isCursorValue('0000-01-01', 'date')).toBe(false);
    expect(isCursorValue('12', 'int')).toBe(true);
    expect(isCursorValue(Number.POSITIVE_INFINITY, 'numeric')).toBe(false);
  });
});

describe('decodeTimeCursor', () => {
  it('refuses a non-UUID id or an impossible date', () => {
    expect(decodeTimeCursor(raw({ at: '2026-11-02T10:00:00.000Z', id: ID }))).toEqual({
      at: '2026-11-02T10:00:00.000Z',
      id: ID,
    });
    for (const c of [
      { at: '2026-11-02T10:00:00.000Z', id: 'x' },
      { at: 'soon', id: ID },
      { at: '2026-02-31', id: ID },
    ]) {
      expect(() => decodeTimeCursor(raw(c))).toThrow(expect.objectContaining({ code: 'list.invalid_cursor' }));
    }
  });
});
