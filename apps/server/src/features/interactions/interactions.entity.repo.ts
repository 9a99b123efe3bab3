import { eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import { interactionParticipants, interactions } from './interactions.schema.ts';

/** The SQL of the interaction's registry entry (interactions.entity.ts). */
export const interactionLabel = sql`${interactions.title}`;

/** The interactions of a hub record, as timeline items (a person's: theirs and those they took part in). */
export function interactionsOf(actor: Actor, hubType: string, id: string): SQL {
  const link =
    hubType === 'organisation'
      ? eq(interactions.organisationId, id)
      : hubType === 'mandat'
        ? eq(interactions.mandatId, id)
        : or(
            eq(interactions.personId, id),
            sql`exists (select 1 from ${interactionParticipants} p where p.interaction_id = ${interactions.id} and p.person_id = ${id})`,
          );
  return sql`select 'interaction' as kind, ${interactions.id} as id, ${interactions.occurredAt} as at,
      ${interactions.title} as title, ${interactions.body} as body, ${interactions.createdBy} as actor_id,
      jsonb_build_object('type', ${interactions.type}, 'direction', ${interactions.direction},
        'durationMinutes', ${interactions.durationMinutes}, 'outcome', ${interactions.outcome},
        'organisationId', ${interactions.organisationId}, 'personId', ${interactions.personId},
        'mandatId', ${interactions.mandatId}) as data
    from ${interactions} where ${isNull(interactions.deletedAt)} and ${link}
      and ${scopeFilter(actor, interactions) ?? sql`true`}`;
}
