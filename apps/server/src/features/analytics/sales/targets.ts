import { and, eq, gte, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { audit, diffFields } from '../../../platform/audit/audit.ts';
import { teams, users } from '../../../platform/auth/auth.schema.ts';
import { visibilityOf } from '../../../platform/auth/scope.ts';
import type { Actor, Ctx } from '../../../platform/context.ts';
import type { Queryable } from '../../../platform/db/client.ts';
import { type Tx, withTx } from '../../../platform/db/tx.ts';
import { AppError } from '../../../platform/errors.ts';
import { salesTargets } from './sales.schema.ts';

/**
 * Sales targets (docs/SALES_ANALYTICS.md, "Targets"): an amount to win in a month for the firm, a team or a user.
 * Everyone reads those of their firm, their team and their team's members (administrators all); administrators set
 * any, managers those of their team and its members. Every change is audited (entity `sales_target`).
 */

const month = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM')
  .refine((m) => m >= '2000-01' && m <= '2099-12', 'a month between 2000-01 and 2099-12');

export const TargetSchema = z
  .object({
    id: z.uuid(),
    month: z.string().describe('YYYY-MM'),
    teamId: z.uuid().nullable(),
    userId: z.uuid().nullable(),
    level: z.enum(['firm', 'team', 'user']),
    amount: z.number().describe('Amount to win in the month'),
    currency: z.string(),
    updatedAt: z.date(),
  })
  .meta({ id: 'SalesTarget' });
export type TargetDto = z.infer<typeof TargetSchema>;

export const TargetListQuery = z.object({
  from: month.optional().describe('First month (YYYY-MM); default: January of this year'),
  to: month.optional().describe('Last month, included (YYYY-MM); default: December of `from`’s year'),
});

export const PutTargetBody = z
  .object({
    month,
    teamId: z.uuid().nullable().default(null).describe('A team’s target (null with userId null: the firm’s)'),
    userId: z.uuid().nullable().default(null).describe('A user’s target'),
    amount: z.number().min(0).max(1e13).multipleOf(0.01),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('EUR'),
  })
  .strict();
export type PutTargetInput = z.infer<typeof PutTargetBody>;

type Row = typeof salesTargets.$inferSelect;
const levelOf = (r: Pick<Row, 'teamId' | 'userId'>) => (r.userId ? 'user' : r.teamId ? 'team' : 'firm');
const dto = (r: Row): TargetDto => ({
  id: r.id,
  month: r.month.slice(0, 7),
  teamId: r.teamId,
  userId: r.userId,
  level: levelOf(r),
  amount: Number(r.amount),
  currency: r.currency,
  updatedAt: r.updatedAt,
});

/** The members of a team (user ids). */
async function membersOf(db: Queryable, teamId: string | null): Promise<string[]> {
  if (!teamId) return [];
  return (await db.select({ id: users.id }).from(users).where(eq(users.teamId, teamId))).map((r) => r.id);
}

/** Which targets the actor reads: null for all, else a WHERE clause. */
async function readable(db: Queryable, actor: Actor): Promise<SQL | undefined> {
  const v = visibilityOf(actor);
  if (v.kind === 'all') return undefined;
  const members = await membersOf(db, v.teamId);
  const userIds = [...new Set([...members, ...(v.userId ? [v.userId] : [])])];
  const parts: SQL[] = [and(isNull(salesTargets.teamId), isNull(salesTargets.userId)) as SQL];
  if (v.teamId) parts.push(eq(salesTargets.teamId, v.teamId));
  if (userIds.length)
    parts.push(
      sql`${salesTargets.userId} in (${sql.join(
        userIds.map((id) => sql`${id}`),
        sql`, `,
      )})`,
    );
  return or(...parts);
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
  if (target.userId && (await membersOf(db, actor.teamId)).includes(target.userId)) return;
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
  const rows = await db
    .select()
    .from(salesTargets)
    .where(
      and(gte(salesTargets.month, `${from}-01`), lte(salesTargets.month, `${to}-01`), await readable(db, ctx.actor)),
    )
    .orderBy(salesTargets.month, salesTargets.teamId, salesTargets.userId, salesTargets.currency);
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
    if (input.teamId && !(await t.db.select({ id: teams.id }).from(teams).where(eq(teams.id, input.teamId))).length) {
      throw new AppError('sales_target.invalid', 'No such team', {
        fields: [{ path: 'body.teamId', message: 'an existing team', code: 'not_found' }],
      });
    }
    if (input.userId && !(await t.db.select({ id: users.id }).from(users).where(eq(users.id, input.userId))).length) {
      throw new AppError('sales_target.invalid', 'No such user', {
        fields: [{ path: 'body.userId', message: 'an existing user', code: 'not_found' }],
      });
    }
    const slot = and(
      eq(salesTargets.month, `${input.month}-01`),
      input.teamId ? eq(salesTargets.teamId, input.teamId) : isNull(salesTargets.teamId),
      input.userId ? eq(salesTargets.userId, input.userId) : isNull(salesTargets.userId),
      eq(salesTargets.currency, input.currency),
    );
    const [existing] = await t.db.select().from(salesTargets).where(slot).for('update');
    const amount = input.amount.toFixed(2);
    if (existing) {
      const [row] = await t.db
        .update(salesTargets)
        .set({ amount, updatedAt: ctx.deps.clock.now() })
        .where(eq(salesTargets.id, existing.id))
        .returning();
      const target = dto(row as Row);
      clearSalesAnswers(t);
      await audit(t, {
        entityType: 'sales_target',
        entityId: target.id,
        action: 'update',
        changes: diffFields(dto(existing), target),
      });
      return { target, created: false };
    }
    const [row] = await t.db
      .insert(salesTargets)
      .values({
        month: `${input.month}-01`,
        teamId: input.teamId,
        userId: input.userId,
        amount,
        currency: input.currency,
        createdBy: ctx.actor.userId,
      })
      .returning();
    const target = dto(row as Row);
    clearSalesAnswers(t);
    await audit(t, {
      entityType: 'sales_target',
      entityId: target.id,
      action: 'create',
      changes: diffFields(null, target),
    });
    return { target, created: true };
  });
}

export async function deleteTarget(ctx: Ctx, id: string): Promise<void> {
  await withTx(ctx, async (t) => {
    const [row] = await t.db.select().from(salesTargets).where(eq(salesTargets.id, id)).for('update');
    const visible = row && (await readable(t.db, ctx.actor));
    const seen =
      row &&
      (visible === undefined ||
        (
          await t.db
            .select({ id: salesTargets.id })
            .from(salesTargets)
            .where(and(eq(salesTargets.id, id), visible))
        ).length > 0);
    if (!row || !seen) throw new AppError('sales_target.not_found', 'No such target', { status: 404 });
    await assertMaySet(t.db, ctx.actor, row);
    await t.db.delete(salesTargets).where(eq(salesTargets.id, id));
    clearSalesAnswers(t);
    await audit(t, {
      entityType: 'sales_target',
      entityId: id,
      action: 'delete',
      metadata: { month: dto(row).month, level: levelOf(row), amount: dto(row).amount, currency: row.currency },
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
  let level: 'firm' | 'team' | 'user' | null;
  let who: SQL;
  if (f.ownerIds?.length) {
    level = 'user';
    who = sql`${salesTargets.userId} in (${sql.join(
      f.ownerIds.map((id) => sql`${id}`),
      sql`, `,
    )})`;
  } else if (f.teamId) {
    level = 'team';
    who = eq(salesTargets.teamId, f.teamId) as SQL;
  } else if (v.kind === 'all') {
    level = 'firm';
    who = and(isNull(salesTargets.teamId), isNull(salesTargets.userId)) as SQL;
  } else if (v.teamId) {
    level = 'team';
    who = eq(salesTargets.teamId, v.teamId) as SQL;
  } else {
    return { level: null, byMonth: new Map() };
  }
  const rows = await db
    .select({ month: salesTargets.month, amount: sql<string>`sum(${salesTargets.amount})` })
    .from(salesTargets)
    .where(
      and(
        who,
        eq(salesTargets.currency, f.currency),
        gte(salesTargets.month, months.from),
        lte(salesTargets.month, months.to),
        await readable(db, actor),
      ),
    )
    .groupBy(salesTargets.month);
  return { level, byMonth: new Map(rows.map((r) => [r.month, Math.round(Number(r.amount) * 100) / 100])) };
}
