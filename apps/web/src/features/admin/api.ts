import type { Schemas } from '../../api/client.ts';

export type User = Schemas['User'];
export type Team = Schemas['Team'];
export type AuditRow = Schemas['AuditRow'];

/** A readable strong password: four groups of letters and digits (about 95 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}
