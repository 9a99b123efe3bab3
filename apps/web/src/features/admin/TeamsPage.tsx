import { ActionIcon, Anchor, Button, Group, Modal, Stack, Text, Textarea, TextInput, Tooltip } from '@mantine/core';
import { useForm } from '@mantine/form';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconPlus, IconTrash, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api, data } from '../../api/client.ts';
import { AdminOnly } from '../../app/AdminOnly.tsx';
import { useFormat } from '../../app/format.ts';
import { teamKeys, useTeamsQuery } from '../../app/teams.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../ui/SimpleTable.tsx';
import type { Team } from './api.ts';

export default function TeamsPage() {
  return (
    <AdminOnly>
      <Teams />
    </AdminOnly>
  );
}

function Teams() {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const queryClient = useQueryClient();
  const teams = useTeamsQuery();
  /** undefined: no modal; null: creating; a team: editing it. */
  const [editing, setEditing] = useState<Team | null | undefined>(undefined);

  const remove = useMutation({
    mutationFn: async (team: Team) => {
      await api.DELETE('/api/v1/teams/{id}', { params: { path: { id: team.id } } });
      return team;
    },
    onSuccess: (team) => {
      void queryClient.invalidateQueries({ queryKey: teamKeys.all });
      notifications.show({ color: 'teal', message: t('teams.deleted', { name: team.name }) });
    },
    onError: (e, team) =>
      notifications.show({
        color: 'red',
        title: tc('errors.title'),
        message:
          e instanceof ApiError && e.code === 'team.not_empty'
            ? t('teams.notEmpty', { count: team.memberCount })
            : problemMessage(e),
      }),
  });

  const confirmDelete = (team: Team) =>
    modals.openConfirmModal({
      title: t('teams.deleteTitle', { name: team.name }),
      children: <Text size="sm">{t('teams.deleteBody')}</Text>,
      labels: { confirm: tc('actions.delete'), cancel: tc('actions.cancel') },
      confirmProps: { color: 'red' },
      onConfirm: () => remove.mutate(team),
    });

  const create = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t('teams.create')}
    </Button>
  );

  return (
    <>
      <PageHeader title={t('teams.title')} subtitle={t('teams.subtitle')} actions={create} />
      {teams.error && <ProblemAlert error={teams.error} />}
      <SimpleTable
        minWidth={640}
        rows={teams.data}
        pending={teams.isPending}
        rowTestId="team-row"
        verticalSpacing="sm"
        empty={
          <EmptyState
            icon={<IconUsersGroup size={26} />}
            title={t('teams.emptyTitle')}
            hint={t('teams.emptyHint')}
            action={create}
          />
        }
        columns={[
          {
            key: 'name',
            header: t('teams.name'),
            render: (team) => (
              <Stack gap={0}>
                <Text size="sm" fw={500}>
                  {team.name}
                </Text>
                {team.description && (
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {team.description}
                  </Text>
                )}
              </Stack>
            ),
          },
          {
            key: 'members',
            header: t('teams.members'),
            render: (team) => (
              <Anchor
                component={Link}
                to={`/admin/users?teamId=${team.id}`}
                size="sm"
                aria-label={t('teams.showMembers', { name: team.name })}
              >
                {t('teams.membersCount', { count: team.memberCount })}
              </Anchor>
            ),
          },
          { key: 'createdAt', header: t('teams.createdAt'), render: (team) => fmt.date(team.createdAt) },
          {
            key: 'actions',
            header: t('teams.actions'),
            hidden: true,
            render: (team) => (
              <Group gap={4} wrap="nowrap" justify="flex-end">
                <Tooltip label={t('teams.rename')}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('teams.renameFor', { name: team.name })}
                    onClick={() => setEditing(team)}
                  >
                    <IconEdit size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip
                  label={team.memberCount > 0 ? t('teams.notEmpty', { count: team.memberCount }) : tc('actions.delete')}
                  multiline
                  w={team.memberCount > 0 ? 260 : undefined}
                >
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('teams.deleteFor', { name: team.name })}
                    aria-disabled={team.memberCount > 0 || undefined}
                    onClick={() =>
                      team.memberCount > 0
                        ? notifications.show({
                            color: 'orange',
                            message: t('teams.notEmpty', { count: team.memberCount }),
                          })
                        : confirmDelete(team)
                    }
                  >
                    <IconTrash size={18} />
                  </ActionIcon>
                </Tooltip>
              </Group>
            ),
          },
        ]}
      />
      {editing !== undefined && (
        <TeamFormModal key={editing?.id ?? 'new'} team={editing} onClose={() => setEditing(undefined)} />
      )}
    </>
  );
}

function TeamFormModal({ team, onClose }: { team: Team | null; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const { t: tc } = useTranslation();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { name: team?.name ?? '', description: team?.description ?? '' },
    validate: { name: (v) => (v.trim() ? null : tc('errors.validation')) },
  });
  const save = useMutation({
    mutationFn: async (v: typeof form.values) => {
      const body = { name: v.name.trim(), description: v.description.trim() || null };
      return team
        ? data(await api.PATCH('/api/v1/teams/{id}', { params: { path: { id: team.id } }, body }))
        : data(await api.POST('/api/v1/teams', { body }));
    },
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: teamKeys.all });
      notifications.show({
        color: 'teal',
        message: team ? t('teams.updated') : t('teams.created', { name: saved.name }),
      });
      onClose();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'team.already_exists') form.setFieldError('name', problemMessage(e));
    },
  });
  return (
    <Modal opened onClose={onClose} title={team ? t('teams.editTitle', { name: team.name }) : t('teams.createTitle')}>
      <form onSubmit={form.onSubmit((v) => save.mutate(v))} noValidate>
        <Stack>
          <ProblemAlert error={save.error} />
          <TextInput label={t('teams.name')} required data-autofocus maxLength={100} {...form.getInputProps('name')} />
          <Textarea
            label={t('teams.description')}
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps('description')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {tc('actions.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {team ? tc('actions.save') : tc('actions.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
