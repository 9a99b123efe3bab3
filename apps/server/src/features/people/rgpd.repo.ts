import { and, asc, eq, sql } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { dataAccessLog } from '../../platform/audit/data-access.schema.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { type ErasureSql, type ScrubOptions, scrubColumns } from '../../platform/db/scrub.ts';
import { people, personOrganisations } from './people.schema.ts';

/**
 * What the platform holds on a person besides the records of the features (which the export asks from their owners):
 * the person's audit trail and their data-access log, oldest first.
 */
export async function personTrail(db: Queryable, personId: string) {
  return {
    audit: await db
      .select({
        seq: auditLog.seq,
        occurredAt: auditLog.occurredAt,
        actorType: auditLog.actorType,
        actorUserId: auditLog.actorUserId,
        action: auditLog.action,
        changes: auditLog.changes,
        metadata: auditLog.metadata,
      })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'person'), eq(auditLog.entityId, personId)))
      .orderBy(asc(auditLog.seq)),
    dataAccess: await db
      .select({
        at: dataAccessLog.at,
        actorUserId: dataAccessLog.actorUserId,
        apiKeyId: dataAccessLog.apiKeyId,
        action: dataAccessLog.action,
        ip: dataAccessLog.ip,
      })
      .from(dataAccessLog)
      .where(and(eq(dataAccessLog.subjectType, 'person'), eq(dataAccessLog.subjectId, personId)))
      .orderBy(asc(dataAccessLog.at)),
  };
}

/** Clears the person's contact details kept on their organisation links (work e-mail and phone). */
export async function clearLinkContactDetails(db: Queryable, personId: string): Promise<void> {
  await db
    .update(personOrganisations)
    .set({ workEmail: null, workPhone: null, updatedAt: sql`now()` })
    .where(eq(personOrganisations.personId, personId));
}

/**
 * RGPD erasure: the erased person's values replaced in the notes of the other people (the person's own row is reset
 * by the anonymisation); returns the ids of the rows changed (with `dryRun`: that hold one).
 */
export function scrubOtherPeopleNotes(db: Queryable, e: ErasureSql, personId: string, opts: ScrubOptions = {}) {
  return scrubColumns(db, people, { notes: 'text', linkedinHeadline: 'text' }, e, opts).then((ids) =>
    ids.filter((id) => id !== personId),
  );
}
