import type { Role } from './index.ts';

/** A signed-in person, as far as rights go. */
export interface RightsHolder {
  role: Role;
  userId: string | null;
  teamId: string | null;
}

/** A record that carries ownership (organisations, people, mandates, tasks, interactions). */
export interface OwnedRecord {
  ownerId: string | null;
  teamId: string | null;
  /** Tasks: the person it is assigned to may change it too. */
  assigneeId?: string | null;
}

/**
 * Whether a person of this role may change this record (docs/DOMAIN.md, "Roles"): admins everything; managers their
 * team's records and their own; users their own and the tasks assigned to them; viewers nothing. The server applies it
 * to every write (after an API key's scopes, `canModify`); the web app uses the same function to show only the
 * controls a person may use.
 */
export function roleMayModify(who: RightsHolder, record: OwnedRecord): boolean {
  switch (who.role) {
    case 'admin':
      return true;
    case 'manager':
      return (!!who.teamId && record.teamId === who.teamId) || (!!who.userId && record.ownerId === who.userId);
    case 'user':
      return !!who.userId && (record.ownerId === who.userId || record.assigneeId === who.userId);
    default:
      return false;
  }
}
