import { z } from 'zod';

/** The inbound webhook of bounces and complaints (docs/CAMPAIGNS.md, "Bounces and complaints"). */

/** A mail provider's event in our generic format (JSON), for providers that report bounces over HTTP. */
export const ProviderEventInput = z.strictObject({
  type: z.enum(['bounce', 'complaint']),
  messageId: z
    .string()
    .trim()
    .regex(/^<?[^<>\s@]+@[^<>\s@]+>?$/, 'a Message-ID: <id@host>')
    .max(998)
    .describe('The Message-ID of our mail, `<id@host>`'),
  recipient: z.string().trim().max(320).nullish(),
  bounceType: z.enum(['hard', 'soft']).nullish().describe('Default: from `status` (5.x.x hard, 4.x.x soft), else hard'),
  status: z
    .string()
    .regex(/^[45]\.\d{1,3}\.\d{1,3}$/, 'an RFC 3463 status: 5.1.1')
    .nullish(),
  diagnostic: z.string().max(2000).nullish(),
});
export type ProviderEvent = z.infer<typeof ProviderEventInput>;

export const InboundResultSchema = z
  .object({
    kind: z.enum(['bounce', 'complaint', 'unrecognised']),
    reason: z.string().nullable().describe('Why a message was not recognised (`no_message_id`, `no_failure`…)'),
    recorded: z.array(
      z.object({
        sendId: z.uuid(),
        campaignId: z.uuid(),
        type: z.enum(['bounced', 'complained']),
        bounceType: z.enum(['hard', 'soft']).nullable(),
        suppressed: z.enum(['bounced', 'complained']).nullable(),
      }),
    ),
    ignored: z.object({
      unknownMessage: z.number().int().describe('Reports about a mail that is no campaign mail of ours'),
      alreadyRecorded: z.number().int().describe('Reports already received (the same DSN twice)'),
    }),
  })
  .meta({ id: 'EmailInboundResult' });
export type InboundResult = z.infer<typeof InboundResultSchema>;
