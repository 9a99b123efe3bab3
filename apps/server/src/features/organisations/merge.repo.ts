import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../../platform/db/client.ts';
import { interactions } from '../interactions/interactions.schema.ts';
import { mandats } from '../mandats/mandats.schema.ts';
import { attachments, notes } from '../notes/notes.schema.ts';
import { personOrganisations } from '../people/people.schema.ts';
import { produits } from '../produits/produits.schema.ts';
import { tasks } from '../tasks/tasks.schema.ts';

export type MovedOrganisationCounts = Record<
  'peopleLinks' | 'interactions' | 'tasks' | 'notes' | 'attachments' | 'mandats' | 'produits',
  number
>;

/**
 * Re-points everything that refers to organisation `fromId` at `toId`. A person already linked to the kept
 * organisation keeps that link; their link to the duplicate stays with the (deleted) duplicate.
 */
export async function moveOrganisationReferences(
  db: Queryable,
  fromId: string,
  toId: string,
): Promise<MovedOrganisationCounts> {
  const po = personOrganisations;
  const count = (rows: unknown[]) => rows.length;
  const links = await db
    .update(po)
    .set({ organisationId: toId })
    .where(
      and(
        eq(po.organisationId, fromId),
        sql`${po.personId} not in (select k.person_id from ${po} k where k.organisation_id = ${toId})`,
      ),
    )
    .returning({ id: po.id });
  return {
    peopleLinks: count(links),
    interactions: count(
      await db
        .update(interactions)
        .set({ organisationId: toId })
        .where(eq(interactions.organisationId, fromId))
        .returning({ id: interactions.id }),
    ),
    tasks: count(
      await db
        .update(tasks)
        .set({ organisationId: toId })
        .where(eq(tasks.organisationId, fromId))
        .returning({ id: tasks.id }),
    ),
    notes: count(
      await db
        .update(notes)
        .set({ entityId: toId })
        .where(and(eq(notes.entityType, 'organisation'), eq(notes.entityId, fromId)))
        .returning({ id: notes.id }),
    ),
    attachments: count(
      await db
        .update(attachments)
        .set({ entityId: toId })
        .where(and(eq(attachments.entityType, 'organisation'), eq(attachments.entityId, fromId)))
        .returning({ id: attachments.id }),
    ),
    mandats: count(
      await db
        .update(mandats)
        .set({ organisationId: toId })
        .where(eq(mandats.organisationId, fromId))
        .returning({ id: mandats.id }),
    ),
    produits: count(
      await db
        .update(produits)
        .set({ managementCompanyId: toId })
        .where(eq(produits.managementCompanyId, fromId))
        .returning({ id: produits.id }),
    ),
  };
}
