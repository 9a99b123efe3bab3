import { sql } from 'drizzle-orm';
import type { SearchDetail } from '../../platform/entities/entity.ts';
import { people } from './people.schema.ts';

/** The SQL of the person's registry entry (people.entity.ts): its label and its search hit's second line. */
export const personLabel = sql`${people.firstName} || ' ' || ${people.lastName}`;
export const personSearchDetails: SearchDetail[] = [
  { kind: 'text', value: sql`${people.jobTitle}` },
  { kind: 'text', value: sql`${people.email}::text` },
];
