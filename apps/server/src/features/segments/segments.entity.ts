import type { EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { segmentLabel } from './segments.repo.ts';
import { segments } from './segments.schema.ts';

/** Saved views and segments in the entity registry: only their purge 30 days after deletion takes part. */
export const segmentEntity: EntityDef = {
  type: 'segment',
  path: 'segments',
  table: segments,
  id: segments.id,
  label: segmentLabel,
  labelOf: (r) => String(r.name ?? ''),
  scope: ownedScope(segments),
  softDelete: { deletedAt: segments.deletedAt, deletedBy: segments.deletedBy, purge: { order: 70 } },
};
