import { ENUM_LABELS_FR } from '@crm/contracts';
import { describeFields, type EntityDef } from '../../platform/entities/entity.ts';
import { ownedScope } from '../../platform/entities/scope.repo.ts';
import { coded, col, num } from '../../platform/tabular/index.ts';
import { MandatListQuery, UpdateMandatSchema } from './mandats.contracts.ts';
import { mandatLabel, mandatSearchDetails, stageChangesOf } from './mandats.entity.repo.ts';
import { mandats } from './mandats.schema.ts';
import { listMandatsFor } from './mandats.service.ts';

/** Mandates (deals) in the entity registry (docs/ARCHITECTURE.md, "Entity registry"). */
export const mandatEntity: EntityDef = {
  type: 'mandat',
  path: 'mandats',
  table: mandats,
  id: mandats.id,
  label: mandatLabel,
  labelOf: (r) => String(r.title ?? ''),
  scope: ownedScope(mandats),
  list: {
    query: MandatListQuery,
    run: listMandatsFor,
    savedViews: true,
    columns: [
      col('title', 'Titre'),
      coded('kind', 'Type', ENUM_LABELS_FR.mandatKind),
      coded('stage', 'Étape', ENUM_LABELS_FR.stage),
      col('amount', 'Montant', num('amount')),
      col('currency', 'Devise'),
      col('probability', 'Probabilité (%)'),
      col('expectedCloseDate', 'Clôture prévue'),
      col('closedAt', 'Clôturé le'),
      coded('lostReasonCode', 'Motif de perte', ENUM_LABELS_FR.lostReason),
      col('lostReason', 'Précision sur la perte'),
      col('mandateNumber', 'N° de mandat'),
      col('commissionRate', 'Commission (%)', num('commissionRate')),
      col('organisationId', 'ID organisation'),
      col('createdAt', 'Créé le'),
      col('id', 'ID'),
    ],
  },
  cached: true,
  events: { family: 'deal', key: 'mandat' },
  softDelete: { deletedAt: mandats.deletedAt, deletedBy: mandats.deletedBy, bin: {}, purge: { order: 30 } },
  search: { text: mandats.searchText, details: mandatSearchDetails },
  hub: true,
  timeline: [{ kind: 'stage_change', rows: stageChangesOf }],
  fields: describeFields(UpdateMandatSchema, { only: { ownerId: ['admin', 'manager'] } }),
};
