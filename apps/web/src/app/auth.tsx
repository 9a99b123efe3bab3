import { type OwnedRecord, roleMayModify } from '@crm/contracts';
import { Center, Loader } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect } from 'react';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { api, onSessionExpired, type Schemas } from '../api/client.ts';
import i18n from './i18n.ts';
import { type Me, meQuery } from './queries.ts';
import { authKeys } from './query-keys.ts';

export type CurrentUser = Me['user'];
export type Role = CurrentUser['role'];

/** The signed-in user, or null when signed out (undefined while loading). */
export function useMe() {
  return useQuery(meQuery);
}

/**
 * The user <RequireAuth> rendered its children for. A context rather than each component reading the session
 * query itself: when the session ends, a child re-rendered in a concurrent (transition) render would read the
 * new "no user" before <RequireAuth> above it swaps the page for the sign-in redirect, throw, and make React
 * report a recovered render error. Through the context every child sees the same user as its guard.
 */
const CurrentUserContext = createContext<CurrentUser | null>(null);

/** Inside the signed-in part of the app: the user is there. */
export function useCurrentUser(): CurrentUser {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser outside <RequireAuth>');
  return user;
}

const RANK: Record<Role, number> = { admin: 3, manager: 2, user: 1, viewer: 0 };
/** True when the user's role is at least `role` (admin > manager > user > viewer). */
export function hasRole(user: Pick<CurrentUser, 'role'>, role: Role): boolean {
  return RANK[user.role] >= RANK[role];
}
export const canWrite = (user: Pick<CurrentUser, 'role'>) => user.role !== 'viewer';

/** Whether the user may change this record: the server's own rule (`roleMayModify`), so the UI offers only what works. */
export const mayModify = (user: Pick<CurrentUser, 'role' | 'id' | 'teamId'>, record: OwnedRecord) =>
  roleMayModify({ role: user.role, userId: user.id, teamId: user.teamId }, record);

/** `mayModify` for the signed-in user. */
export function useMayModify(): (record: OwnedRecord) => boolean {
  const user = useCurrentUser();
  return (record) => mayModify(user, record);
}

/** Only same-origin paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

/**
 * True from an explicit sign-out until the next signed-in render: the way to sign-in then carries no
 * `?next=<this page>`, or the next person to sign in on this browser would land on the previous one's page.
 */
let signedOutOnPurpose = false;

/** The user whose profile language was applied in this page load: once, so a later switch is not undone. */
let languageAppliedFor: string | null = null;

/** Guards the signed-in routes: back to sign-in (then here again) when there is no session. */
export function RequireAuth() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  useEffect(
    () =>
      onSessionExpired(() => {
        if (signedOutOnPurpose) return;
        const here = `${window.location.pathname}${window.location.search}`;
        queryClient.setQueryData(authKeys.me, null);
        navigate(`/sign-in?next=${encodeURIComponent(here)}&expired=1`, { replace: true });
      }),
    [navigate, queryClient],
  );

  const userId = me.data?.user.id;
  const locale = me.data?.user.locale;
  useEffect(() => {
    if (!userId || !locale || languageAppliedFor === userId) return;
    languageAppliedFor = userId;
    if (locale !== i18n.resolvedLanguage) void i18n.changeLanguage(locale);
  }, [userId, locale]);

  if (me.isPending) {
    return (
      <Center h="100dvh">
        <Loader aria-label="…" />
      </Center>
    );
  }
  if (me.isError) throw me.error;
  if (!me.data) {
    const next = `${location.pathname}${location.search}`;
    const plain = next === '/' || signedOutOnPurpose;
    return <Navigate to={plain ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`} replace />;
  }
  signedOutOnPurpose = false;
  return (
    <CurrentUserContext value={me.data.user}>
      <Outlet />
    </CurrentUserContext>
  );
}

/** Signs out (revoking the session server-side) and forgets every cached answer. */
export function useSignOut() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return async () => {
    await api.POST('/api/v1/auth/logout').catch(() => {});
    signedOutOnPurpose = true; // set and used in the same tick: no signed-in render can reset it in between
    // First the session, which every observer of it (RequireAuth above all the signed-in components) learns in one
    // batch, so RequireAuth renders its <Navigate> before any child reads a missing user. Clearing the whole cache
    // first detached those observers and let a re-rendering child call useCurrentUser() with no user: React then
    // reported a recovered render error on sign-out.
    queryClient.setQueryData(authKeys.me, null);
    navigate('/sign-in', { replace: true });
    // Then every other cached answer, once the signed-in pages are gone: the next person on this browser sees none.
    setTimeout(() => queryClient.removeQueries({ predicate: (q) => q.queryHash !== JSON.stringify(authKeys.me) }), 0);
  };
}

export type UserDto = Schemas extends { User: infer U } ? U : never;
