import { ActionIcon, Badge, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { IconChartBar, IconEdit, IconFlag, IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { useTeams } from '../../../app/teams.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import { SimpleTable } from '../../../ui/SimpleTable.tsx';
import { eventLabel } from '../labels.ts';
import { analyticsKeys, type Flag, flagsQuery } from '../queries.ts';
import { useConfirmedDelete } from '../useConfirmedDelete.tsx';
import { ExperimentResults } from './ExperimentResults.tsx';
import { FlagFormModal } from './FlagFormModal.tsx';

/** Feature flags: the list, create, edit, delete, and an experiment's results. */
export function FlagsTab() {
  const { t } = useTranslation('product-analytics');
  const { t: tc } = useTranslation();
  const flags = useQuery(flagsQuery);
  const { teamName } = useTeams();
  /** undefined: no modal; null: creating; a flag: editing it. */
  const [editing, setEditing] = useState<Flag | null | undefined>(undefined);
  const [results, setResults] = useState<Flag | null>(null);

  const confirmDelete = useConfirmedDelete<Flag>({
    remove: async (flag) => api.DELETE('/api/v1/analytics/flags/{id}', { params: { path: { id: flag.id } } }),
    invalidate: [analyticsKeys.flags],
    texts: (flag) => ({
      title: t('flags.deleteTitle', { key: flag.key }),
      body: t('flags.deleteBody'),
      deleted: t('flags.deleted'),
    }),
  });

  const create = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t('flags.create')}
    </Button>
  );

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text fw={600}>{t('flags.title')}</Text>
        {create}
      </Group>
      {flags.error && <ProblemAlert error={flags.error} />}
      <SimpleTable
        minWidth={860}
        rows={flags.data}
        pending={flags.isPending}
        rowTestId="flag-row"
        empty={
          <EmptyState
            icon={<IconFlag size={26} />}
            title={t('flags.emptyTitle')}
            hint={t('flags.emptyHint')}
            action={create}
          />
        }
        columns={[
          {
            key: 'key',
            header: t('flags.key'),
            render: (f) => (
              <Stack gap={0}>
                <Text size="sm" ff="monospace" fw={600}>
                  {f.key}
                </Text>
                <Text size="xs" c="dimmed">
                  {f.name}
                </Text>
              </Stack>
            ),
          },
          {
            key: 'status',
            header: t('flags.status'),
            render: (f) => (
              <Badge color={f.active ? 'teal' : 'gray'} variant="light">
                {f.active ? t('flags.active') : t('flags.inactive')}
              </Badge>
            ),
          },
          {
            key: 'rollout',
            header: t('flags.rollout'),
            align: 'right',
            nowrap: true,
            render: (f) => `${f.rolloutPercent} %`,
          },
          {
            key: 'teams',
            header: t('flags.teams'),
            render: (f) =>
              f.teamIds.length === 0 ? t('flags.everyone') : f.teamIds.map((id) => teamName(id)).join(', '),
          },
          {
            key: 'kind',
            header: t('flags.kind'),
            render: (f) =>
              f.variants ? (
                <Stack gap={0}>
                  <Text size="sm">{t('flags.experiment')}</Text>
                  <Text size="xs" c="dimmed">
                    {f.variants.map((v) => `${v.key} ${v.rolloutPercent} %`).join(' · ')}
                    {f.goalEvent ? ` → ${eventLabel(t, f.goalEvent)}` : ''}
                  </Text>
                </Stack>
              ) : (
                t('flags.boolean')
              ),
          },
          {
            key: 'actions',
            header: t('actions'),
            hidden: true,
            render: (f) => (
              <Group gap={4} wrap="nowrap" justify="flex-end">
                {f.variants && f.goalEvent && (
                  <Tooltip label={t('flags.results')}>
                    <ActionIcon
                      variant="subtle"
                      aria-label={t('flags.resultsFor', { key: f.key })}
                      onClick={() => setResults(f)}
                    >
                      <IconChartBar size={18} />
                    </ActionIcon>
                  </Tooltip>
                )}
                <Tooltip label={t('flags.editFor', { key: f.key })}>
                  <ActionIcon
                    variant="subtle"
                    aria-label={t('flags.editFor', { key: f.key })}
                    onClick={() => setEditing(f)}
                  >
                    <IconEdit size={18} />
                  </ActionIcon>
                </Tooltip>
                <Tooltip label={tc('actions.delete')}>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={t('flags.deleteFor', { key: f.key })}
                    onClick={() => confirmDelete(f)}
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
        <FlagFormModal key={editing?.id ?? 'new'} flag={editing} onClose={() => setEditing(undefined)} />
      )}
      <Modal
        opened={results !== null}
        onClose={() => setResults(null)}
        size="xl"
        title={results ? t('flags.resultsFor', { key: results.key }) : ''}
      >
        {results && <ExperimentResults flag={results} />}
      </Modal>
    </Stack>
  );
}
