import { sql } from 'drizzle-orm';
import { people } from './people.schema.ts';

/** The SQL of the person's registry entry (people.entity.ts): its label and its search hit's second line. */
export const personLabel = sql`${people.firstName} || ' ' || ${people.lastName}`;
export const personSublabel = sql`concat_ws(' · ', ${people.jobTitle}, ${people.email}::text)`;
