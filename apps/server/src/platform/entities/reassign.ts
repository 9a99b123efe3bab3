/**
 * Cross-entity operations done through the features that own the records (docs/DOMAIN.md, "Merge" and "Export"):
 * a merge asks each feature to move its records from the merged-away person or organisation to the kept one (the
 * feature audits and announces its own changes), and the RGPD export asks each feature for its records about a person.
 */
import type { FieldChanges } from '../audit/audit.ts';

/** A merge's move: the records about `from` (a person or an organisation) now refer to `to`. */
export interface Reassignment {
  kind: 'person' | 'organisation';
  from: string;
  to: string;
}

/** The person an RGPD export is about. */
export interface PersonSubject {
  kind: 'person';
  id: string;
}

/** The audit metadata of a change made by a merge: which record was merged into which. */
export function reassignMetadata(s: Reassignment): { merge: Reassignment } {
  return { merge: { kind: s.kind, from: s.from, to: s.to } };
}

/** The one field a merge changed on a record (`field` held `from`, now `to`). */
export function reassignedField(field: string, s: Reassignment): FieldChanges {
  return { [field]: { before: s.from, after: s.to } };
}

/**
 * The personal values an RGPD erasure removes from every copy the CRM holds (docs/DOMAIN.md, "Anonymisation"): each
 * feature replaces them in its own records with `placeholder` (`scrub…Of(t, erasure)`).
 * - `phrases`: values replaced wherever they appear, inside any text (full names in both orders, e-mails, phones,
 *   web addresses), compared without regard to case;
 * - `names`: the first and last name alone, replaced only where a whole JSON string equals one of them, in documents
 *   about the person (that hold their id: an event's payload, a webhook body), never in free text, where they could
 *   be someone else's.
 */
export interface Erasure {
  kind: 'person';
  id: string;
  phrases: string[];
  names: string[];
  placeholder: string;
}
