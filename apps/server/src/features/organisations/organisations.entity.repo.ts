import { sql } from 'drizzle-orm';
import { organisations } from './organisations.schema.ts';

/** The SQL of the organisation's registry entry (organisations.entity.ts): its label and its search hit's second line. */
export const organisationLabel = sql`${organisations.name}`;
export const organisationSublabel = sql`concat_ws(' · ', ${organisations.category}::text, ${organisations.city})`;
