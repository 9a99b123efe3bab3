import { eq, isNull, type SQL, sql } from 'drizzle-orm';
import { scopeFilter } from '../../platform/auth/scope.ts';
import type { Actor } from '../../platform/context.ts';
import type { SearchDetail } from '../../platform/entities/entity.ts';
import { mandatStageChanges, mandats } from './mandats.schema.ts';

/** The SQL of the mandate's registry entry (mandats.entity.ts). */
export const mandatLabel = sql`${mandats.title}`;
/** A mandate's search hit reads "Distribution · Gagné": its kind and stage, named by the web app. */
export const mandatSearchDetails: SearchDetail[] = [
  { kind: 'enum', list: 'mandatKind', value: sql`${mandats.kind}` },
  { kind: 'enum', list: 'stage', value: sql`${mandats.stage}` },
];

/** The stage changes of the mandates of a hub record (the mandate itself, its organisation, its main contact). */
export function stageChangesOf(actor: Actor, hubType: string, id: string): SQL {
  const link =
    hubType === 'mandat'
      ? eq(mandats.id, id)
      : hubType === 'organisation'
        ? eq(mandats.organisationId, id)
        : eq(mandats.primaryContactId, id);
  return sql`select 'stage_change', ${mandatStageChanges.id}, ${mandatStageChanges.changedAt}, ${mandats.title}, null,
      ${mandatStageChanges.changedBy},
      jsonb_build_object('mandatId', ${mandats.id}, 'from', ${mandatStageChanges.fromStage}, 'to', ${mandatStageChanges.toStage})
    from ${mandatStageChanges} join ${mandats} on ${mandats.id} = ${mandatStageChanges.mandatId}
    where ${isNull(mandats.deletedAt)} and ${link} and ${scopeFilter(actor, mandats) ?? sql`true`}`;
}
