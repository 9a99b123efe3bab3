import type { Ctx } from '../context.ts';
import type { DbTx } from './client.ts';

/** An open transaction together with the context of whoever opened it. */
export interface Tx {
  db: DbTx;
  ctx: Ctx;
  /** Runs after a successful commit (never after a rollback), e.g. to evict cache entries. */
  afterCommit(fn: () => void | Promise<void>): void;
}

/**
 * A condition of the request on the data (an HTTP precondition, `If-Match`: platform/http/etag.ts), run first in
 * the request's transaction: it may lock and read rows, and returns a check run after `fn`, just before commit, which
 * throws to roll everything back. Checked after `fn` so that the service's own refusals (not found, forbidden) win.
 */
export type TxGuard = (t: Tx) => Promise<(() => void) | undefined>;

/** Runs `fn` in one database transaction; everything written through `t` commits or rolls back together. */
export async function withTx<T>(ctx: Ctx, fn: (t: Tx) => Promise<T>): Promise<T> {
  const callbacks: (() => void | Promise<void>)[] = [];
  const result = await ctx.deps.database.db.transaction(async (db) => {
    const t: Tx = { db, ctx, afterCommit: (cb) => callbacks.push(cb) };
    const check = ctx.txGuard ? await ctx.txGuard(t) : undefined;
    const value = await fn(t);
    check?.();
    return value;
  });
  for (const cb of callbacks) {
    try {
      await cb();
    } catch (err) {
      ctx.log.warn({ err }, 'after-commit callback failed');
    }
  }
  return result;
}
