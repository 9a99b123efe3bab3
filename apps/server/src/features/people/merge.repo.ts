import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.ts';
import { interactionParticipants, interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { attachments, notes } from '../notes/notes.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';
import { personOrganisations } from './people.schema.ts';

export type MovedCounts = {
  organisationLinks: number;
  interactions: number;
  interactionParticipants: number;
  tasks: number;
  notes: number;
  attachments: number;
  mandats: number;
};

/**
 * Re-points everything that refers to `fromId` at `toId`. Organisation links and interaction participations
 * the kept person already has are left on the duplicate (unique pairs); a moved primary link stays primary
 * only when the kept person has none.
 */
export async function movePersonReferences(db: Queryable, fromId: string, toId: string): Promise<MovedCounts> {
  const po = personOrganisations;
  const links = await db
    .update(po)
    .set({
      personId: toId,
      isPrimary: sql`${po.isPrimary} and not exists (select 1 from ${po} k where k.person_id = ${toId} and k.is_primary)`,
    })
    .where(
      and(
        eq(po.personId, fromId),
        sql`${po.organisationId} not in (select k.organisation_id from ${po} k where k.person_id = ${toId})`,
      ),
    )
    .returning({ id: po.id });
  const ip = interactionParticipants;
  const participants = await db
    .update(ip)
    .set({ personId: toId })
    .where(
      and(
        eq(ip.personId, fromId),
        sql`${ip.interactionId} not in (select k.interaction_id from ${ip} k where k.person_id = ${toId})`,
      ),
    )
    .returning({ id: ip.id });
  const moved = (rows: { id: string }[]) => rows.length;
  return {
    organisationLinks: moved(links),
    interactions: moved(
      await db
        .update(interactions)
        .set({ personId: toId })
        .where(eq(interactions.personId, fromId))
        .returning({ id: interactions.id }),
    ),
    interactionParticipants: moved(participants),
    tasks: moved(
      await db.update(tasks).set({ personId: toId }).where(eq(tasks.personId, fromId)).returning({ id: tasks.id }),
    ),
    notes: moved(
      await db
        .update(notes)
        .set({ entityId: toId })
        .where(and(eq(notes.entityType, 'person'), eq(notes.entityId, fromId)))
        .returning({ id: notes.id }),
    ),
    attachments: moved(
      await db
        .update(attachments)
        .set({ entityId: toId })
        .where(and(eq(attachments.entityType, 'person'), eq(attachments.entityId, fromId)))
        .returning({ id: attachments.id }),
    ),
    mandats: moved(
      await db
        .update(mandats)
        .set({ primaryContactId: toId })
        .where(eq(mandats.primaryContactId, fromId))
        .returning({ id: mandats.id }),
    ),
  };
}
