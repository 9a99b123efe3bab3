import type { AnalyticsEventName, AnalyticsEventProperties } from '@crm/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Cache } from './cache/cache.ts';
import type { Database } from './db/client.ts';
import type { TxGuard } from './db/tx.ts';
import type { EntityRegistry } from './entities/entity.ts';
import type { JobQueue } from './jobs/queue.ts';
import type { Mailer } from './mail/mailer.ts';
import type { Storage } from './storage/storage.ts';

export const ROLES = ['admin', 'manager', 'user', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const API_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** Who is acting. `system` is the worker, the maintenance script, the seed. */
export interface Actor {
  type: 'user' | 'api_key' | 'system' | 'anonymous';
  /** The user (for an API key: its owner). */
  userId: string | null;
  apiKeyId?: string;
  sessionId?: string;
  role: Role | null;
  teamId: string | null;
  /** API-key scopes; sessions have every scope their role allows. */
  scopes: ApiScope[];
  email?: string;
}

export const systemActor: Actor = {
  type: 'system',
  userId: null,
  role: 'admin',
  teamId: null,
  scopes: ['read', 'write', 'admin'],
};
export const anonymousActor: Actor = { type: 'anonymous', userId: null, role: null, teamId: null, scopes: [] };

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };

/** Everything with a side effect, built once in main.ts (or by the test harness) and passed down. */
export interface Deps {
  config: Config;
  database: Database;
  cache: Cache;
  queue: JobQueue;
  mailer: Mailer;
  log: Logger;
  clock: Clock;
  /** Files: attachments, import uploads (platform/storage). */
  storage: Storage;
  /** The record entities the cross-cutting features enumerate (platform/entities; listed in src/entities.ts). */
  entities: EntityRegistry;
  /** Product analytics of the CRM's own use (features/analytics, docs/ANALYTICS.md): server business events. */
  analytics: Analytics;
}

/**
 * The port of product analytics (docs/ANALYTICS.md): `capture` records a business event of the catalogue
 * (@crm/contracts, analytics-events.ts) about a user, through posthog-node into the same ingestion as the web's
 * events. It never throws and never waits: the event is queued, and dropped at ingestion unless the user consented.
 * Call it after the change committed (`t.afterCommit`).
 */
export interface Analytics {
  capture<E extends AnalyticsEventName>(
    userId: string | null | undefined,
    event: E,
    properties: AnalyticsEventProperties<E>,
    opts?: { uuid?: string; timestamp?: Date },
  ): void;
  /** Sends what is queued and writes it (tests, shutdown). */
  flush(): Promise<void>;
  /** Flushes, then stops the timers. */
  close(): Promise<void>;
}

/** Analytics that records nothing (scripts, tests that hand their own deps). */
export const noAnalytics: Analytics = {
  capture: () => {},
  flush: async () => {},
  close: async () => {},
};

export interface RequestMeta {
  ip?: string;
  userAgent?: string;
  requestId?: string;
}

/** What a service function receives first: who acts, from where, and the dependencies. */
export interface Ctx {
  actor: Actor;
  meta: RequestMeta;
  deps: Deps;
  log: Log;
  /** A precondition of the request checked in its first transaction (`If-Match`, platform/http/etag.ts). */
  txGuard?: TxGuard;
}

/** A logger (pino, or Fastify's request logger). */
export type Log = FastifyBaseLogger;

export function systemCtx(deps: Deps, meta: RequestMeta = {}): Ctx {
  return { actor: systemActor, meta, deps, log: deps.log };
}
