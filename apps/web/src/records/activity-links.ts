import { RECORDS } from '../app/records.ts';

/** Records that carry a timeline, notes, files and tasks. */
export type ActivityEntity = 'organisation' | 'person' | 'mandat';

/** The records an interaction or a task is linked to (each optional). */
export interface ActivityLinks {
  organisationId?: string | null;
  personId?: string | null;
  mandatId?: string | null;
}

/** The API path segment (and the first part of query keys) of each entity (app/records.ts). */
export const SEGMENT = {
  organisation: RECORDS.organisation.segment,
  person: RECORDS.person.segment,
  mandat: RECORDS.mandat.segment,
} as const;
export type Segment = (typeof SEGMENT)[ActivityEntity];

/** The key of the links object that points at an entity. */
export const LINK_KEY = {
  organisation: RECORDS.organisation.linkKey,
  person: RECORDS.person.linkKey,
  mandat: RECORDS.mandat.linkKey,
} as const;

/** The page of a record in the app. */
export const RECORD_PATH = {
  organisation: RECORDS.organisation.page,
  person: RECORDS.person.page,
  mandat: RECORDS.mandat.page,
} as const;

/** The links of the record a component is opened from: `{ organisationId: id }` for an organisation. */
export function linksOf(entity: ActivityEntity, id: string): ActivityLinks {
  return { [LINK_KEY[entity]]: id };
}
