import { z } from 'zod';
import { emailAddress } from '../../platform/http/fields.ts';
import {
  CAMPAIGN_STATUSES,
  EXCLUSION_REASONS,
  MARKETING_TOPICS,
  SCHEDULE_KINDS,
  STEP_CONDITIONS,
  TEMPLATE_LOCALES,
} from './campaigns.schema.ts';

/** Campaigns (docs/CAMPAIGNS.md). */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');

export const SendWindowSchema = z
  .strictObject({
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7).describe('ISO days: 1 = Monday … 7 = Sunday'),
    start: hhmm,
    end: hhmm,
  })
  .refine((w) => w.start < w.end, { message: 'start must be before end', path: ['end'] })
  .meta({ id: 'SendWindow' });

export const AbTestSchema = z
  .strictObject({
    testShare: z
      .number()
      .int()
      .min(2)
      .max(100)
      .describe('Percent of the audience tested, split evenly between A and B'),
    metric: z.enum(['opens', 'clicks']).describe('The winner: more unique human opens, or clicks'),
    waitHours: z.number().int().min(1).max(168).describe('Hours between the test and the mail to the rest'),
  })
  .meta({ id: 'AbTest' });

const VariantInput = z.strictObject({
  key: z.enum(['A', 'B']),
  templateId: z.uuid().nullable().optional(),
  subject: z.string().trim().min(1).max(250),
  preheader: z.string().trim().max(250).default(''),
  bodyHtml: z.string().min(1).max(200_000),
  locale: z.enum(TEMPLATE_LOCALES).default('fr'),
});

const StepInput = z.strictObject({
  delayHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 90)
    .default(0)
    .describe('After the previous step (0 for the first)'),
  condition: z.enum(STEP_CONDITIONS).default('all').describe('To everyone, or to those who did not open / click'),
  variants: z.array(VariantInput).min(1).max(2),
});

const campaignFields = {
  name: z.string().trim().min(1).max(160),
  topic: z.enum(MARKETING_TOPICS),
  segmentId: z.uuid().nullable().optional().describe('A segment of contacts: the audience'),
  excludeSegmentIds: z.array(z.uuid()).max(10).default([]),
  fromName: z
    .string()
    .trim()
    .min(1)
    .max(120)
    .regex(/^[^<>\r\n"]*$/, 'a name without <, >, " or line breaks')
    .nullable()
    .optional(),
  replyTo: emailAddress().nullable().optional(),
  sendWindow: SendWindowSchema.nullable().optional(),
  ratePerMinute: z.number().int().min(1).max(10_000).default(300),
  abTest: AbTestSchema.nullable().optional(),
  steps: z.array(StepInput).min(1).max(10),
};

export const CreateCampaignSchema = z.strictObject(campaignFields).meta({ id: 'CampaignCreate' });
export type CreateCampaignInput = z.infer<typeof CreateCampaignSchema>;

export const UpdateCampaignSchema = z
  .strictObject({
    ...campaignFields,
    excludeSegmentIds: z.array(z.uuid()).max(10),
    ratePerMinute: z.number().int().min(1).max(10_000),
  })
  .partial()
  .meta({ id: 'CampaignChange' });
export type UpdateCampaignInput = z.infer<typeof UpdateCampaignSchema>;

export const ScheduleInput = z
  .discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('now') }),
    z.strictObject({ kind: z.literal('at'), at: z.coerce.date().describe('The instant (sent as ISO 8601)') }),
    z.strictObject({
      kind: z.literal('recipient_local'),
      localTime: z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'YYYY-MM-DDTHH:mm')
        .describe('The wall-clock time in each recipient’s time zone'),
    }),
  ])
  .meta({ id: 'CampaignSchedule' });
export type ScheduleInputDto = z.infer<typeof ScheduleInput>;

const VariantSchema = z.object({
  id: z.uuid(),
  key: z.enum(['A', 'B']),
  templateId: z.uuid().nullable(),
  subject: z.string(),
  preheader: z.string(),
  bodyHtml: z.string(),
  locale: z.enum(TEMPLATE_LOCALES),
  isWinner: z.boolean(),
});

const StepSchema = z.object({
  id: z.uuid(),
  position: z.number().int(),
  delayHours: z.number().int(),
  condition: z.enum(STEP_CONDITIONS),
  variants: z.array(VariantSchema),
});

export const AudienceCountsSchema = z
  .object({
    total: z.number().int().describe('Contacts of the segment you see'),
    sendable: z.number().int(),
    excluded: z.partialRecord(z.enum(EXCLUSION_REASONS), z.number().int()).describe('Contacts left out, by reason'),
  })
  .meta({ id: 'AudienceCounts' });

export const CampaignSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    status: z.enum(CAMPAIGN_STATUSES),
    topic: z.enum(MARKETING_TOPICS),
    segmentId: z.uuid().nullable(),
    excludeSegmentIds: z.array(z.uuid()),
    fromName: z.string().nullable(),
    replyTo: z.string().nullable(),
    scheduleKind: z.enum(SCHEDULE_KINDS),
    scheduledAt: z.date().nullable().describe('When it starts (a local-time campaign: in the earliest time zone)'),
    localTime: z.string().nullable(),
    sendWindow: SendWindowSchema.nullable(),
    ratePerMinute: z.number().int(),
    abTest: AbTestSchema.nullable(),
    audienceCounts: AudienceCountsSchema.nullable().describe('The audience as it was when the campaign started'),
    steps: z.array(StepSchema),
    ownerId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    createdAt: z.date(),
    updatedAt: z.date(),
    startedAt: z.date().nullable(),
    completedAt: z.date().nullable(),
  })
  .meta({ id: 'Campaign' });
export type CampaignDto = z.infer<typeof CampaignSchema>;

export const CampaignListSchema = z.object({ items: z.array(CampaignSchema.omit({ steps: true })) });

export const CampaignListQuery = z.strictObject({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
});

export const AudiencePreviewInput = z
  .strictObject({
    segmentId: z.uuid(),
    excludeSegmentIds: z.array(z.uuid()).max(10).default([]),
    topic: z.enum(MARKETING_TOPICS),
  })
  .meta({ id: 'AudiencePreviewRequest' });

export const AudiencePreviewSchema = z
  .object({
    counts: AudienceCountsSchema,
    sample: z
      .array(z.object({ personId: z.uuid(), firstName: z.string(), lastName: z.string(), address: z.string() }))
      .describe('The first 20 contacts who would receive it'),
  })
  .meta({ id: 'AudiencePreview' });

export const CampaignStatsSchema = z
  .object({
    planned: z.number().int().describe('Mails still to hand to the outbox'),
    queued: z.number().int().describe('In the outbox, not yet accepted by the mail server'),
    sent: z.number().int().describe('Accepted by the mail server'),
    failed: z.number().int(),
    skipped: z.number().int(),
    cancelled: z.number().int(),
  })
  .meta({ id: 'CampaignStats' });

const counts = {
  queued: z.number().int().describe('In the outbox'),
  sent: z.number().int().describe('Accepted by the mail server'),
  failed: z.number().int(),
  openedHuman: z.number().int().describe('Unique opens by people'),
  openedMachineOnly: z.number().int().describe('Mails opened only by a machine (Apple MPP, a scanner)'),
  clickedHuman: z.number().int(),
  clickedMachineOnly: z.number().int(),
  unsubscribed: z.number().int(),
  bounced: z.number().int(),
  complained: z.number().int(),
  openRate: z.number().describe('openedHuman / sent (0 to 1)'),
  clickRate: z.number().describe('clickedHuman / sent'),
  clickToOpenRate: z.number().describe('clickedHuman / openedHuman'),
};

export const CampaignReportSchema = z
  .object({
    totals: z.object({ ...counts, planned: z.number().int(), skipped: z.number().int(), cancelled: z.number().int() }),
    steps: z.array(
      z.object({
        stepId: z.uuid(),
        position: z.number().int(),
        variants: z.array(z.object({ variantId: z.uuid(), key: z.enum(['A', 'B']), isWinner: z.boolean(), ...counts })),
      }),
    ),
    links: z.array(
      z.object({
        url: z.string(),
        clicks: z.number().int().describe('By people'),
        clickers: z.number().int().describe('Unique people'),
        machineClicks: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'CampaignReport' });

export const CampaignRecipientsQuery = z.strictObject({
  filter: z.enum(['opened', 'clicked', 'not_opened', 'unsubscribed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(400).optional().describe('`nextCursor` of the previous page'),
});

export const CampaignRecipientsSchema = z
  .object({
    items: z.array(
      z.object({
        recipientId: z.uuid(),
        personId: z.uuid(),
        address: z.string(),
        sent: z.number().int(),
        skipped: z.number().int(),
        opened: z.boolean().describe('Opened by the person (machines left out)'),
        clicked: z.boolean(),
        unsubscribed: z.boolean(),
        lastEventAt: z.date().nullable(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'CampaignRecipients' });
