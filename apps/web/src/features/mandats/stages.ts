import { MANDAT_STAGES, type MandatStage, OPEN_MANDAT_STAGES } from '@crm/contracts';
import type { Mandat } from '../../records/mandat.ts';

/** The stages of a mandate (the pipeline's columns, the stepper), in order; their colours are app/stage-colors.ts. */
export type Stage = MandatStage;
export { MANDAT_STAGES, OPEN_MANDAT_STAGES };

export const CLOSED_STAGES: readonly Stage[] = ['gagne', 'perdu'];
export const isClosed = (stage: Stage) => CLOSED_STAGES.includes(stage);

/** DOMAIN.md (and the API): funds go on a won mandate, or on a placement at any open stage. */
export function mayCarryProduits(m: Pick<Mandat, 'kind' | 'stage'>): boolean {
  return m.stage === 'gagne' || (m.kind === 'placement' && !isClosed(m.stage));
}
