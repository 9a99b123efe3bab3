import type { z } from 'zod';
import { audit, diffFields } from '../../../platform/audit/audit.ts';
import { visibilityOf } from '../../../platform/auth/scope.ts';
import type { Actor, Ctx } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { type Tx, withTx } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import type { PutTargetInput, TargetDto, TargetListQuery } from './targets.contracts.ts';
import * as repo from './targets.repo.ts';

/**
 * Sales targets (docs/SALES_ANALYTICS.md, "Targets"): an amount to win in a month for the firm, a team or a user.
 * Everyone reads those of their firm, their team and their team's members (administrators all); administrators set
 * any, managers those of their team and its members. Every change is audited (entity `sales_target`).
 */

const ENTITY = 'sales_target';
const levelOf = (r: Pick<repo.TargetRow, 'teamId' | 'userId'>) => (r.userId ? 'user' : r.teamId ? 'team' : 'firm');
const dto = (r: repo.TargetRow): TargetDto => ({
  id: r.id,
  month: r.month.slice(0, 7),
  teamId: r.teamId,
  userId: r.userId,
  level: levelOf(r),
  amount: Number(r.amount),
  currency: r.currency,
  updatedAt: r.updatedAt,
});

/** Which targets the actor reads: undefined for all, else the clause of `repo.readableWhere`. */
async function readable(db: Queryable, actor: Actor) {
  const v = visibilityOf(actor);
  if (v.kind === 'all') return undefined;
  const members = await repo.membersOf(db, v.teamId);
  return repo.readableWhere({
    teamId: v.teamId,
    userIds: [...new Set([...members, ...(v.userId ? [v.userId] : [])])],
  });
}

/** The sales namespace of the read cache: its answers carry the targets, so a change clears them (after commit). */
const SALES_CACHE_NAMESPACE = 'sales';
function clearSalesAnswers(t: Tx): void {
  t.afterCommit(async () => {
    await t.ctx.deps.cache.clear(SALES_CACHE_NAMESPACE);
  });
}

/** Whether the actor may set a target at this level: administrators any; managers their team's and its members'. */
async function assertMaySet(db: Queryable, actor: Actor, target: { teamId: string | null; userId: string | null }) {
  if (actor.type === 'system' || actor.role === 'admin') return;
  const forbidden = () =>
    new AppError('auth.forbidden', 'Only administrators, and managers for their team, set targets');
  if (actor.role !== 'manager' || !actor.teamId || !actor.scopes.includes('write')) throw forbidden();
  if (target.teamId) {
    if (target.teamId !== actor.teamId) throw forbidden();
    return;
  }
  if (target.userId && (await repo.membersOf(db, actor.teamId)).includes(target.userId)) return;
  throw forbidden();
}

export async function listTargets(ctx: Ctx, q: z.infer<typeof TargetListQuery>) {
  const db = ctx.deps.database.db;
  const year = ctx.deps.clock.now().getUTCFullYear();
  const from = q.from ?? `${year}-01`;
  const to = q.to ?? `${from.slice(0, 4)}-12`;
  if (from > to) {
    throw new AppError('sales_target.invalid_range', `from (${from}) is after to (${to})`, {
      fields: [
        { path: 'querystring.from', message: 'the first month', code: 'invalid_range' },
        { path: 'querystring.to', message: 'the last month', code: 'invalid_range' },
      ],
    });
  }
  const rows = await repo.selectTargets(db, `${from}-01`, `${to}-01`, await readable(db, ctx.actor));
  return { items: rows.map(dto) };
}

/** Sets the target of a month and level (creates it or changes its amount). */
export async function putTarget(ctx: Ctx, input: PutTargetInput): Promise<{ target: TargetDto; created: boolean }> {
  if (input.teamId && input.userId) {
    throw new AppError('sales_target.invalid', 'A target is the firm’s, a team’s or a user’s, not both', {
      fields: [{ path: 'body.userId', message: 'a team’s or a user’s, not both', code: 'invalid' }],
    });
  }
  return withTx(ctx, async (t) => {
    await assertMaySet(t.db, ctx.actor, input);
    if (input.teamId && !(await repo.teamExists(t.db, input.teamId))) {
      throw new AppError('sales_target.invalid', 'No such team', {
        fields: [{ path: 'body.teamId', message: 'an existing team', code: 'not_found' }],
      });
    }
    if (input.userId && !(await repo.userExists(t.db, input.userId))) {
      throw new AppError('sales_target.invalid', 'No such user', {
        fields: [{ path: 'body.userId', message: 'an existing user', code: 'not_found' }],
      });
    }
    const slot = { month: `${input.month}-01`, teamId: input.teamId, userId: input.userId, currency: input.currency };
    const existing = await repo.slotForUpdate(t.db, slot);
    const amount = input.amount.toFixed(2);
    const row = existing
      ? await repo.setAmount(t.db, existing.id, amount, ctx.deps.clock.now())
      : await repo.insertTarget(t.db, { ...slot, amount, createdBy: ctx.actor.userId });
    const target = dto(row);
    clearSalesAnswers(t);
    await audit(t, {
      entityType: ENTITY,
      entityId: target.id,
      action: existing ? 'update' : 'create',
      changes: diffFields(existing ? dto(existing) : null, target),
    });
    return { target, created: !existing };
  });
}

export async function deleteTarget(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const row = await repo.readableForUpdate(t.db, id, await readable(t.db, ctx.actor));
    if (!row) throw new AppError('sales_target.not_found', 'No such target', { status: 404 });
    await assertMaySet(t.db, ctx.actor, row);
    await repo.deleteTargetRow(t.db, id);
    clearSalesAnswers(t);
    const d = dto(row);
    await audit(t, {
      entityType: ENTITY,
      entityId: id,
      action: 'delete',
      metadata: { month: d.month, level: d.level, amount: d.amount, currency: d.currency },
    });
  });
}

/**
 * The targets an analysis compares with, per month (`YYYY-MM-01` → amount), and their level: the users' when the
 * analysis names owners (their sum), the team's when it names a team, else the firm's for administrators and the
 * caller's team's for everyone else; only targets the caller may read. Null level: nothing applies.
 */
export async function targetsFor(
  db: Queryable,
  actor: Actor,
  f: { teamId?: string; ownerIds?: string[]; currency: string },
  months: { from: string; to: string },
): Promise<{ level: 'firm' | 'team' | 'user' | null; byMonth: Map<string, number> }> {
  const v = visibilityOf(actor);
  const who: Parameters<typeof repo.sumTargets>[1] | null = f.ownerIds?.length
    ? { level: 'user', userIds: f.ownerIds }
    : f.teamId
      ? { level: 'team', teamId: f.teamId }
      : v.kind === 'all'
        ? { level: 'firm' }
        : v.teamId
          ? { level: 'team', teamId: v.teamId }
          : null;
  if (!who) return { level: null, byMonth: new Map() };
  const byMonth = await repo.sumTargets(db, who, { currency: f.currency, ...months }, await readable(db, actor));
  return { level: who.level, byMonth };
}
