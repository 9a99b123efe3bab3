import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../../platform/db/client.ts';
import { analyticsEvents, analyticsRecordings } from '../analytics.schema.ts';

/**
 * Test helper: writes events straight into `analytics_events`, as the ingestion would have stored them, so a test
 * can analyse a fixed set whose results it computed by hand. Defaults: a web event of the user (distinct id = user
 * id), a new uuid, no session, no path, no properties.
 */
export interface TestEvent {
  event: string;
  at: Date | string;
  userId?: string | null;
  sessionId?: string | null;
  route?: string | null;
  path?: string | null;
  source?: 'web' | 'server';
  properties?: Record<string, unknown>;
  id?: string;
}

export async function insertAnalyticsEvents(db: Queryable, events: TestEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insert(analyticsEvents).values(
    events.map((e) => ({
      id: e.id ?? randomUUID(),
      event: e.event,
      userId: e.userId ?? null,
      distinctId: e.userId ?? 'anonymous',
      sessionId: e.sessionId ?? null,
      source: e.source ?? 'web',
      occurredAt: new Date(e.at),
      path: e.path ?? e.route ?? null,
      route: e.route ?? null,
      properties: e.properties ?? {},
    })),
  );
}

/** Test helper: one replay chunk of a session. */
export async function insertRecordingChunk(
  db: Queryable,
  chunk: { sessionId: string; userId?: string | null; windowId?: string; firstAt: Date; lastAt: Date; data: unknown[] },
): Promise<void> {
  await db.insert(analyticsRecordings).values({
    sessionId: chunk.sessionId,
    windowId: chunk.windowId ?? null,
    userId: chunk.userId ?? null,
    firstAt: chunk.firstAt,
    lastAt: chunk.lastAt,
    data: chunk.data,
  });
}
