import { sql } from 'drizzle-orm';
import type { SearchDetail } from '../../platform/entities/entity.ts';
import { organisations } from './organisations.schema.ts';

/** The SQL of the organisation's registry entry (organisations.entity.ts): its label and its search hit's second line. */
export const organisationLabel = sql`${organisations.name}`;
/** Its category (a name in itself: CGPI, SDG…) and its city. */
export const organisationSearchDetails: SearchDetail[] = [
  { kind: 'text', value: sql`${organisations.category}::text` },
  { kind: 'text', value: sql`${organisations.city}` },
];
