import { z } from 'zod';

/** Sales targets' query, body and answer (docs/SALES_ANALYTICS.md, "Targets"). */

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
