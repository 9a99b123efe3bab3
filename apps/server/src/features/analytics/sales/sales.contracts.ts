import {
  INTERACTION_TYPES,
  LOST_REASON_CODES,
  MANDAT_KINDS,
  MANDAT_STAGES,
  ORGANISATION_TYPES,
  SOURCES,
} from '@crm/contracts';
import { z } from 'zod';
import { multi } from '../../../platform/http/list.ts';
import { GRANULARITIES } from '../../../platform/time/period.ts';
import { PeriodSchema } from '../product/product.contracts.ts';

/**
 * The sales analytics API (docs/SALES_ANALYTICS.md): any signed-in user, every figure over the mandates,
 * organisations and interactions the caller may see. Every endpoint takes the same query and answers with the exact
 * query it computed (`query`, defaults filled in) and the period (Paris calendar days, both included).
 */

/** The longest period analysed at once: three years (a year compared with the one before, and some margin). */
export const SALES_MAX_DAYS = 1_100;

const day = z.iso
  .date()
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a day between 2000-01-01 and 2099-12-31');

export const SalesQuery = z.object({
  from: day.optional().describe('First day (YYYY-MM-DD, Europe/Paris); default: 29 days before `to`'),
  to: day
    .optional()
    .describe(`Last day, included (YYYY-MM-DD, Europe/Paris); default: today. At most ${SALES_MAX_DAYS} days`),
  granularity: z.enum(GRANULARITIES).default('month').describe('Bucket size: day, week (ISO, from Monday) or month'),
  teamId: z.uuid().optional().describe('Only the records of this team (within what the caller sees)'),
  ownerIds: multi(z.uuid(), 100).optional().describe('Only the records of these owners (comma-separated)'),
  kind: z.enum(MANDAT_KINDS).optional().describe('Only distribution mandates or placements'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .default('EUR')
    .describe('Amounts are those of mandates in this currency (ISO 4217); others are counted apart'),
});
export type SalesInput = z.infer<typeof SalesQuery>;

export const TopQuery = SalesQuery.extend({ limit: z.coerce.number().int().min(1).max(50).default(10) });

const QueryEcho = z
  .object({
    from: z.string(),
    to: z.string(),
    granularity: z.enum(GRANULARITIES),
    teamId: z.uuid().nullable(),
    ownerIds: z.array(z.uuid()),
    kind: z.enum(MANDAT_KINDS).nullable(),
    currency: z.string(),
  })
  .describe('The query the answer was computed for, defaults filled in')
  .meta({ id: 'SalesAnalyticsQuery' });

const head = { query: QueryEcho, period: PeriodSchema };
const count = z.number().int().min(0);
const amount = z.number().describe('Amount in `currency`, rounded to cents');
const percentOrNull = z.number().nullable().describe('Percentage, 0-100, two decimals; null when nothing to divide');

const targetSummary = z
  .object({
    level: z
      .enum(['firm', 'team', 'user'])
      .nullable()
      .describe('Whose targets: the owners named, the team named, else the firm (administrators) or the caller’s team'),
    total: amount.nullable().describe('Sum of the targets of the months of the period; null when none is set'),
  })
  .describe('The targets compared with (docs/SALES_ANALYTICS.md, "Targets")');

const revenuePoint = z.object({ won: count, amount, commission: amount.describe('Σ amount × commission rate / 100') });

export const RevenueSchema = z
  .object({
    ...head,
    series: z.array(
      revenuePoint.extend({
        bucket: z.string().describe('First day of the bucket (YYYY-MM-DD)'),
        previousAmount: amount.nullable().describe('Won amount of the same bucket of the previous period'),
        yearAgoAmount: amount.nullable().describe('Won amount of the same bucket a year before'),
        target: amount.nullable().describe('The month’s target (monthly buckets only; null when none is set)'),
      }),
    ),
    target: targetSummary,
    totals: revenuePoint,
    previous: z.object({ period: PeriodSchema, totals: revenuePoint }),
    yearAgo: z.object({ period: PeriodSchema, totals: revenuePoint }),
    otherCurrencies: count.describe('Mandates won in the period in another currency, not in the amounts'),
  })
  .meta({ id: 'SalesRevenue' });

const flow = z.object({ count, amount });
export const ForecastSchema = z
  .object({
    ...head,
    months: z.array(
      z.object({
        bucket: z.string().describe('First day of the month of expected closing'),
        count,
        amount,
        weighted: amount.describe('Σ amount × probability / 100'),
        won: amount.describe('Already won in the month (closed then)'),
        target: amount.nullable().describe('The month’s target; null when none is set'),
      }),
    ),
    target: targetSummary,
    overdue: z.object({ count, amount, weighted: amount }).describe('Open, expected to close before `from`'),
    later: z.object({ count, amount, weighted: amount }).describe('Open, expected to close after `to`'),
    undated: z.object({ count, amount, weighted: amount }).describe('Open, without an expected closing date'),
    totals: z.object({ count, amount, weighted: amount }),
    lastWeek: z
      .object({ created: flow, won: flow, lost: flow })
      .describe('What moved in the last 7 days (to now): mandates created, won, lost'),
  })
  .meta({ id: 'SalesForecast' });

export const SalesFunnelSchema = z
  .object({
    ...head,
    cohort: count.describe('Mandates created in the period (the funnel counts them)'),
    steps: z.array(
      z.object({
        stage: z.enum(MANDAT_STAGES),
        reached: count.describe('Mandates of the cohort that reached this stage or a later one'),
        conversionFromPrevious: percentOrNull,
        conversionFromFirst: percentOrNull,
        lostFrom: count.describe('Mandates of the cohort lost from this stage'),
        medianDays: z.number().nullable().describe('Median days spent in the stage (moves out of it only)'),
        p80Days: z.number().nullable().describe('80th percentile of the days spent in the stage'),
        timed: count.describe('Stays in the stage whose end is known'),
      }),
    ),
  })
  .meta({ id: 'SalesFunnel' });

export const DealStatusSchema = z
  .object({ ...head, stages: z.array(z.object({ stage: z.enum(MANDAT_STAGES), count, amount })) })
  .meta({ id: 'SalesDealStatus' });

export const TopOrganisationsSchema = z
  .object({
    ...head,
    items: z.array(
      z.object({ organisationId: z.uuid(), name: z.string(), type: z.enum(ORGANISATION_TYPES), won: count, amount }),
    ),
  })
  .meta({ id: 'SalesTopOrganisations' });

export const PerformanceSchema = z
  .object({
    ...head,
    users: z.array(
      z.object({
        userId: z.uuid(),
        name: z.string(),
        interactions: count,
        opened: count.describe('Mandates created in the period'),
        won: count.describe('Mandates won in the period'),
        lost: count.describe('Mandates lost in the period'),
        winRate: percentOrNull.describe('won / (won + lost), %'),
        wonAmount: amount,
        averageDeal: amount.nullable().describe('Average amount of the mandates won'),
        cycleDays: z.number().nullable().describe('Median days from creation to winning'),
      }),
    ),
  })
  .meta({ id: 'SalesPerformance' });

export const ActivitySchema = z
  .object({
    ...head,
    days: z.array(
      z.object({
        day: z.string(),
        total: count,
        byType: z.partialRecord(z.enum(INTERACTION_TYPES), count),
      }),
    ),
    totals: z.partialRecord(z.enum(INTERACTION_TYPES), count),
  })
  .meta({ id: 'SalesActivity' });

export const ActivityTrendsSchema = z
  .object({
    ...head,
    series: z.array(
      z.object({
        bucket: z.string(),
        meetings: count.describe('Interactions of type reunion or visio'),
        pitches: count,
        calls: count,
        emails: count,
        closings: count.describe('Mandates won'),
      }),
    ),
  })
  .meta({ id: 'SalesActivityTrends' });

export const EmailVolumeSchema = z
  .object({
    ...head,
    series: z.array(
      z.object({
        bucket: z.string(),
        sent: count.describe('Campaign e-mails handed to the outbox'),
        delivered: count.describe('Accepted by the mail server'),
        opened: count.describe('E-mails opened by a person (unique per e-mail, machines left out)'),
        clicked: count.describe('E-mails with a link clicked by a person (unique per e-mail)'),
        bounced: count,
        unsubscribed: count,
      }),
    ),
  })
  .meta({ id: 'SalesEmailVolume' });

export const OrganisationTypesSchema = z
  .object({
    ...head,
    types: z.array(
      z.object({
        type: z.enum(ORGANISATION_TYPES),
        organisations: count.describe('Organisations the caller sees (whenever created)'),
        won: count.describe('Mandates won with them in the period'),
        amount,
      }),
    ),
  })
  .meta({ id: 'SalesOrganisationTypes' });

export const SourcesSchema = z
  .object({
    ...head,
    sources: z.array(
      z.object({
        source: z.enum(SOURCES).nullable().describe('Null: no source recorded'),
        won: count,
        lost: count,
        wonAmount: amount,
      }),
    ),
  })
  .meta({ id: 'SalesSources' });

export const LostReasonsSchema = z
  .object({
    ...head,
    reasons: z.array(
      z.object({
        code: z.enum(LOST_REASON_CODES).nullable().describe('The lost reason (`lostReasonCode`); null: none recorded'),
        count: count.describe('Mandates lost in the period for this reason'),
        amount,
        share: percentOrNull.describe('Share of the mandates lost in the period (`totals.count`), %'),
        fromStages: z
          .array(
            z.object({
              stage: z
                .enum(MANDAT_STAGES)
                .nullable()
                .describe('The stage left by the (last) move to perdu of the stage history; null: created lost'),
              count,
            }),
          )
          .describe('Where in the pipeline they were lost, in the pipeline’s order (created lost last)'),
      }),
    ),
    totals: z.object({ count, amount }),
    otherCurrencies: count.describe('Mandates lost in the period in another currency, in none of the figures'),
  })
  .meta({ id: 'SalesLostReasons' });

const placeFigures = {
  organisations: count.describe('Organisations the caller sees (whenever created)'),
  won: count.describe('Mandates won with them in the period'),
  amount,
};

export const GeographySchema = z
  .object({
    ...head,
    countries: z.array(z.object({ countryCode: z.string(), ...placeFigures })),
    regions: z.array(z.object({ code: z.string(), name: z.string(), ...placeFigures })),
    departments: z.array(z.object({ code: z.string(), name: z.string(), region: z.string(), ...placeFigures })),
    unknown: z.object(placeFigures).describe('French organisations whose postal code names no department'),
  })
  .meta({ id: 'SalesGeography' });

export const RevenueByCategorySchema = z
  .object({
    ...head,
    items: z.array(
      z.object({
        produitId: z.uuid().nullable().describe('Null: mandates won without a fund'),
        name: z.string().nullable(),
        assetClass: z.string().nullable(),
        category: z.string().nullable(),
        mandats: count,
        amount: amount.describe('Won amounts, each mandate split evenly between its funds'),
      }),
    ),
    totals: z.object({ amount }),
  })
  .meta({ id: 'SalesRevenueByCategory' });
