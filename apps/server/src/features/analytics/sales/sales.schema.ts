import { sql } from 'drizzle-orm';
import { check, date, index, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { teams, users } from '../../../platform/auth/auth.schema.ts';
import { createdAt, idPk, updatedAt } from '../../../platform/db/columns.ts';

/**
 * Sales targets (docs/SALES_ANALYTICS.md, "Targets"): an amount to win in a month, for the whole firm (no team, no
 * user), a team, or one user; one per month, level and currency. The revenue and the forecast compare with them.
 */
export const salesTargets = pgTable(
  'sales_targets',
  {
    id: idPk(),
    /** The month, as its first day. */
    month: date('month').notNull(),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'cascade' }),
    amount: numeric('amount', { precision: 15, scale: 2 }).notNull(),
    currency: text('currency').notNull().default('EUR'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('sales_targets_slot').on(t.month, t.teamId, t.userId, t.currency).nullsNotDistinct(),
    check('sales_targets_one_level', sql`${t.teamId} is null or ${t.userId} is null`),
    check('sales_targets_first_day', sql`extract(day from ${t.month}) = 1`),
    index('sales_targets_month_idx').on(t.month),
  ],
);
