import { audit, diffFields } from '../../platform/audit/audit.ts';
import { assertPasswordPolicy, hashPassword } from '../../platform/auth/password.ts';
import { authorize } from '../../platform/auth/permissions.ts';
import { revokeUserSessions } from '../../platform/auth/sessions.ts';
import type { Ctx } from '../../platform/context.ts';
import { type Tx, withTx } from '../../platform/db/tx.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { issuePasswordLink } from '../auth/password.service.ts';
import type { UserRecord } from './users.repo.ts';
import * as repo from './users.repo.ts';
import type { CreateUserInput, ListUsersInput, UpdateMeInput, UpdateUserInput } from './users.schema-api.ts';

/** The audited view of a user: what an administrator can change, never secrets or timestamps. */
const audited = (u: UserRecord) => ({
  email: u.email,
  name: u.name,
  role: u.role,
  teamId: u.teamId,
  isActive: u.isActive,
  locale: u.locale,
});

/** Services re-check the route's rule, so a caller other than the route (a job, a script) cannot skip it. */
const requireAdmin = (ctx: Ctx) => authorize(ctx.actor, { scope: 'admin' });

export async function listUsers(ctx: Ctx, input: ListUsersInput) {
  requireAdmin(ctx);
  const { rows, total } = await repo.listUsers(ctx.deps.database.db, {
    role: input.role,
    teamId: input.teamId,
    isActive: input.isActive,
    q: input.q,
    afterId: input.cursor,
    limit: input.limit + 1,
  });
  const items = rows.slice(0, input.limit);
  const nextCursor = rows.length > input.limit ? (items.at(-1)?.id ?? null) : null;
  return { items, nextCursor, total };
}

export async function getUser(ctx: Ctx, input: { id: string }): Promise<UserRecord> {
  requireAdmin(ctx);
  const u = await repo.findUserById(ctx.deps.database.db, input.id);
  if (!u) throw notFound('user', input.id);
  return u;
}

/** Active users the caller may see, for owner and assignee pickers. */
export async function listUserDirectory(ctx: Ctx, input: { q?: string }) {
  return repo.listDirectory(ctx.deps.database.db, ctx.actor, input.q);
}

async function assertTeam(t: Tx, teamId: string | null | undefined) {
  if (teamId && !(await repo.teamExists(t.db, teamId))) {
    throw new AppError('user.team_unknown', `Team ${teamId} does not exist`, {
      status: 400,
      fields: [{ path: 'teamId', message: 'unknown team', code: 'team_unknown' }],
    });
  }
}

const alreadyExists = (email: string) => new AppError('user.already_exists', `A user with e-mail ${email} exists`);

/**
 * Creates a user. With a password, they can sign in at once. Without one, the account has no password (nobody can
 * sign in to it) and the user is mailed an invitation whose link, valid seven days, lets them choose it.
 */
export async function createUser(ctx: Ctx, input: CreateUserInput): Promise<UserRecord> {
  requireAdmin(ctx);
  const { password } = input;
  if (password !== undefined) assertPasswordPolicy(password, { email: input.email });
  const passwordHash = password === undefined ? null : await hashPassword(password);
  const now = ctx.deps.clock.now();
  try {
    return await withTx(ctx, async (t) => {
      if (await repo.findUserIdByEmail(t.db, input.email)) throw alreadyExists(input.email);
      await assertTeam(t, input.teamId);
      const user = await repo.insertUser(t.db, {
        email: input.email,
        name: input.name,
        role: input.role,
        teamId: input.teamId ?? null,
        locale: input.locale,
        passwordHash,
        passwordChangedAt: passwordHash ? now : null,
        invitedAt: passwordHash ? null : now,
      });
      await audit(t, {
        entityType: 'user',
        entityId: user.id,
        action: 'create',
        changes: diffFields(null, audited(user)),
        metadata: { invitation: passwordHash === null },
      });
      if (passwordHash === null) await sendInvitation(t, user, { resend: false });
      return user;
    });
  } catch (err) {
    // Two concurrent creations with the same address: the unique index decides.
    if (repo.isUniqueViolation(err)) throw alreadyExists(input.email);
    throw err;
  }
}

/** Mails the invitation (the user's earlier links die) and audits it. */
async function sendInvitation(t: Tx, user: UserRecord, opts: { resend: boolean }) {
  const { expiresAt } = await issuePasswordLink(t, user, 'invitation');
  await audit(t, {
    entityType: 'user',
    entityId: user.id,
    action: 'invitation_sent',
    metadata: { resend: opts.resend, expiresAt: expiresAt.toISOString() },
  });
}

/** The user, locked for the action, who must exist and be active to receive a link. */
async function activeUserForLink(t: Tx, id: string): Promise<UserRecord> {
  const user = await repo.findUserById(t.db, id, { forUpdate: true });
  if (!user) throw notFound('user', id);
  if (!user.isActive) {
    throw new AppError('user.inactive', 'This user is deactivated: reactivate them first', { status: 409 });
  }
  return user;
}

/**
 * Sends the invitation again to a user who has not chosen a password yet: a new link valid seven days, and the old
 * one stops working. 409 `user.invitation_not_pending` once they have a password (send a reset link instead).
 */
export async function resendInvitation(ctx: Ctx, input: { id: string }): Promise<UserRecord> {
  requireAdmin(ctx);
  return withTx(ctx, async (t) => {
    const user = await activeUserForLink(t, input.id);
    if (user.hasPassword) {
      throw new AppError('user.invitation_not_pending', 'This user has already chosen a password', { status: 409 });
    }
    const invited = await repo.markInvited(t.db, user.id, ctx.deps.clock.now());
    await sendInvitation(t, invited, { resend: true });
    return invited;
  });
}

/**
 * An administrator has a reset link mailed to a user (valid one hour, like the user's own request). The password
 * does not change until the link is used; the administrator never sees nor sets it. 409
 * `user.invitation_pending` for a user who has no password yet (send the invitation again instead).
 */
export async function sendPasswordReset(ctx: Ctx, input: { id: string }): Promise<{ expiresAt: Date }> {
  requireAdmin(ctx);
  return withTx(ctx, async (t) => {
    const user = await activeUserForLink(t, input.id);
    if (!user.hasPassword) {
      throw new AppError('user.invitation_pending', 'This user has not chosen a password yet: resend the invitation', {
        status: 409,
      });
    }
    const { expiresAt } = await issuePasswordLink(t, user, 'admin_reset');
    await audit(t, {
      entityType: 'user',
      entityId: user.id,
      action: 'password_reset_sent',
      metadata: { expiresAt: expiresAt.toISOString() },
    });
    return { expiresAt };
  });
}

/** Refuses to leave the organisation without an active administrator. */
async function assertKeepsAnAdmin(t: Tx, before: UserRecord, after: { role: string; isActive: boolean }) {
  const losesAdmin = before.role === 'admin' && before.isActive && (after.role !== 'admin' || !after.isActive);
  if (!losesAdmin) return;
  if ((await repo.countActiveAdmins(t.db)) <= 1) {
    throw new AppError('user.last_admin', 'The last active administrator cannot be demoted or deactivated', {
      status: 409,
    });
  }
}

async function applyUserChange(t: Tx, id: string, patch: UpdateUserInput, action: string): Promise<UserRecord> {
  if (patch.role !== undefined || patch.isActive !== undefined) await repo.lockRoleChanges(t.db);
  const before = await repo.findUserById(t.db, id, { forUpdate: true });
  if (!before) throw notFound('user', id);
  await assertTeam(t, patch.teamId);
  await assertKeepsAnAdmin(t, before, {
    role: patch.role ?? before.role,
    isActive: patch.isActive ?? before.isActive,
  });
  const changes = diffFields(audited(before), patch);
  if (Object.keys(changes).length === 0) return before;
  const after = await repo.updateUserRow(t.db, id, patch);
  let sessionsRevoked: number | undefined;
  if (before.isActive && !after.isActive) {
    sessionsRevoked = await revokeUserSessions(t.db, id, t.ctx.deps.clock.now());
  }
  await audit(t, {
    entityType: 'user',
    entityId: id,
    action,
    changes,
    metadata: sessionsRevoked === undefined ? null : { sessionsRevoked },
  });
  return after;
}

/** Changes a user's name, role, team, locale or active flag; deactivation ends every session. */
export async function updateUser(ctx: Ctx, input: { id: string; patch: UpdateUserInput }): Promise<UserRecord> {
  requireAdmin(ctx);
  return withTx(ctx, (t) => applyUserChange(t, input.id, input.patch, 'update'));
}

/** The caller changes their own name or language (any role, viewers included). */
export async function updateMe(ctx: Ctx, patch: UpdateMeInput): Promise<UserRecord> {
  const id = ctx.actor.userId;
  if (!id) throw new AppError('auth.unauthenticated', 'Authentication is required');
  return withTx(ctx, (t) => applyUserChange(t, id, { name: patch.name, locale: patch.locale }, 'update'));
}

/** Users are never deleted (their records and audit rows point at them): they are deactivated. */
export async function deactivateUser(ctx: Ctx, input: { id: string }): Promise<UserRecord> {
  requireAdmin(ctx);
  return withTx(ctx, (t) => applyUserChange(t, input.id, { isActive: false }, 'deactivate'));
}
