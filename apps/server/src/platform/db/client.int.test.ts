import { describe, expect, it } from 'vitest';
import { openDatabase } from './client.ts';

describe('embedded database close', () => {
  it('waits for a query in flight before closing, then refuses new ones (no hang, electric-sql/pglite#1058)', async () => {
    const database = await openDatabase({ kind: 'pglite' });
    const pglite = database.pglite!;
    await pglite.exec('create table t (id int primary key, v text)');
    const inflight = pglite.query('insert into t (id, v) select g, md5(g::text) from generate_series(1, 20000) g');
    const closed = database.close();
    const outcome = await Promise.race([
      Promise.allSettled([inflight, closed]).then((s) => s.map((x) => x.status).join(',')),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 20_000)),
    ]);
    expect(outcome).toBe('fulfilled,fulfilled');
    expect(pglite.closed).toBe(true);
    await expect(pglite.query('select 1')).rejects.toThrow(/closing/);
  });
});
