import { canWrite, hasRole, useCurrentUser } from '../../app/auth.tsx';

/** Whether the user may change or delete what someone added: their own, or anyone's from a manager up. */
export function useCanEdit() {
  const user = useCurrentUser();
  return (createdBy: string | null) => canWrite(user) && (createdBy === user.id || hasRole(user, 'manager'));
}
