import type { Ctx } from '../context.ts';
import type { DbTx } from './client.ts';

/** An open transaction together with the context of whoever opened it. */
export interface Tx {
  db: DbTx;
  ctx: Ctx;
  /** Runs after a successful commit (never after a rollback), e.g. to evict cache entries. */
  afterCommit(fn: () => void | Promise<void>): void;
}

/** Runs `fn` in one database transaction; everything written through `t` commits or rolls back together. */
export async function withTx<T>(ctx: Ctx, fn: (t: Tx) => Promise<T>): Promise<T> {
  const callbacks: (() => void | Promise<void>)[] = [];
  const result = await ctx.deps.database.db.transaction(async (db) =>
    fn({ db, ctx, afterCommit: (cb) => callbacks.push(cb) }),
  );
  for (const cb of callbacks) {
    try {
      await cb();
    } catch (err) {
      ctx.log.warn({ err }, 'after-commit callback failed');
    }
  }
  return result;
}
