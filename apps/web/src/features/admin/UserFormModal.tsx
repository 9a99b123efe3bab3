import { ROLES } from '@crm/contracts';
import { Button, Group, Modal, Radio, Select, Stack, Switch, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconWand } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api, data } from '../../api/client.ts';
import { LOCALES } from '../../app/i18n.ts';
import { PasswordField } from '../../ui/PasswordField.tsx';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { generatePassword, type Team, type User } from './api.ts';
import { refreshUsers } from './queries.ts';

interface Values {
  email: string;
  name: string;
  role: User['role'];
  teamId: string | null;
  locale: 'fr' | 'en';
  /** How a new user gets in: an invitation to choose their password (the default), or a password set here. */
  access: 'invite' | 'password';
  password: string;
  isActive: boolean;
}

/**
 * Creates a user, invited by e-mail to choose their password (default) or with an initial password, or edits one
 * (name, role, team, language, active flag).
 */
export function UserFormModal({
  user,
  teams,
  opened,
  onClose,
}: {
  /** null: a new user. */
  user: User | null;
  teams: Team[];
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const [showPassword, setShowPassword] = useState(false);
  const form = useForm<Values>({
    initialValues: {
      email: user?.email ?? '',
      name: user?.name ?? '',
      role: user?.role ?? 'user',
      teamId: user?.teamId ?? null,
      locale: user?.locale === 'en' ? 'en' : 'fr',
      access: 'invite',
      password: '',
      isActive: user?.isActive ?? true,
    },
    validate: {
      email: (v) => (user || /^\S+@\S+\.\S+$/.test(v.trim()) ? null : tc('errors.validation')),
      name: (v) => (v.trim() ? null : tc('errors.validation')),
      password: (v, values) =>
        user || values.access === 'invite' || v.length >= 12 ? null : t('users.form.passwordHelp'),
    },
  });

  const save = useMutation({
    mutationFn: async (v: Values) => {
      if (user) {
        return data(
          await api.PATCH('/api/v1/users/{id}', {
            params: { path: { id: user.id } },
            body: { name: v.name.trim(), role: v.role, teamId: v.teamId, locale: v.locale, isActive: v.isActive },
          }),
        );
      }
      return data(
        await api.POST('/api/v1/users', {
          body: {
            email: v.email.trim(),
            name: v.name.trim(),
            role: v.role,
            teamId: v.teamId,
            locale: v.locale,
            // No password: the server mails an invitation.
            ...(v.access === 'password' ? { password: v.password } : {}),
          },
        }),
      );
    },
    onSuccess: (saved) => {
      refreshUsers(queryClient);
      notifications.show({
        color: 'teal',
        message: user
          ? t('users.updated')
          : saved.invitedAt
            ? t('users.invited', { email: saved.email })
            : t('users.created', { name: saved.name }),
      });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'auth.weak_password') form.setFieldError('password', problemMessage(e));
      if (e instanceof ApiError && e.code === 'user.already_exists') form.setFieldError('email', problemMessage(e));
    },
  });

  const lastAdmin = save.error instanceof ApiError && save.error.code === 'user.last_admin';

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={user ? t('users.form.editTitle', { name: user.name }) : t('users.form.createTitle')}
      size="lg"
    >
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          {lastAdmin ? (
            <ProblemAlert error={new Error(t('users.form.lastAdmin'))} />
          ) : (
            save.error && <ProblemAlert error={save.error} />
          )}
          <TextInput
            label={t('users.email')}
            type="email"
            required={!user}
            readOnly={Boolean(user)}
            description={user ? t('users.form.emailReadOnly') : undefined}
            autoComplete="off"
            data-autofocus={user ? undefined : true}
            {...form.getInputProps('email')}
          />
          <TextInput
            label={t('users.name')}
            required
            autoComplete="off"
            data-autofocus={user ? true : undefined}
            {...form.getInputProps('name')}
          />
          <Group grow align="flex-start">
            <Select
              label={t('users.role')}
              required
              allowDeselect={false}
              data={ROLES.map((r) => ({ value: r, label: tc(`enums.role.${r}`) }))}
              {...form.getInputProps('role')}
            />
            <Select
              label={t('users.team')}
              clearable
              placeholder={t('users.noTeam')}
              data={teams.map((team) => ({ value: team.id, label: team.name }))}
              {...form.getInputProps('teamId')}
            />
          </Group>
          <Select
            label={t('users.form.language')}
            allowDeselect={false}
            data={LOCALES.map((l) => ({ value: l, label: l === 'fr' ? 'Français' : 'English' }))}
            {...form.getInputProps('locale')}
          />
          {!user && (
            <Radio.Group label={t('users.form.access')} {...form.getInputProps('access')}>
              <Stack gap="xs" mt={6}>
                <Radio value="invite" label={t('users.form.invite')} description={t('users.form.inviteHelp')} />
                <Radio
                  value="password"
                  label={t('users.form.setPassword')}
                  description={t('users.form.setPasswordHelp')}
                />
              </Stack>
            </Radio.Group>
          )}
          {!user && form.values.access === 'password' && (
            <Stack gap={6}>
              <PasswordField
                label={t('users.form.password')}
                description={t('users.form.passwordHelp')}
                required
                autoComplete="new-password"
                visible={showPassword}
                onVisibilityChange={setShowPassword}
                {...form.getInputProps('password')}
              />
              <Group>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  leftSection={<IconWand size={16} />}
                  onClick={() => {
                    form.setFieldValue('password', generatePassword());
                    setShowPassword(true);
                  }}
                >
                  {t('users.form.generate')}
                </Button>
              </Group>
            </Stack>
          )}
          {user && (
            <Switch
              label={t('users.form.isActive')}
              description={t('users.form.isActiveHelp')}
              {...form.getInputProps('isActive', { type: 'checkbox' })}
            />
          )}
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {user ? tc('actions.save') : tc('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
