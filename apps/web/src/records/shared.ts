/**
 * The former grab-bag of the record kit, split by concern. What is left here only re-exports the moved pieces for
 * the files that still import them from here (records/NotesAndFiles.tsx); import from the new modules instead.
 */

/** @deprecated moved to app/format.ts */
export { formatBytes } from '../app/format.ts';
/** @deprecated moved to app/local-date.ts */
export { pickerToIso, toPickerValue } from '../app/local-date.ts';
/** @deprecated moved to ui/field-errors.ts */
export { fieldErrors } from '../ui/field-errors.ts';
/** @deprecated moved to records/activity-links.ts */
export type { ActivityEntity, ActivityLinks, Segment } from './activity-links.ts';
/** @deprecated moved to records/activity-links.ts */
export { LINK_KEY, linksOf, RECORD_PATH, SEGMENT } from './activity-links.ts';
/** @deprecated moved to records/note-text.ts */
export { htmlToText, textToHtml } from './note-text.ts';
/** @deprecated moved to records/queries.ts */
export { invalidateActivity } from './queries.ts';
