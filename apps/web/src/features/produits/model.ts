import type { Schemas } from '../../api/client.ts';
import type { CurrentUser } from '../../app/auth.tsx';
import { hasRole } from '../../app/auth.tsx';

export type Produit = Schemas['Produit'];

/** The catalogue is edited by managers and administrators only (the API refuses the others). */
export const canEditCatalogue = (user: Pick<CurrentUser, 'role'>) => hasRole(user, 'manager');

/** ISO 6166 shape (the API also checks the check digit). */
export const ISIN_SHAPE = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;
export const normaliseIsin = (s: string) => s.replace(/\s+/g, '').toUpperCase();
