import { useQuery } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';
import type { CurrentUser } from '../../app/auth.tsx';
import { hasRole } from '../../app/auth.tsx';

export type Produit = Schemas['Produit'];

export const produitKey = (id: string) => ['produits', 'detail', id] as const;

export function useProduit(id: string) {
  return useQuery({
    queryKey: produitKey(id),
    queryFn: async ({ signal }) => data(await api.GET('/api/v1/produits/{id}', { params: { path: { id } }, signal })),
  });
}

/** The catalogue is edited by managers and administrators only (the API refuses the others). */
export const canEditCatalogue = (user: Pick<CurrentUser, 'role'>) => hasRole(user, 'manager');

export const STATUS_COLOR: Record<Produit['status'], string> = {
  actif: 'teal',
  en_attente: 'yellow',
  inactif: 'gray',
};

/** ISO 6166 shape (the API also checks the check digit). */
export const ISIN_SHAPE = /^[A-Z]{2}[A-Z0-9]{9}[0-9]$/;
export const normaliseIsin = (s: string) => s.replace(/\s+/g, '').toUpperCase();
