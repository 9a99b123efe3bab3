import { sql } from 'drizzle-orm';
import type { SearchDetail } from '../../platform/entities/entity.ts';
import { produits } from './produits.schema.ts';

/** The SQL of the fund's registry entry (produits.entity.ts): its label and its search hit's second line. */
export const produitLabel = sql`${produits.name}`;
/** In the recycle bin, where two share classes of a fund may lie side by side: the name and the ISIN. */
export const produitBinLabel = sql`${produits.name} || ' (' || ${produits.isin} || ')'`;
/** Its ISIN and its type (a name in itself: FCP, SICAV…). */
export const produitSearchDetails: SearchDetail[] = [
  { kind: 'text', value: sql`${produits.isin}` },
  { kind: 'text', value: sql`${produits.type}::text` },
];
