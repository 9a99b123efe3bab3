import { ENUM_LABELS_FR } from '@crm/contracts';
import { describeFields, type EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { coded, col } from '../../platform/tabular/index.ts';
import { InteractionListQuery, UpdateInteractionSchema } from './interactions.contracts.ts';
import { interactionLabel, interactionsOf } from './interactions.entity.repo.ts';
import { interactions } from './interactions.schema.ts';
import { listInteractionsFor } from './interactions.service.ts';

interface Links {
  personId?: string | null;
  organisationId?: string | null;
  participants?: { personId: string }[];
}

/** Interactions (calls, meetings, e-mails logged) in the entity registry (docs/ARCHITECTURE.md, "Entity registry"). */
export const interactionEntity: EntityDef = {
  type: 'interaction',
  path: 'interactions',
  table: interactions,
  id: interactions.id,
  label: interactionLabel,
  labelOf: (r) => String(r.title ?? ''),
  scope: ownedScope(interactions),
  // The sales analytics count interactions (activity, performance): their cached answers depend on them.
  cacheTracked: true,
  list: {
    query: InteractionListQuery,
    run: listInteractionsFor,
    savedViews: false,
    columns: [
      col('occurredAt', 'Date'),
      coded('type', 'Type', ENUM_LABELS_FR.interactionType),
      col('title', 'Titre'),
      coded('direction', 'Sens', ENUM_LABELS_FR.direction),
      col('durationMinutes', 'Durée (min)'),
      col('outcome', 'Résultat'),
      col('organisationId', 'ID organisation'),
      col('personId', 'ID contact'),
      col('mandatId', 'ID mandat'),
      col('id', 'ID'),
    ],
  },
  events: {
    family: 'interaction',
    key: 'interaction',
    // The last activity shown on its people and organisation (their detail and the lists that show it).
    touches: (_type, payload) => {
      const i = payload.interaction as Links | undefined;
      if (!i) return [];
      const people = new Set([...(i.participants ?? []).map((p) => p.personId), ...(i.personId ? [i.personId] : [])]);
      return [
        ...[...people].map((id) => ({ path: 'people', id })),
        ...(i.organisationId ? [{ path: 'organisations', id: i.organisationId }] : []),
      ];
    },
  },
  softDelete: {
    deletedAt: interactions.deletedAt,
    deletedBy: interactions.deletedBy,
    bin: {},
    purge: { order: 20 },
  },
  timeline: [{ kind: 'interaction', rows: interactionsOf }],
  fields: describeFields(UpdateInteractionSchema),
};
