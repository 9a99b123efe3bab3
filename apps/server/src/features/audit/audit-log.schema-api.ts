import { z } from 'zod';
import type { AuditRow } from '../../platform/audit/audit.repo.ts';

const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((s) => new Date(s));

export const ListAuditQuery = z.object({
  entityType: z.string().min(1).max(64).optional(),
  entityId: z.string().min(1).max(200).optional(),
  actorUserId: z.uuid().optional(),
  action: z.string().min(1).max(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** The `nextCursor` of the previous page: rows with a lower seq (newest first). */
  cursor: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a sequence number')
    .transform(Number)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type ListAuditInput = z.infer<typeof ListAuditQuery>;

export const AuditRowSchema = z
  .object({
    seq: z.number().int(),
    id: z.uuid(),
    occurredAt: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    actorUserId: z.string().nullable(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    action: z.string(),
    changes: z.record(z.string(), z.object({ before: z.unknown(), after: z.unknown() })).nullable(),
    metadata: z.record(z.string(), z.unknown()).nullable(),
    prevHash: z.string(),
    hash: z.string(),
    hashAlg: z
      .string()
      .describe(
        'hmac-sha256-v2 (keyed, over a digest of each text value: docs/adr/0011-erasable-audit-values.md), ' +
          'hmac-sha256 (keyed, written before), or sha256 for rows written before the chain was keyed',
      ),
    keyId: z.string().nullable().describe('Id of the key that keyed the row'),
  })
  .meta({ id: 'AuditRow' });

export const AuditPageSchema = z.object({ items: z.array(AuditRowSchema), nextCursor: z.string().nullable() });

export const ChainReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBroken: z
      .object({
        seq: z.number().int(),
        id: z.string().describe("The row id, or the checkpoint's head row id (empty when unknown)"),
        reason: z.enum([
          'hash_mismatch',
          'prev_hash_mismatch',
          'unknown_key',
          'unkeyed_row',
          'checkpoint_mismatch',
          'truncated',
          'checkpoint_signature',
        ]),
        checkpointLine: z.number().int().optional().describe('Line of the checkpoint file that does not verify'),
      })
      .optional(),
    checkpoints: z.number().int().describe('Signed checkpoints read from the checkpoint file'),
    lastCheckpoint: z
      .object({ seq: z.number().int(), at: z.string() })
      .nullable()
      .describe('The highest checkpoint, which the chain must reach'),
  })
  .meta({ id: 'AuditChainReport' });

export const toAuditRowDto = (r: AuditRow) => ({
  ...r,
  occurredAt: r.occurredAt.toISOString(),
  changes: (r.changes ?? null) as Record<string, { before: unknown; after: unknown }> | null,
  metadata: (r.metadata ?? null) as Record<string, unknown> | null,
});
