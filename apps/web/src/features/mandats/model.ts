/**
 * The former grab-bag of the mandates feature, split by concern. What is left here only re-exports the moved pieces
 * for the files that still import them from here (PipelineBoard.tsx, MandatDetailPage.tsx, MandatInfoTab.tsx,
 * features/produits/ProduitDetailPage.tsx); import from the new modules instead.
 */
import { mandatKeys } from '../../app/query-keys.ts';

/** @deprecated moved to app/currencies.ts */
export { CURRENCIES } from '../../app/currencies.ts';
/** @deprecated moved to app/local-date.ts */
export { daysAgo, today } from '../../app/local-date.ts';
/** @deprecated moved to app/stage-colors.ts */
export { STAGE_COLOR } from '../../app/stage-colors.ts';
/** @deprecated moved to records/mandat.ts */
export type { Mandat } from '../../records/mandat.ts';
/** @deprecated moved to records/organisation-names.ts */
export { useOrganisationNames } from '../../records/organisation-names.ts';
/** @deprecated moved to features/mandats/queries.ts */
export { useMandat } from './queries.ts';
/** @deprecated moved to features/mandats/stages.ts */
export type { Stage } from './stages.ts';
/** @deprecated moved to features/mandats/stages.ts */
export { CLOSED_STAGES, isClosed, MANDAT_STAGES, mayCarryProduits, OPEN_MANDAT_STAGES } from './stages.ts';
/** @deprecated moved to app/query-keys.ts: `mandatKeys.record(id)` */
export const mandatKey = mandatKeys.record;
