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
  })
  .meta({ id: 'AuditRow' });

export const AuditPageSchema = z.object({ items: z.array(AuditRowSchema), nextCursor: z.string().nullable() });

export const ChainReportSchema = z
  .object({
    ok: z.boolean(),
    checked: z.number().int(),
    firstBroken: z
      .object({ seq: z.number().int(), id: z.string(), reason: z.enum(['hash_mismatch', 'prev_hash_mismatch']) })
      .optional(),
  })
  .meta({ id: 'AuditChainReport' });

export const toAuditRowDto = (r: AuditRow) => ({
  ...r,
  occurredAt: r.occurredAt.toISOString(),
  changes: (r.changes ?? null) as Record<string, { before: unknown; after: unknown }> | null,
  metadata: (r.metadata ?? null) as Record<string, unknown> | null,
});
