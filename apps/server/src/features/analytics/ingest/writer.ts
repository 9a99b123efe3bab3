import type { Logger } from 'pino';
import { AppError } from '../../../platform/errors.ts';

/**
 * The batched writer of analytics events (ADR 0014, point 5): ingestion validates, sanitises and queues; the writer
 * writes every `intervalMs` or as soon as `batchSize` rows wait, `batchSize` rows per insert, one flush at a time.
 * A full queue refuses more (503 `analytics.overloaded` with `Retry-After`: posthog-js and posthog-node retry) instead
 * of slowing the API down. A failed write is retried by the next flushes (the database may be restarting), at most
 * `maxAttempts` times, then dropped and logged.
 */
export interface WriterOptions<R> {
  write(rows: R[]): Promise<void>;
  /** Called with the rows of each successful write (the forwarder). */
  onWritten?(rows: R[]): void;
  log: Pick<Logger, 'warn' | 'error' | 'debug'>;
  batchSize?: number;
  /** 0: no timer (flush() only). */
  intervalMs?: number;
  maxQueue?: number;
  maxAttempts?: number;
}

export interface WriterStats {
  queued: number;
  written: number;
  /** Inserts made (each of at most `batchSize` rows). */
  inserts: number;
  failedWrites: number;
  dropped: number;
  refused: number;
}

export const OVERLOADED_RETRY_AFTER_SECONDS = 2;

export class BatchWriter<R> {
  private queue: R[] = [];
  private attempts = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly batchSize: number;
  private readonly maxQueue: number;
  private readonly maxAttempts: number;
  readonly stats: WriterStats = { queued: 0, written: 0, inserts: 0, failedWrites: 0, dropped: 0, refused: 0 };

  constructor(private readonly opts: WriterOptions<R>) {
    this.batchSize = opts.batchSize ?? 500;
    this.maxQueue = opts.maxQueue ?? 20_000;
    this.maxAttempts = opts.maxAttempts ?? 5;
    const interval = opts.intervalMs ?? 1_000;
    if (interval > 0) this.timer = setInterval(() => void this.flush(), interval).unref();
  }

  /** Whether `n` more rows fit. */
  hasRoomFor(n: number): boolean {
    return this.queue.length + n <= this.maxQueue;
  }

  /** Queues rows (all or none); throws 503 `analytics.overloaded` when they do not fit. */
  enqueue(rows: R[]): void {
    if (rows.length === 0) return;
    if (!this.hasRoomFor(rows.length)) {
      this.stats.refused += rows.length;
      throw new AppError('analytics.overloaded', 'The analytics queue is full; retry shortly', {
        status: 503,
        retryAfter: OVERLOADED_RETRY_AFTER_SECONDS,
      });
    }
    for (const r of rows) this.queue.push(r);
    this.stats.queued = this.queue.length;
    if (this.queue.length >= this.batchSize) void this.flush();
  }

  /** Writes everything queued (one flush at a time: a second call waits for the running one, then writes the rest). */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.queue.length === 0) return;
    this.running = this.drain().finally(() => {
      this.running = null;
    });
    await this.running;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.batchSize);
      try {
        await this.opts.write(batch);
      } catch (err) {
        this.stats.failedWrites++;
        this.attempts++;
        if (this.attempts < this.maxAttempts) {
          this.opts.log.warn({ err, rows: batch.length, attempt: this.attempts }, 'analytics write failed; retried');
          return;
        }
        this.opts.log.error({ err, rows: batch.length }, 'analytics write failed again; rows dropped');
        this.queue.splice(0, batch.length);
        this.stats.queued = this.queue.length;
        this.stats.dropped += batch.length;
        this.attempts = 0;
        continue;
      }
      this.attempts = 0;
      this.queue.splice(0, batch.length);
      this.stats.queued = this.queue.length;
      this.stats.written += batch.length;
      this.stats.inserts++;
      this.opts.onWritten?.(batch);
    }
  }

  /** Stops the timer (a test that counts inserts, or the close). */
  stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    this.stopTimer();
    await this.flush();
  }
}
