import { z } from 'zod';

/** Feature flags and A/B tests (docs/ANALYTICS.md, "Feature flags and experiments"). */

const FLAG_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const VARIANT_KEY = /^[A-Za-z0-9][A-Za-z0-9_-]{0,49}$/;
const percent = z.number().int().min(0).max(100);

export const FlagVariantSchema = z.object({
  key: z.string().regex(VARIANT_KEY, 'letters, digits, - and _ (1-50)'),
  rolloutPercent: percent.describe('Share of the flag’s audience, 0-100'),
});

export const flagVariants = z
  .array(FlagVariantSchema)
  .min(2)
  .max(10)
  .superRefine((variants, ctx) => {
    const sum = variants.reduce((s, v) => s + v.rolloutPercent, 0);
    if (sum !== 100) ctx.addIssue({ code: 'custom', message: `the variants’ percentages add up to ${sum}, not 100` });
    const keys = variants.map((v) => v.key);
    keys.forEach((key, i) => {
      if (keys.indexOf(key) !== i) ctx.addIssue({ code: 'custom', path: [i, 'key'], message: 'used twice' });
    });
  })
  .describe(
    'The arms of a multivariate flag (an experiment: the first is the control); their percentages add up to 100',
  );

const goalEvent = z
  .string()
  .regex(/^[$A-Za-z0-9_.:-]{1,100}$/, 'an event name')
  .describe('The event that counts as a conversion in an experiment');

export const FlagSchema = z
  .object({
    id: z.uuid(),
    key: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    active: z.boolean(),
    rolloutPercent: z.number().int(),
    teamIds: z.array(z.uuid()),
    variants: z.array(FlagVariantSchema).nullable(),
    goalEvent: z.string().nullable(),
    experimentStartedAt: z.date().nullable(),
    experimentEndedAt: z.date().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: 'FeatureFlag' });
export type FlagDto = z.infer<typeof FlagSchema>;

const instant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const CreateFlagBody = z.object({
  key: z.string().regex(FLAG_KEY, 'letters, digits, - and _ (1-100), starting with a letter or digit'),
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).nullable().optional(),
  active: z.boolean().default(false),
  rolloutPercent: percent.default(0).describe('Share of the users (of its teams) who get the flag'),
  teamIds: z.array(z.uuid()).max(100).default([]).describe('Only these teams; empty: everyone'),
  variants: flagVariants.nullable().optional(),
  goalEvent: goalEvent.nullable().optional(),
  experimentStartedAt: instant.nullable().optional(),
  experimentEndedAt: instant.nullable().optional(),
});
export type CreateFlagInput = z.infer<typeof CreateFlagBody>;

export const UpdateFlagBody = z.object({
  key: CreateFlagBody.shape.key.optional(),
  name: CreateFlagBody.shape.name.optional(),
  description: CreateFlagBody.shape.description,
  active: z.boolean().optional(),
  rolloutPercent: percent.optional(),
  teamIds: z.array(z.uuid()).max(100).optional(),
  variants: CreateFlagBody.shape.variants,
  goalEvent: CreateFlagBody.shape.goalEvent,
  experimentStartedAt: CreateFlagBody.shape.experimentStartedAt,
  experimentEndedAt: CreateFlagBody.shape.experimentEndedAt,
});
export type UpdateFlagInput = z.infer<typeof UpdateFlagBody>;

export const FlagListSchema = z.object({ items: z.array(FlagSchema) });

/** One flag as posthog-js's `/flags?v=2` describes it. */
export const FlagDetailSchema = z.object({
  key: z.string(),
  enabled: z.boolean(),
  variant: z.string().nullable(),
  reason: z.object({
    code: z.string().describe('condition_match, out_of_rollout_bound, no_condition_match'),
    condition_index: z.number().int().nullable(),
    description: z.string(),
  }),
  metadata: z.object({
    id: z.number().int(),
    version: z.number().int(),
    description: z.string().nullable(),
    payload: z.null(),
  }),
});

export const MyFlagsSchema = z
  .object({
    featureFlags: z
      .record(z.string(), z.union([z.boolean(), z.string()]))
      .describe('Each active flag: false, true, or the variant'),
    flags: z.record(z.string(), FlagDetailSchema),
  })
  .meta({ id: 'MyFeatureFlags' });
export type MyFlagsDto = z.infer<typeof MyFlagsSchema>;

export const ExperimentQuery = z.object({
  from: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Start of the analysis (ISO 8601); default: the experiment’s start, or the flag’s creation'),
  to: z.iso.datetime({ offset: true }).optional().describe('End (excluded); default: the experiment’s end, or now'),
});
export type ExperimentInput = z.infer<typeof ExperimentQuery>;

export const ExperimentResultSchema = z
  .object({
    flagId: z.uuid(),
    key: z.string(),
    goalEvent: z.string(),
    start: z.date(),
    end: z.date(),
    control: z.string().describe('The first variant'),
    variants: z.array(
      z.object({
        key: z.string(),
        exposed: z.number().int().describe('Users who had the flag called with this variant (first exposure)'),
        conversions: z.number().int().describe('Exposed users who did the goal event after their first exposure'),
        conversionRate: z.number().nullable().describe('In %, two decimals; null without exposure'),
        vsControl: z
          .object({
            z: z.number(),
            pValue: z.number().describe('Two-sided'),
            confidence: z.number().describe('(1 − p-value) in %'),
            significant: z.boolean().describe('p-value below 0.05'),
            lift: z.number().nullable().describe('Relative change of the conversion rate, in %'),
          })
          .nullable()
          .describe('Two-proportion z-test against the control; null for the control or when nothing can be tested'),
      }),
    ),
  })
  .meta({ id: 'ExperimentResult' });
export type ExperimentResultDto = z.infer<typeof ExperimentResultSchema>;
