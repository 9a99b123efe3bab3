import { Text } from '@mantine/core';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../../api/client.ts';
import { userKeys } from '../../../app/query-keys.ts';
import type { User } from '../api.ts';
import { refreshUsers } from '../queries.ts';

/** What the users page does to one account: (de)activate, resend an invitation, send a reset link (confirmed). */
export function useUserActions() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();

  const setActive = useMutation({
    mutationFn: async ({ user, active }: { user: User; active: boolean }) =>
      active
        ? data(await api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { isActive: true } }))
        : data(await api.DELETE('/api/v1/users/{id}', { params: { path: { id: user.id } } })),
    onSuccess: (u, { active }) => {
      refreshUsers(queryClient);
      notifications.show({
        color: 'teal',
        message: active ? t('users.reactivated', { name: u.name }) : t('users.deactivated', { name: u.name }),
      });
    },
  });

  const resendInvitation = useMutation({
    mutationFn: async (user: User) =>
      data(await api.POST('/api/v1/users/{id}/invitation', { params: { path: { id: user.id } } })),
    onSuccess: (u) => {
      void queryClient.invalidateQueries({ queryKey: userKeys.all });
      notifications.show({ color: 'teal', message: t('users.invitationResent', { email: u.email }) });
    },
  });

  const sendReset = useMutation({
    mutationFn: async (user: User) =>
      data(await api.POST('/api/v1/users/{id}/password-reset', { params: { path: { id: user.id } } })),
    onSuccess: (_, user) => notifications.show({ color: 'teal', message: t('users.resetSent', { email: user.email }) }),
  });

  return {
    reactivate: (user: User) => setActive.mutate({ user, active: true }),
    resendInvitation: (user: User) => resendInvitation.mutate(user),
    confirmSendReset: (user: User) =>
      modals.openConfirmModal({
        title: t('users.sendResetTitle', { name: user.name }),
        children: <Text size="sm">{t('users.sendResetBody', { email: user.email })}</Text>,
        labels: { confirm: t('users.sendResetConfirm'), cancel: tc('actions.cancel') },
        onConfirm: () => sendReset.mutate(user),
      }),
    confirmDeactivate: (user: User) =>
      modals.openConfirmModal({
        title: t('users.deactivateTitle', { name: user.name }),
        children: <Text size="sm">{t('users.deactivateBody', { name: user.name })}</Text>,
        labels: { confirm: t('users.deactivate'), cancel: tc('actions.cancel') },
        confirmProps: { color: 'red' },
        onConfirm: () => setActive.mutate({ user, active: false }),
      }),
  };
}
export type UserActions = ReturnType<typeof useUserActions>;
