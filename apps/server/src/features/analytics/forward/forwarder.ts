import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Logger } from 'pino';

const gzip = promisify(gzipCallback);

/**
 * Forwards the sanitised events to a PostHog (EU cloud or self-hosted) when POSTHOG_HOST and POSTHOG_PROJECT_KEY are
 * set (ADR 0014, point 6; docs/ANALYTICS.md, "Forwarding"): `POST ${host}/batch/` with PostHog's batch body, gzipped,
 * as posthog-node sends it. It runs beside ingestion and never holds it up: the writer hands it the rows it stored,
 * it queues them (bounded: past `maxQueue` the oldest are dropped, counted) and sends batches one at a time; a network
 * error, a 5xx or a 429 is retried after an exponential backoff (with jitter), another 4xx drops the batch (PostHog
 * will not take it later either). The queue is in memory: events queued when the process stops are not forwarded
 * (they are stored here all the same).
 */
export interface ForwardedEvent {
  uuid: string;
  event: string;
  distinct_id: string;
  properties: Record<string, unknown>;
  timestamp: string;
}

export interface ForwarderOptions {
  host: string;
  projectKey: string;
  log: Pick<Logger, 'warn' | 'error' | 'debug'>;
  fetch?: typeof fetch;
  batchSize?: number;
  maxQueue?: number;
  /** First retry delay; doubled at each failure up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
}

export interface ForwarderStats {
  sent: number;
  batches: number;
  retries: number;
  dropped: number;
  queued: number;
}

export class Forwarder {
  private queue: ForwardedEvent[] = [];
  private sending: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private closed = false;
  readonly stats: ForwarderStats = { sent: 0, batches: 0, retries: 0, dropped: 0, queued: 0 };
  private readonly url: string;

  constructor(private readonly opts: ForwarderOptions) {
    this.url = `${opts.host.replace(/\/+$/, '')}/batch/`;
  }

  enqueue(events: ForwardedEvent[]): void {
    if (this.closed || events.length === 0) return;
    for (const e of events) this.queue.push(e);
    const max = this.opts.maxQueue ?? 50_000;
    if (this.queue.length > max) {
      const over = this.queue.length - max;
      this.queue.splice(0, over);
      this.stats.dropped += over;
      this.opts.log.warn({ dropped: over }, 'analytics forward queue full; oldest events dropped');
    }
    this.stats.queued = this.queue.length;
    if (!this.retryTimer) this.pump();
  }

  private pump(): void {
    if (this.sending || this.queue.length === 0) return;
    this.sending = this.sendBatches().finally(() => {
      this.sending = null;
    });
  }

  /** Sends batch after batch; on a retriable failure, schedules the next try and stops. */
  private async sendBatches(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.slice(0, this.opts.batchSize ?? 100);
      const outcome = await this.send(batch);
      if (outcome === 'retry') {
        this.failures++;
        this.stats.retries++;
        const base = this.opts.baseDelayMs ?? 1_000;
        const delay = Math.min(this.opts.maxDelayMs ?? 60_000, base * 2 ** (this.failures - 1));
        const jittered = delay / 2 + Math.random() * (delay / 2);
        if (!this.closed) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = null;
            this.pump();
          }, jittered).unref();
        }
        return;
      }
      this.failures = 0;
      this.queue.splice(0, batch.length);
      this.stats.queued = this.queue.length;
      if (outcome === 'sent') {
        this.stats.sent += batch.length;
        this.stats.batches++;
      } else this.stats.dropped += batch.length;
    }
  }

  private async send(batch: ForwardedEvent[]): Promise<'sent' | 'retry' | 'refused'> {
    const body = await gzip(
      JSON.stringify({ api_key: this.opts.projectKey, batch, sent_at: new Date().toISOString() }),
    );
    try {
      const res = await (this.opts.fetch ?? fetch)(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      await res.body?.cancel().catch(() => {});
      if (res.ok) return 'sent';
      if (res.status === 429 || res.status >= 500) {
        this.opts.log.warn({ status: res.status, events: batch.length }, 'analytics forward failed; retrying');
        return 'retry';
      }
      this.opts.log.error({ status: res.status, events: batch.length }, 'analytics forward refused; batch dropped');
      return 'refused';
    } catch (err) {
      this.opts.log.warn({ err, events: batch.length }, 'analytics forward failed; retrying');
      return 'retry';
    }
  }

  /** Sends what is queued now (a test, or the shutdown), retrying while `deadlineMs` allows. */
  async flush(deadlineMs = 5_000): Promise<void> {
    const end = Date.now() + deadlineMs;
    while (this.queue.length > 0 && Date.now() < end) {
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = null;
      }
      this.pump();
      await this.sending;
      if (this.queue.length > 0) await new Promise((r) => setTimeout(r, Math.min(200, Math.max(0, end - Date.now()))));
    }
  }

  async close(): Promise<void> {
    await this.flush(2_000);
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.queue.length) this.opts.log.warn({ events: this.queue.length }, 'analytics forward: events left unsent');
  }
}
