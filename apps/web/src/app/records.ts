import {
  IconBriefcase,
  IconBuilding,
  IconChecklist,
  IconCoin,
  IconMessages,
  IconUser,
  type TablerIcon,
} from '@tabler/icons-react';
import type { Schemas } from '../api/client.ts';

/** The record types the API names (search hits, recycle bin items): checked against the OpenAPI types. */
export type RecordType = Schemas['SearchHit']['type'] | Schemas['RecycleBinItem']['type'];

interface RecordInfo {
  /** The API path segment, and the first part of the record's query keys. */
  segment: string;
  /** The field that points at a record of this type (`{ organisationId }`; in a notification's data too). */
  linkKey: string;
  /** Its page in the app (none for an interaction, shown on its records' timelines). */
  page: ((id: string) => string) | null;
  icon: TablerIcon;
  color: string;
}

/**
 * What the web app knows of each kind of record, in one place (the server's entity registry's counterpart):
 * the search, the notifications, the recycle bin and the activity panels read it. A type the API gains and this
 * table lacks does not compile.
 */
export const RECORDS = {
  organisation: {
    segment: 'organisations',
    linkKey: 'organisationId',
    page: (id) => `/organisations/${id}`,
    icon: IconBuilding,
    color: 'indigo',
  },
  person: { segment: 'people', linkKey: 'personId', page: (id) => `/people/${id}`, icon: IconUser, color: 'cyan' },
  mandat: {
    segment: 'mandats',
    linkKey: 'mandatId',
    page: (id) => `/mandats/${id}`,
    icon: IconBriefcase,
    color: 'grape',
  },
  produit: {
    segment: 'produits',
    linkKey: 'produitId',
    page: (id) => `/produits/${id}`,
    icon: IconCoin,
    color: 'yellow',
  },
  task: { segment: 'tasks', linkKey: 'taskId', page: (id) => `/tasks?open=${id}`, icon: IconChecklist, color: 'teal' },
  interaction: {
    segment: 'interactions',
    linkKey: 'interactionId',
    page: null,
    icon: IconMessages,
    color: 'orange',
  },
} as const satisfies Record<RecordType, RecordInfo>;

/** Whether a string names a record type. */
export const isRecordType = (type: unknown): type is RecordType => typeof type === 'string' && type in RECORDS;
