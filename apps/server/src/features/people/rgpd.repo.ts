import { and, asc, eq, getTableColumns, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { auditLog } from '../../platform/audit/audit.schema.ts';
import { dataAccessLog } from '../../platform/audit/data-access.schema.ts';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { Queryable } from '../../platform/db/client.ts';
import { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { attachments, notes } from '../notes/notes.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';
import { personOrganisations } from './people.schema.ts';

const { searchText: _t, ...taskCols } = getTableColumns(tasks);
const { storageKey: _k, ...attachmentCols } = getTableColumns(attachments);
const { searchText: _m, ...mandatCols } = getTableColumns(mandats);

const scoped = (actor: Actor, table: { ownerId: AnyPgColumn; teamId: AnyPgColumn }, cond: SQL) => {
  const scope = scopeFilter(actor, table);
  return scope ? (and(cond, scope) as SQL) : cond;
};

/**
 * Everything held on a person outside the `people` row, limited to what `actor` may see (admins: all).
 * Soft-deleted rows are included: they are still held until purged.
 */
export async function personRecords(db: Queryable, actor: Actor, personId: string) {
  const participations = await db
    .select({ interactionId: interactionParticipants.interactionId, role: interactionParticipants.role })
    .from(interactionParticipants)
    .where(eq(interactionParticipants.personId, personId));
  const viaParticipant = participations.map((p) => p.interactionId);
  const about = viaParticipant.length
    ? (or(eq(interactions.personId, personId), inArray(interactions.id, viaParticipant)) as SQL)
    : eq(interactions.personId, personId);
  return {
    interactions: (
      await db
        .select()
        .from(interactions)
        .where(scoped(actor, interactions, about))
        .orderBy(asc(interactions.occurredAt))
    ).map((i) => ({ ...i, participantRole: participations.find((p) => p.interactionId === i.id)?.role ?? null })),
    tasks: await db
      .select(taskCols)
      .from(tasks)
      .where(scoped(actor, tasks, eq(tasks.personId, personId)))
      .orderBy(asc(tasks.createdAt)),
    notes: await db
      .select()
      .from(notes)
      .where(scoped(actor, notes, and(eq(notes.entityType, 'person'), eq(notes.entityId, personId)) as SQL))
      .orderBy(asc(notes.createdAt)),
    attachments: await db
      .select(attachmentCols)
      .from(attachments)
      .where(
        scoped(
          actor,
          attachments,
          and(eq(attachments.entityType, 'person'), eq(attachments.entityId, personId)) as SQL,
        ),
      )
      .orderBy(asc(attachments.createdAt)),
    mandats: await db
      .select(mandatCols)
      .from(mandats)
      .where(scoped(actor, mandats, eq(mandats.primaryContactId, personId)))
      .orderBy(asc(mandats.createdAt)),
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
