import { useQuery } from '@tanstack/react-query';
import { api, data, type Schemas } from '../../api/client.ts';

export type User = Schemas['User'];
export type Team = Schemas['Team'];
export type AuditRow = Schemas['AuditRow'];

/** Every user, inactive ones included (admins only), for names in the audit log and the actor filter. */
export function useAllUsers(enabled = true) {
  return useQuery({
    queryKey: ['users', 'all'],
    queryFn: async () => {
      const all: User[] = [];
      let cursor: string | undefined;
      do {
        const page = data(await api.GET('/api/v1/users', { params: { query: { limit: 200, cursor } } }));
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all.sort((a, b) => a.name.localeCompare(b.name));
    },
    enabled,
    staleTime: 60_000,
  });
}

/** A readable strong password: four groups of letters and digits (about 95 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}
