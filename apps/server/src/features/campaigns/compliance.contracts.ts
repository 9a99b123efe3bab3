import { z } from 'zod';
import { emailAddress } from '../../platform/http/fields.ts';
import { CONSENT_BASES, MARKETING_TOPICS, SUPPRESSION_REASONS, SUPPRESSION_SOURCES } from './campaigns.schema.ts';

/** The suppression list and the consents (docs/CAMPAIGNS.md, "Compliance"). */

export const SuppressionSchema = z
  .object({
    id: z.uuid(),
    address: z.string(),
    reason: z.enum(SUPPRESSION_REASONS),
    source: z.enum(SUPPRESSION_SOURCES),
    campaignId: z.uuid().nullable(),
    detail: z.string().nullable(),
    createdBy: z.uuid().nullable(),
    createdAt: z.date(),
  })
  .meta({ id: 'EmailSuppression' });

export const SuppressionListQuery = z.strictObject({
  reason: z.enum(SUPPRESSION_REASONS).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Part of the address'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(200).optional(),
});

export const SuppressionListSchema = z
  .object({
    items: z.array(SuppressionSchema),
    nextCursor: z.string().nullable(),
    counts: z.object({
      unsubscribed: z.number().int(),
      bounced: z.number().int(),
      complained: z.number().int(),
      manual: z.number().int(),
    }),
  })
  .meta({ id: 'EmailSuppressionList' });

export const SuppressionAddInput = z
  .strictObject({ address: emailAddress(), detail: z.string().trim().max(500).nullable().optional() })
  .meta({ id: 'EmailSuppressionAdd' });

export const AddressParams = z.object({ address: emailAddress() });

export const ConsentSchema = z
  .object({
    address: z.string(),
    basis: z
      .enum(CONSENT_BASES)
      .nullable()
      .describe('consent, or legitimate_interest (B2B: a professional address, about the profession); null: unknown'),
    source: z.string().nullable().describe('Where it was collected'),
    collectedAt: z.date().nullable(),
    topicsOff: z.array(z.enum(MARKETING_TOPICS)).describe('Topics turned off in the preference centre'),
    suppressed: z
      .object({ reason: z.enum(SUPPRESSION_REASONS), source: z.enum(SUPPRESSION_SOURCES), at: z.date() })
      .nullable()
      .describe('On the suppression list: no marketing mail at all'),
  })
  .meta({ id: 'EmailConsent' });

export const ConsentInput = z
  .strictObject({
    basis: z.enum(CONSENT_BASES),
    source: z.string().trim().min(1).max(200),
    collectedAt: z.coerce.date().optional().describe('Default: now'),
  })
  .meta({ id: 'EmailConsentChange' });
