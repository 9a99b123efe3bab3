import type { AnalyticsEventName, AnalyticsEventProperties } from '@crm/contracts';
import { PostHog } from 'posthog-node';
import type { Config } from '../../../config.ts';
import type { Analytics, Clock, Deps } from '../../../platform/context.ts';
import type { Database } from '../../../platform/db/client.ts';
import { newId } from '../../../platform/db/ids.ts';
import { AppError, statusOf } from '../../../platform/errors.ts';
import { type ForwardedEvent, Forwarder } from '../forward/forwarder.ts';
import { DecompressBudget, maskSnapshotData } from '../privacy/replay-mask.ts';
import { type AnalyticsSource, sanitiseEvent } from '../privacy/sanitise.ts';
import { decodeBody, type EncodedBody } from './decode.ts';
import { eventsOf, occurredAt, type RawEvent } from './envelope.ts';
import {
  consentsOf,
  type EventRow,
  existingUserIds,
  insertEvents,
  insertRecordings,
  type RecordingRow,
} from './ingest.repo.ts';
import { jsonbSafe } from './jsonb-safe.ts';
import { BatchWriter } from './writer.ts';

/**
 * The ingestion of product analytics (docs/ANALYTICS.md; ADR 0014, points 1-6): one function, `ingest`, for the web's
 * posthog-js requests (the `/ingest` routes) and the server's business events (posthog-node, whose `fetch` hands its
 * `/batch/` requests to `ingest` in this process: same decoding, consent check, sanitiser and writer, no socket).
 *
 * Who an event is about: for the web, the session's user (whatever `distinct_id` claims, kept as `distinct_id`); for
 * the server, the actor's id, which is its `distinct_id`. Whether it is stored: only when that user's consent says
 * `analytics` (and `replay` for session replay chunks); otherwise it is dropped and counted.
 */

export type IngestCaller = { source: 'web'; userId: string; ip: string | null } | { source: 'server' };

export interface IngestOutcome {
  received: number;
  stored: number;
  recordings: number;
  dropped: number;
}

/** Bytes a decoded body may take: events, and replay chunks (`/s/`, where rrweb's full snapshots are large). */
export const LIMITS = {
  events: { body: 1024 * 1024, decoded: 8 * 1024 * 1024 },
  replay: { body: 5 * 1024 * 1024, decoded: 24 * 1024 * 1024 },
} as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Counters of what ingestion did since the process started (GET /api/v1/analytics/ingest/stats, logs). */
export interface IngestStats {
  requests: number;
  received: number;
  stored: number;
  recordings: number;
  dropped: Record<string, number>;
}

export class AnalyticsRuntime implements Analytics {
  readonly writer: BatchWriter<EventRow>;
  readonly forwarder: Forwarder | null;
  readonly stats: IngestStats = { requests: 0, received: 0, stored: 0, recordings: 0, dropped: {} };
  private readonly posthog: PostHog;
  private readonly db: Database['db'];

  constructor(
    private readonly env: {
      config: Pick<Config, 'analytics'>;
      database: Database;
      log: Deps['log'];
      clock: Clock;
    },
    opts: { flushIntervalMs?: number; fetch?: typeof fetch; maxQueue?: number } = {},
  ) {
    this.db = env.database.db;
    const cfg = env.config.analytics;
    this.forwarder = cfg.forward
      ? new Forwarder({ host: cfg.forward.host, projectKey: cfg.forward.projectKey, log: env.log, fetch: opts.fetch })
      : null;
    this.writer = new BatchWriter<EventRow>({
      write: (rows) => this.write(rows),
      onWritten: (rows) => this.forwarder?.enqueue(rows.map(forwarded)),
      log: env.log,
      intervalMs: opts.flushIntervalMs ?? 1_000,
      maxQueue: opts.maxQueue,
    });
    this.posthog = new PostHog(cfg.projectToken, {
      // Never contacted: `fetch` below answers in this process.
      host: 'http://crm.internal',
      fetch: (url, options) => this.fetchInProcess(url, options),
      flushAt: 50,
      flushInterval: opts.flushIntervalMs ?? 1_000,
      maxBatchSize: 500,
      maxQueueSize: 10_000,
      disableGeoip: true,
      fetchRetryCount: 3,
      fetchRetryDelay: 1_000,
    });
    this.posthog.on('error', (err: unknown) => env.log.warn({ err }, 'posthog-node could not send analytics'));
  }

  private count(reason: string, n = 1) {
    this.stats.dropped[reason] = (this.stats.dropped[reason] ?? 0) + n;
  }

  /** Decodes, checks consent, sanitises and queues one request's events; replay chunks are written at once. */
  async ingest(
    body: EncodedBody,
    caller: IngestCaller,
    endpoint: 'events' | 'replay' = 'events',
  ): Promise<IngestOutcome> {
    this.stats.requests++;
    const limits = LIMITS[endpoint];
    const payload = await decodeBody(body, limits.decoded);
    const { events, malformed } = eventsOf(payload);
    if (malformed) this.count('malformed', malformed);
    const outcome: IngestOutcome = {
      received: events.length + malformed,
      stored: 0,
      recordings: 0,
      dropped: malformed,
    };
    this.stats.received += outcome.received;
    if (!this.env.config.analytics.enabled) {
      this.count('disabled', events.length);
      outcome.dropped += events.length;
      return outcome;
    }
    const userOf = (e: RawEvent): string | null =>
      caller.source === 'web' ? caller.userId : UUID.test(e.distinctId) ? e.distinctId.toLowerCase() : null;
    const userIds = [...new Set(events.map(userOf).filter((u): u is string => u !== null))];
    const consents = await consentsOf(this.db, userIds);
    const now = this.env.clock.now();
    const rows: EventRow[] = [];
    const snapshots: { userId: string; event: RawEvent }[] = [];
    const drop = (reason: string) => {
      this.count(reason);
      outcome.dropped++;
    };
    for (const e of events) {
      const userId = userOf(e);
      const consent = userId ? consents.get(userId) : undefined;
      if (!userId || !consent?.analytics) {
        drop('no_consent');
        continue;
      }
      if (e.event === '$snapshot') {
        if (caller.source !== 'web') drop('wrong_source');
        else if (!consent.replay) drop('no_replay_consent');
        else snapshots.push({ userId, event: e });
        continue;
      }
      const source: AnalyticsSource = caller.source;
      const result = sanitiseEvent(e, { source, ip: caller.source === 'web' ? caller.ip : null });
      if (!result.ok) {
        drop(result.reason);
        continue;
      }
      rows.push({
        id: e.uuid && UUID.test(e.uuid) ? e.uuid.toLowerCase() : newId(),
        userId,
        occurredAt: occurredAt(e, now),
        receivedAt: now,
        ...result.event,
      });
    }
    const recordings = snapshots.length ? this.recordingsOf(snapshots, now, limits.decoded) : [];
    // All or nothing: a full queue refuses the request (503), which the client sends again.
    this.writer.enqueue(rows);
    outcome.stored = rows.length;
    if (recordings.length) {
      await insertRecordings(this.db, recordings);
      outcome.recordings = recordings.length;
    }
    this.stats.stored += rows.length;
    this.stats.recordings += recordings.length;
    if (outcome.dropped) this.env.log.debug({ ...outcome, source: caller.source }, 'analytics events dropped');
    return outcome;
  }

  /** `$snapshot` events grouped by session and window, their rrweb events masked, in order. */
  private recordingsOf(list: { userId: string; event: RawEvent }[], now: Date, budget: number): RecordingRow[] {
    const inflate = new DecompressBudget(budget);
    const groups = new Map<string, RecordingRow>();
    for (const { userId, event } of list) {
      const p = event.properties;
      const sessionId =
        typeof p.$session_id === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(p.$session_id) ? p.$session_id : null;
      if (!sessionId) {
        this.count('no_session_id');
        continue;
      }
      const windowId =
        typeof p.$window_id === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(p.$window_id) ? p.$window_id : null;
      const masked = maskSnapshotData(p.$snapshot_data, inflate);
      if (masked.length === 0) continue;
      const times = masked
        .map((m) => m.timestamp)
        .filter((t): t is number => typeof t === 'number' && Number.isFinite(t));
      const fallback = occurredAt(event, now).getTime();
      const first = new Date(times.length ? Math.min(...times) : fallback);
      const last = new Date(times.length ? Math.max(...times) : fallback);
      const key = `${userId}|${sessionId}|${windowId ?? ''}`;
      const row = groups.get(key);
      if (row) {
        (row.data as unknown[]).push(...masked);
        if (first < row.firstAt) row.firstAt = first;
        if (last > row.lastAt) row.lastAt = last;
      } else groups.set(key, { sessionId, windowId, userId, firstAt: first, lastAt: last, data: masked });
    }
    return [...groups.values()].map((r) => ({ ...r, data: jsonbSafe(r.data) as unknown[] }));
  }

  /** One insert; a user deleted since their events were queued loses them, not the whole batch. */
  private async write(rows: EventRow[]): Promise<void> {
    try {
      await insertEvents(this.db, rows);
    } catch (err) {
      if ((err as { code?: string }).code !== '23503') throw err;
      const ids = [...new Set(rows.map((r) => r.userId).filter((u): u is string => !!u))];
      const alive = await existingUserIds(this.db, ids);
      await insertEvents(
        this.db,
        rows.filter((r) => !r.userId || alive.has(r.userId)),
      );
    }
  }

  /** posthog-node's transport: its `/batch/` requests are ingested here, in this process. */
  private async fetchInProcess(
    url: string,
    options: { method: string; headers: Record<string, string>; body?: unknown },
  ): Promise<{ status: number; text: () => Promise<string>; json: () => Promise<unknown> }> {
    const answer = (status: number, body: unknown) => ({
      status,
      text: async () => JSON.stringify(body),
      json: async () => body,
    });
    if (new URL(url).pathname !== '/batch/' || options.method !== 'POST') return answer(404, { status: 0 });
    const header = (name: string) =>
      Object.entries(options.headers ?? {}).find(([k]) => k.toLowerCase() === name)?.[1] as string | undefined;
    try {
      await this.ingest(
        {
          body: await toBuffer(options.body),
          contentType: header('content-type'),
          contentEncoding: header('content-encoding'),
        },
        { source: 'server' },
      );
      return answer(200, { status: 1 });
    } catch (err) {
      if (err instanceof AppError) return answer(statusOf(err), { code: err.code });
      this.env.log.error({ err }, 'server analytics could not be ingested');
      return answer(500, { status: 0 });
    }
  }

  capture<E extends AnalyticsEventName>(
    userId: string | null | undefined,
    event: E,
    properties: AnalyticsEventProperties<E>,
    opts: { uuid?: string; timestamp?: Date } = {},
  ): void {
    if (!userId || !this.env.config.analytics.enabled) return;
    try {
      this.posthog.capture({
        distinctId: userId,
        event,
        properties: properties as Record<string, unknown>,
        ...(opts.uuid ? { uuid: opts.uuid } : {}),
        ...(opts.timestamp ? { timestamp: opts.timestamp } : {}),
      });
    } catch (err) {
      this.env.log.warn({ err, event }, 'analytics capture failed');
    }
  }

  async flush(): Promise<void> {
    await this.posthog.flush().catch((err: unknown) => this.env.log.warn({ err }, 'posthog-node flush failed'));
    await this.writer.flush();
  }

  async close(): Promise<void> {
    await this.posthog.shutdown(5_000).catch((err: unknown) => this.env.log.warn({ err }, 'posthog-node shutdown'));
    await this.writer.close();
    await this.forwarder?.close();
  }
}

async function toBuffer(body: unknown): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Blob) return Buffer.from(await body.arrayBuffer());
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  return undefined;
}

/** A stored row as PostHog's batch API takes it: attributed to the user (the session's or the actor), not the claim. */
function forwarded(row: EventRow): ForwardedEvent {
  return {
    uuid: row.id,
    event: row.event,
    distinct_id: row.userId ?? row.distinctId,
    properties: row.properties ?? {},
    timestamp: row.occurredAt.toISOString(),
  };
}

/** The analytics of these dependencies (built by createDeps). */
export function createAnalytics(env: ConstructorParameters<typeof AnalyticsRuntime>[0]): AnalyticsRuntime {
  return new AnalyticsRuntime(env);
}

/** The runtime behind `deps.analytics`, for the ingestion routes; refused when a test handed another port. */
export function analyticsRuntimeOf(deps: Pick<Deps, 'analytics'>): AnalyticsRuntime {
  if (deps.analytics instanceof AnalyticsRuntime) return deps.analytics;
  throw new AppError('analytics.unavailable', 'Analytics ingestion is not running in this process', { status: 503 });
}
