import { emailEntity } from './features/campaigns/campaigns.entity.ts';
import { interactionEntity } from './features/interactions/interactions.entity.ts';
import { mandatEntity } from './features/mandats/mandats.entity.ts';
import { noteEntity } from './features/notes/notes.entity.ts';
import { organisationEntity } from './features/organisations/organisations.entity.ts';
import { personEntity } from './features/people/people.entity.ts';
import { produitEntity } from './features/produits/produits.entity.ts';
import { segmentEntity } from './features/segments/segments.entity.ts';
import { taskEntity } from './features/tasks/tasks.entity.ts';
import { createRegistry, type EntityDef } from './platform/entities/entity.ts';

/**
 * The record entities, in the order lists of them are shown (recycle bin types, search types, exports): the one
 * place that names them. The cross-cutting features read `deps.entities` (docs/ARCHITECTURE.md, "Entity registry").
 */
export const entityDefs: readonly EntityDef[] = [
  organisationEntity,
  personEntity,
  mandatEntity,
  produitEntity,
  interactionEntity,
  taskEntity,
  noteEntity,
  segmentEntity,
  emailEntity,
];

export const defaultEntities = createRegistry(entityDefs);
