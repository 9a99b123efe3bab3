import { PRODUCT_FEATURES } from '@crm/contracts';
import { z } from 'zod';
import { listResponse } from '../../../platform/http/list.ts';
import { GRANULARITIES, MAX_DAYS } from '../../../platform/time/period.ts';

/**
 * The analysis API of product analytics (docs/ANALYTICS.md, "Analysis, flags and alerts"): admins only. Every answer
 * carries the period it was computed for (Paris calendar days, `from` and `to` included).
 */

/** A calendar day; the analysis covers 2000-2099 (Paris day boundaries are computed for real dates only). */
const day = z.iso
  .date()
  .refine((d) => d >= '2000-01-01' && d <= '2099-12-31', 'a day between 2000-01-01 and 2099-12-31');

export const PeriodQuery = z.object({
  from: day.optional().describe('First day (YYYY-MM-DD, Europe/Paris); default: 29 days before `to`'),
  to: day
    .optional()
    .describe(`Last day, included (YYYY-MM-DD, Europe/Paris); default: today. At most ${MAX_DAYS} days`),
});
export type PeriodInput = z.infer<typeof PeriodQuery>;

const granularity = z.enum(GRANULARITIES).default('day').describe('Bucket size: day, week (ISO, from Monday) or month');

export const PeriodSchema = z
  .object({
    from: z.string().describe('First day (YYYY-MM-DD)'),
    to: z.string().describe('Last day, included'),
    days: z.number().int(),
    timeZone: z.literal('Europe/Paris'),
    start: z.date().describe('The instant the period starts (included)'),
    end: z.date().describe('The instant it ends (excluded)'),
    granularity: z.enum(GRANULARITIES).optional(),
  })
  .meta({ id: 'AnalyticsPeriod' });

const count = z.number().int().min(0);
const percent = z.number().describe('Percentage, 0-100, two decimals');
const seconds = z.number().nullable();

// ---- overview ------------------------------------------------------------------------------------------------------

export const OverviewQuery = PeriodQuery.extend({ granularity });

const totals = z.object({
  views: count.describe('`$pageview` events'),
  users: count.describe('Distinct signed-in users who viewed a page'),
  sessions: count.describe('Distinct sessions with a page view'),
});

export const OverviewSchema = z
  .object({
    period: PeriodSchema,
    series: z.array(totals.extend({ bucket: z.string().describe('First day of the bucket (YYYY-MM-DD)') })),
    totals,
    previous: z
      .object({ period: PeriodSchema, totals })
      .describe('The period of the same length just before, for comparison'),
  })
  .meta({ id: 'AnalyticsOverview' });
export type OverviewDto = z.infer<typeof OverviewSchema>;

// ---- pages ---------------------------------------------------------------------------------------------------------

export const PagesQuery = PeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Routes to list (1-100)'),
});

export const PagesSchema = z
  .object({
    period: PeriodSchema,
    items: z.array(
      z.object({
        route: z.string().describe('Route pattern (`/people/:id`), or the path when the route is unknown'),
        views: count,
        users: count,
        timedViews: count.describe('Views whose time on page is known'),
        medianSeconds: seconds.describe('Median time on page'),
        p80Seconds: seconds.describe('80th percentile of the time on page'),
        avgScrollPercent: z.number().nullable().describe('Average of the deepest scroll reached, 0-100'),
      }),
    ),
  })
  .meta({ id: 'AnalyticsPages' });
export type PagesDto = z.infer<typeof PagesSchema>;

// ---- features ------------------------------------------------------------------------------------------------------

export const FeaturesSchema = z
  .object({
    period: PeriodSchema,
    features: z.array(
      z.object({
        feature: z.enum(PRODUCT_FEATURES),
        events: count.describe('Events of the catalogue that show use of the feature'),
        users: count,
        byEvent: z.array(z.object({ event: z.string(), count, users: count })),
      }),
    ),
    neverUsed: z.array(z.enum(PRODUCT_FEATURES)).describe('Features of the catalogue no event showed in the period'),
  })
  .meta({ id: 'AnalyticsFeatures' });
export type FeaturesDto = z.infer<typeof FeaturesSchema>;

// ---- funnels -------------------------------------------------------------------------------------------------------

const eventName = z
  .string()
  .regex(/^[$A-Za-z0-9_.:-]{1,100}$/, 'an event name: letters, digits, $ _ . : -')
  .describe('An event name (`$pageview`, `contact_created`)');
const routePattern = z
  .string()
  .regex(/^\/[A-Za-z0-9_./:-]{0,199}$/, 'a route pattern such as /people/:id')
  .describe('A route pattern (`/people/:id`)');

export const FunnelStepSchema = z.object({
  event: eventName,
  route: routePattern.optional().describe('Only events on this route (`/people/:id`)'),
});
export const funnelSteps = z.array(FunnelStepSchema).min(2).max(10);
const windowDays = z.number().int().min(1).max(90).describe('Each step must follow the first within this many days');

export const FunnelQueryBody = z.object({
  steps: funnelSteps,
  windowDays: windowDays.default(14),
  from: PeriodQuery.shape.from,
  to: PeriodQuery.shape.to,
});
export type FunnelQueryInput = z.infer<typeof FunnelQueryBody>;

export const FunnelResultSchema = z
  .object({
    period: PeriodSchema,
    windowDays: z.number().int(),
    steps: z.array(
      z.object({
        step: z.number().int().describe('1 for the first step'),
        event: z.string(),
        route: z.string().nullable(),
        users: count.describe('Users who reached this step (in order, within the window)'),
        conversionFromPrevious: percent.nullable().describe('Share of the previous step; null for the first'),
        conversionFromFirst: percent.nullable().describe('Share of the first step; null when nobody started'),
        dropOff: count.describe('Users of the previous step who did not reach this one (0 for the first)'),
        medianSecondsFromPrevious: seconds.describe('Median time from the previous step; null for the first'),
      }),
    ),
    overallConversion: percent.nullable().describe('Last step over first step; null when nobody started'),
  })
  .meta({ id: 'AnalyticsFunnelResult' });
export type FunnelResultDto = z.infer<typeof FunnelResultSchema>;

export const FunnelSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    steps: z.array(z.object({ event: z.string(), route: z.string().optional() })),
    windowDays: z.number().int(),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'AnalyticsFunnel' });
export type FunnelDto = z.infer<typeof FunnelSchema>;

export const CreateFunnelBody = z.object({
  name: z.string().trim().min(1).max(200),
  steps: funnelSteps,
  windowDays: windowDays.default(14),
});
export type CreateFunnelInput = z.infer<typeof CreateFunnelBody>;
export const UpdateFunnelBody = z.object({
  name: CreateFunnelBody.shape.name.optional(),
  steps: funnelSteps.optional(),
  windowDays: windowDays.optional(),
});
export type UpdateFunnelInput = z.infer<typeof UpdateFunnelBody>;
export const FunnelListSchema = z.object({ items: z.array(FunnelSchema) });

// ---- retention -----------------------------------------------------------------------------------------------------

export const DEFAULT_START_EVENTS = ['user_logged_in', '$pageview'];

export const RetentionQuery = PeriodQuery.extend({
  startEvent: eventName
    .optional()
    .describe('The event whose first occurrence puts a user in a cohort; default `user_logged_in` or `$pageview`'),
  returnEvent: eventName.optional().describe('The event that counts as active; default: any event'),
  weeks: z.coerce.number().int().min(1).max(26).default(8).describe('Weeks after the first one (1-26)'),
});
export type RetentionInput = z.infer<typeof RetentionQuery>;

export const RetentionSchema = z
  .object({
    period: PeriodSchema,
    startEvents: z.array(z.string()),
    returnEvent: z.string().nullable().describe('null: any event'),
    weeks: z.number().int(),
    cohorts: z.array(
      z.object({
        week: z.string().describe('Monday of the cohort’s week (YYYY-MM-DD)'),
        users: count.describe('Users whose first start event fell in that week'),
        retention: z
          .array(
            z.object({
              week: z.number().int().describe('Weeks after the cohort’s (0: the same week)'),
              users: count.nullable().describe('Active users of the cohort that week; null: not in the period yet'),
              percent: percent.nullable(),
            }),
          )
          .describe('Week 0..weeks'),
      }),
    ),
  })
  .meta({ id: 'AnalyticsRetention' });
export type RetentionDto = z.infer<typeof RetentionSchema>;

// ---- heatmap -------------------------------------------------------------------------------------------------------

export const HeatmapQuery = PeriodQuery.extend({
  route: routePattern.describe('The page’s route pattern (`/people/:id`)'),
});
export type HeatmapInput = z.infer<typeof HeatmapQuery>;

export const HeatmapSchema = z
  .object({
    period: PeriodSchema,
    route: z.string(),
    clicks: count.describe('Click points (`$$heatmap` clicks; rage clicks are counted apart)'),
    rageClicks: count,
    grid: z.object({
      cellSize: z.number().describe('Side of a cell as a share of the viewport width (x and y alike)'),
      columns: z.number().int(),
      cells: z.array(
        z.object({
          column: z.number().int().describe('0 at the left edge'),
          row: z.number().int().describe('0 at the top of the page'),
          count,
        }),
      ),
    }),
    scroll: z.object({
      views: count.describe('Views of the route whose deepest scroll is known'),
      avgPercent: z.number().nullable(),
      distribution: z.array(z.object({ fromPercent: z.number().int(), toPercent: z.number().int(), views: count })),
    }),
    selectors: z
      .array(z.object({ selector: z.string(), count }))
      .describe('Most clicked elements (autocapture clicks), as tag, classes and data attributes'),
  })
  .meta({ id: 'AnalyticsHeatmap' });
export type HeatmapDto = z.infer<typeof HeatmapSchema>;

// ---- errors --------------------------------------------------------------------------------------------------------

export const ErrorsQuery = PeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Groups to list (1-200)'),
});

export const ErrorsSchema = z
  .object({
    period: PeriodSchema,
    totals: z.object({ exceptions: count, apiErrors: count }),
    items: z.array(
      z.object({
        source: z.enum(['web', 'api']).describe('web: `$exception` of the web app; api: `api_error`'),
        code: z.string().describe('The exception type (web) or the problem code (API)'),
        status: z.number().int().nullable().describe('HTTP status (API errors)'),
        count,
        users: count,
        lastSeenAt: z.date(),
      }),
    ),
  })
  .meta({ id: 'AnalyticsErrors' });
export type ErrorsDto = z.infer<typeof ErrorsSchema>;

// ---- recordings ----------------------------------------------------------------------------------------------------

export const RecordingsQuery = PeriodQuery.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional().describe('`nextCursor` of the previous page'),
});
export type RecordingsInput = z.infer<typeof RecordingsQuery>;

const recordingSummary = z.object({
  sessionId: z.string(),
  userId: z.uuid().nullable(),
  userName: z.string().nullable(),
  startedAt: z.date(),
  endedAt: z.date(),
  durationSeconds: z.number(),
});

export const RecordingListSchema = listResponse(
  recordingSummary.extend({
    pageViews: count,
    pages: z.array(z.string()).describe('Routes viewed in the session, in order of first view'),
  }),
)
  .extend({ period: PeriodSchema })
  .meta({ id: 'AnalyticsRecordingList' });
export type RecordingListDto = z.infer<typeof RecordingListSchema>;

export const RecordingParams = z.object({
  sessionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .describe('The session id'),
});

export const RecordingSchema = recordingSummary
  .extend({
    windowIds: z.array(z.string()),
    events: z.array(z.unknown()).describe('The rrweb events of the session, in time order, for playback'),
  })
  .meta({ id: 'AnalyticsRecording' });
export type RecordingDto = z.infer<typeof RecordingSchema>;
