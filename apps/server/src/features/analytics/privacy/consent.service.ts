import type { z } from 'zod';
import { audit } from '../../../platform/audit/audit.ts';
import type { Ctx } from '../../../platform/context.ts';
import { withTx } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import { analyticsRuntimeOf } from '../ingest/ingest.service.ts';
import type { AnalyticsConfigSchema, ConsentInput, ConsentSchema, IngestStatsSchema } from './consent.contracts.ts';
import {
  type ConsentRow,
  countMyRecordings,
  eraseMine,
  findConsent,
  myEventsPage,
  saveConsent,
} from './consent.repo.ts';

/**
 * A user's analytics consent, the web's posthog-js settings, and the user's own events (export, erasure):
 * docs/ANALYTICS.md, "Consent" and "Privacy". The consent is read by the ingestion on every request, so a change
 * applies to the next event.
 */

/** The ingestion's path on this origin: posthog-js' `api_host` (with `location.origin` in front). */
export const INGEST_PATH = '/ingest';

function me(ctx: Ctx): string {
  if (!ctx.actor.userId) throw new AppError('auth.unauthenticated', 'Analytics choices belong to a signed-in user');
  return ctx.actor.userId;
}

const toDto = (row: ConsentRow | null): z.infer<typeof ConsentSchema> =>
  row
    ? {
        analytics: row.analytics,
        replay: row.replay,
        source: row.source as 'prompt' | 'profile',
        decidedAt: row.decidedAt,
      }
    : { analytics: false, replay: false, source: null, decidedAt: null };

export async function getMyConsent(ctx: Ctx) {
  return toDto(await findConsent(ctx.deps.database.db, me(ctx)));
}

/** Records my choice (audited with what changed). Replay needs analytics. */
export async function setMyConsent(ctx: Ctx, input: ConsentInput) {
  const userId = me(ctx);
  if (input.replay && !input.analytics) {
    throw new AppError('analytics.replay_requires_analytics', 'Session replay can only be accepted with analytics', {
      status: 400,
      fields: [{ path: 'body.replay', message: 'needs analytics: true', code: 'replay_requires_analytics' }],
    });
  }
  return withTx(ctx, async (t) => {
    const before = await findConsent(t.db, userId);
    const saved = await saveConsent(t.db, {
      userId,
      analytics: input.analytics,
      replay: input.replay,
      source: input.source,
      decidedAt: ctx.deps.clock.now(),
    });
    await audit(t, {
      entityType: 'user',
      entityId: userId,
      action: 'analytics_consent',
      changes: {
        analytics: { before: before?.analytics ?? null, after: saved.analytics },
        replay: { before: before?.replay ?? null, after: saved.replay },
      },
      metadata: { source: input.source },
    });
    // Sent only once accepted: a refusal records nothing about the user.
    if (saved.analytics) {
      t.afterCommit(() => ctx.deps.analytics?.capture(userId, 'analytics_consent_changed', { replay: saved.replay }));
    }
    return toDto(saved);
  });
}

export async function analyticsConfigFor(ctx: Ctx): Promise<z.infer<typeof AnalyticsConfigSchema>> {
  const userId = me(ctx);
  const row = await findConsent(ctx.deps.database.db, userId);
  const consent = toDto(row);
  const { enabled, projectToken } = ctx.deps.config.analytics;
  const capture = enabled && consent.analytics;
  return {
    enabled,
    apiHost: INGEST_PATH,
    token: projectToken,
    distinctId: userId,
    capture,
    record: capture && consent.replay,
    askConsent: enabled && row === null,
    consent,
  };
}

const encodeCursor = (r: { occurredAt: Date; id: string }) =>
  Buffer.from(JSON.stringify([r.occurredAt.toISOString(), r.id])).toString('base64url');

function decodeCursor(cursor: string): { occurredAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const occurredAt = new Date(String(at));
    if (typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id) && Number.isFinite(occurredAt.getTime())) {
      return { occurredAt, id };
    }
  } catch {
    // falls through
  }
  throw new AppError('list.invalid_cursor', 'The cursor is not one this list gave', { status: 400 });
}

/** My events, newest first, a page at a time (occurred_at is stored to the millisecond: the cursor keeps it whole). */
export async function exportMyEvents(ctx: Ctx, query: { cursor?: string; limit: number }) {
  const userId = me(ctx);
  const db = ctx.deps.database.db;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const rows = await myEventsPage(db, userId, after, query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    recordings: await countMyRecordings(db, userId),
  };
}

/** Erases my events and recordings (audited with the counts). Events still queued in memory are written after. */
export async function eraseMyEvents(ctx: Ctx) {
  const userId = me(ctx);
  // What the writer holds now is written first, so the erasure takes it too.
  await ctx.deps.analytics.flush();
  return withTx(ctx, async (t) => {
    const erased = await eraseMine(t.db, userId);
    await audit(t, { entityType: 'user', entityId: userId, action: 'analytics_events_erased', metadata: erased });
    return erased;
  });
}

export function ingestStats(ctx: Ctx): z.infer<typeof IngestStatsSchema> {
  const runtime = analyticsRuntimeOf(ctx.deps);
  return {
    ...runtime.stats,
    writer: { ...runtime.writer.stats },
    forward: runtime.forwarder ? { ...runtime.forwarder.stats } : null,
  };
}
