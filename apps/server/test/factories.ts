import { randomBytes } from 'node:crypto';
import { teams, users } from '../src/platform/auth/auth.schema.ts';
import { hashPassword } from '../src/platform/auth/password.ts';
import { SESSION_COOKIE } from '../src/platform/auth/resolve-actor.ts';
import { createSession } from '../src/platform/auth/sessions.ts';
import type { Deps, Role } from '../src/platform/context.ts';

export type TestUser = typeof users.$inferSelect & { password: string };

const hashes = new Map<string, string>();
/** argon2 is slow by design: hash each test password once per process. */
async function cachedHash(password: string) {
  let h = hashes.get(password);
  if (!h) {
    h = await hashPassword(password);
    hashes.set(password, h);
  }
  return h;
}

export async function createTeam(deps: Deps, overrides: Partial<typeof teams.$inferInsert> = {}) {
  const [t] = await deps.database.db
    .insert(teams)
    .values({ name: `Team ${randomBytes(4).toString('hex')}`, ...overrides })
    .returning();
  return t as typeof teams.$inferSelect;
}

/** Writes a real user row. Default password is random per call unless given. */
export async function createUser(
  deps: Deps,
  overrides: Partial<typeof users.$inferInsert> & { role?: Role; password?: string } = {},
): Promise<TestUser> {
  const password = overrides.password ?? 'Correct-Horse-Battery-42';
  const { password: _p, ...rest } = overrides;
  const [u] = await deps.database.db
    .insert(users)
    .values({
      email: `user-${randomBytes(5).toString('hex')}@example.test`,
      name: 'Test User',
      passwordHash: await cachedHash(password),
      role: 'user',
      ...rest,
    })
    .returning();
  return { ...(u as typeof users.$inferSelect), password };
}

/** Headers of a signed-in browser session for `user` (cookie + CSRF token), without going through login. */
export async function sessionHeaders(deps: Deps, user: { id: string }): Promise<Record<string, string>> {
  const s = await createSession(deps.database.db, deps.config, { userId: user.id, now: deps.clock.now() });
  return { cookie: `${SESSION_COOKIE}=${s.token}`, 'x-csrf-token': s.csrfToken };
}
