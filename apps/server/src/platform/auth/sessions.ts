import { and, eq, isNull } from 'drizzle-orm';
import type { Config } from '../../config.ts';
import type { Queryable } from '../db/client.ts';
import { csrfTokenFor } from '../http/auth-plugin.ts';
import { sessions } from './auth.schema.ts';
import { hashToken, randomToken } from './tokens.ts';

export interface NewSession {
  /** The secret for the cookie; only its hash is stored. */
  token: string;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Creates a server-side session with a fresh random token (a new one at every login). */
export async function createSession(
  db: Queryable,
  config: Config,
  input: { userId: string; ip?: string | null; userAgent?: string | null; now: Date },
): Promise<NewSession> {
  const token = randomToken();
  const expiresAt = new Date(input.now.getTime() + config.session.idleMinutes * 60_000);
  const absoluteExpiresAt = new Date(input.now.getTime() + config.session.absoluteDays * 86_400_000);
  const [row] = await db
    .insert(sessions)
    .values({
      userId: input.userId,
      tokenHash: hashToken(token),
      ip: input.ip ?? null,
      userAgent: input.userAgent ?? null,
      lastSeenAt: input.now,
      expiresAt: expiresAt < absoluteExpiresAt ? expiresAt : absoluteExpiresAt,
      absoluteExpiresAt,
    })
    .returning({ id: sessions.id });
  const sessionId = (row as { id: string }).id;
  return { token, sessionId, csrfToken: csrfTokenFor(config.sessionSecret, sessionId), expiresAt };
}

export async function revokeSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));
}

/** Revokes every live session of a user (password change or reset, deactivation). */
export async function revokeUserSessions(db: Queryable, userId: string, now: Date): Promise<number> {
  const r = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return r.length;
}
