import { describe, expect, it } from 'vitest';
import { canUndo, uncompletePatch, undoRows } from './undo.ts';

describe('undoing a completion', () => {
  it('puts the task back in the status it had, todo or doing', () => {
    expect(uncompletePatch({ status: 'todo' })).toEqual({ status: 'todo' });
    expect(uncompletePatch({ status: 'doing' })).toEqual({ status: 'doing' });
  });

  it('has nothing to undo for a task that was not open', () => {
    expect(uncompletePatch({ status: 'done' })).toBeNull();
    expect(uncompletePatch({ status: 'cancelled' })).toBeNull();
  });
});

describe('undoing a bulk update', () => {
  it('sends each updated row its own previous values, nulls included', () => {
    const previous = {
      a: { tier: 1, ownerId: 'u1' },
      b: { tier: null, ownerId: 'u2' },
    };
    expect(undoRows(previous)).toEqual([
      { id: 'a', patch: { tier: 1, ownerId: 'u1' } },
      { id: 'b', patch: { tier: null, ownerId: 'u2' } },
    ]);
    expect(canUndo(previous)).toBe(true);
  });

  it('leaves out rows with nothing to put back, and offers no undo when no row changed', () => {
    expect(undoRows({ a: {}, b: { tags: ['ESG'] } })).toEqual([{ id: 'b', patch: { tags: ['ESG'] } }]);
    expect(canUndo({})).toBe(false);
    expect(canUndo({ a: {} })).toBe(false);
    expect(canUndo(undefined)).toBe(false);
  });

  it('does not share the answer’s objects (a later edit of the rows cannot change the report)', () => {
    const previous = { a: { tier: 1 } };
    const [row] = undoRows(previous);
    if (row) row.patch.tier = 3;
    expect(row?.patch.tier).toBe(3);
    expect(previous.a.tier).toBe(1);
  });
});
