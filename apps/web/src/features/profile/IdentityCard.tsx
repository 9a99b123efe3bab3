import { Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { useCurrentUser } from '../../app/auth.tsx';
import { LOCALES, type Locale } from '../../app/i18n.ts';
import { useLanguage } from '../../app/PreferencesMenu.tsx';
import { authKeys, directoryKeys } from '../../app/query-keys.ts';
import { useTeamsQuery } from '../../app/teams.ts';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';

const LANGUAGE_NAMES: Record<Locale, string> = { fr: 'Français', en: 'English' };

/** Name and language (PATCH /users/me); e-mail, role and team are shown, administrators change them. */
export function IdentityCard() {
  const { t } = useTranslation('profile');
  const { t: tc } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const teams = useTeamsQuery(Boolean(user.teamId));
  const teamName = user.teamId ? (teams.data?.find((x) => x.id === user.teamId)?.name ?? '…') : t('identity.noTeam');
  const form = useForm({
    initialValues: { name: user.name },
    validate: { name: (v) => (v.trim() ? null : tc('errors.validation')) },
  });

  const save = useMutation({
    mutationFn: async (body: { name?: string; locale?: Locale }) => data(await api.PATCH('/api/v1/users/me', { body })),
    onSuccess: (saved, body) => {
      queryClient.setQueryData(authKeys.me, (old: { user: typeof user } | null | undefined) =>
        old ? { user: { ...old.user, name: saved.name, locale: saved.locale } } : old,
      );
      void queryClient.invalidateQueries({ queryKey: directoryKeys.all });
      if (body.name !== undefined) {
        form.resetDirty({ name: saved.name });
        notifications.show({ color: 'teal', message: t('identity.saved') });
      }
    },
  });

  const [language, changeLanguage] = useLanguage();

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb="sm">
        {t('identity.title')}
      </Title>
      <form onSubmit={form.onSubmit((v) => save.mutate({ name: v.name.trim() }))} noValidate>
        <Stack>
          <ProblemAlert error={save.error} />
          <TextInput label={t('identity.name')} required maxLength={200} {...form.getInputProps('name')} />
          <TextInput
            label={t('identity.email')}
            value={user.email}
            readOnly
            description={t('identity.emailHelp')}
            variant="filled"
          />
          <Group gap="xl">
            <div>
              <Text size="sm" fw={500}>
                {t('identity.role')}
              </Text>
              <Badge variant="light" mt={4}>
                {tc(`enums.role.${user.role}`)}
              </Badge>
            </div>
            <div>
              <Text size="sm" fw={500}>
                {t('identity.team')}
              </Text>
              <Text size="sm" mt={4}>
                {teamName}
              </Text>
            </div>
          </Group>
          <Select
            label={t('identity.language')}
            allowDeselect={false}
            data={LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
            value={language}
            onChange={changeLanguage}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              {tc('actions.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
