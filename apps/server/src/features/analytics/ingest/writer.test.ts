import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { BatchWriter } from './writer.ts';

const log = pino({ level: 'silent' });

describe('the batched writer', () => {
  it('writes many small enqueues as few inserts of at most the batch size, in order', async () => {
    const writes: number[][] = [];
    const w = new BatchWriter<number>({ write: async (rows) => void writes.push(rows), log, intervalMs: 0 });
    let n = 0;
    for (let i = 0; i < 50; i++) w.enqueue(Array.from({ length: 25 }, () => n++));
    w.enqueue(Array.from({ length: 9 }, () => n++));
    await w.flush();
    expect(writes.map((b) => b.length)).toEqual([500, 500, 259]);
    expect(writes.flat()).toEqual(Array.from({ length: 1259 }, (_, i) => i));
    expect(w.stats).toMatchObject({ written: 1259, inserts: 3, queued: 0 });
  });

  it('refuses what does not fit (all or nothing) and keeps what it has', async () => {
    const w = new BatchWriter<number>({ write: async () => {}, log, intervalMs: 0, maxQueue: 10 });
    w.enqueue([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => w.enqueue([9, 10, 11])).toThrow(
      expect.objectContaining({ code: 'analytics.overloaded', status: 503 }),
    );
    expect(w.stats.refused).toBe(3);
    w.enqueue([9, 10]);
    await w.flush();
    expect(w.stats.written).toBe(10);
  });

  it('a failed write is retried by the next flush, then dropped after its attempts', async () => {
    let fail = 2;
    const written: number[] = [];
    const w = new BatchWriter<number>({
      write: async (rows) => {
        if (fail-- > 0) throw new Error('database restarting');
        written.push(...rows);
      },
      log,
      intervalMs: 0,
    });
    w.enqueue([1, 2]);
    await w.flush();
    await w.flush();
    expect(written).toEqual([]);
    await w.flush();
    expect(written).toEqual([1, 2]);
    const never = new BatchWriter<number>({
      write: async () => {
        throw new Error('broken');
      },
      log,
      intervalMs: 0,
      maxAttempts: 2,
    });
    never.enqueue([1]);
    await never.flush();
    await never.flush();
    expect(never.stats).toMatchObject({ dropped: 1, queued: 0, failedWrites: 2 });
  });

  it('its onWritten hook gets each written batch (the forwarder)', async () => {
    const seen: number[][] = [];
    const w = new BatchWriter<number>({ write: async () => {}, onWritten: (r) => seen.push(r), log, intervalMs: 0 });
    w.enqueue([1, 2, 3]);
    await w.close();
    expect(seen).toEqual([[1, 2, 3]]);
  });
});
