import { ActionIcon, Button, Divider, Group, NumberInput, Paper, Select, Stack, Text, Tooltip } from '@mantine/core';
import { IconEdit, IconFilter, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../../api/client.ts';
import { EmptyState } from '../../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../../ui/ProblemAlert.tsx';
import type { Period } from '../period.ts';
import { analyticsKeys, type Funnel, funnelResultsQuery, funnelsQuery } from '../queries.ts';
import { useConfirmedDelete } from '../useConfirmedDelete.tsx';
import { FunnelFormModal } from './FunnelFormModal.tsx';
import { FunnelResults } from './FunnelResults.tsx';
import { blankSteps, StepsEditor, stepsBody } from './StepsEditor.tsx';

/** Saved funnels (pick one, create, edit, delete) with their results over the period, and an ad-hoc funnel. */
export function FunnelsTab({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const { t: tc } = useTranslation();
  const funnels = useQuery(funnelsQuery);
  const [chosen, setChosen] = useState<string | null>(null);
  const list = funnels.data ?? [];
  const current = list.find((f) => f.id === chosen) ?? list[0];
  const results = useQuery({ ...funnelResultsQuery(current?.id ?? '', period), enabled: !!current });
  /** undefined: no modal; null: creating; a funnel: editing it. */
  const [editing, setEditing] = useState<Funnel | null | undefined>(undefined);

  const confirmDelete = useConfirmedDelete<Funnel>({
    remove: async (funnel) =>
      api.DELETE('/api/v1/analytics/product/funnels/{id}', { params: { path: { id: funnel.id } } }),
    // Deleting a funnel deletes the alerts that watch it.
    invalidate: [analyticsKeys.funnels, analyticsKeys.alerts],
    texts: (funnel) => ({
      title: t('funnels.deleteTitle', { name: funnel.name }),
      body: t('funnels.deleteBody'),
      deleted: t('funnels.deleted'),
    }),
    onDeleted: () => setChosen(null),
  });

  const create = (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t('funnels.create')}
    </Button>
  );

  return (
    <Stack gap="lg">
      {funnels.error && <ProblemAlert error={funnels.error} />}
      {funnels.data && list.length === 0 ? (
        <EmptyState
          icon={<IconFilter size={26} />}
          title={t('funnels.emptyTitle')}
          hint={t('funnels.emptyHint')}
          action={create}
        />
      ) : (
        <Stack gap="md">
          <Group gap="sm" align="flex-end" justify="space-between" wrap="wrap">
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <Select
                label={t('funnels.choose')}
                data={list.map((f) => ({ value: f.id, label: f.name }))}
                value={current?.id ?? null}
                onChange={setChosen}
                allowDeselect={false}
                w={260}
              />
              {current && (
                <>
                  <Tooltip label={t('funnels.edit')}>
                    <ActionIcon
                      variant="subtle"
                      size="lg"
                      aria-label={t('funnels.editFor', { name: current.name })}
                      onClick={() => setEditing(current)}
                    >
                      <IconEdit size={18} />
                    </ActionIcon>
                  </Tooltip>
                  <Tooltip label={tc('actions.delete')}>
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="lg"
                      aria-label={t('funnels.deleteFor', { name: current.name })}
                      onClick={() => confirmDelete(current)}
                    >
                      <IconTrash size={18} />
                    </ActionIcon>
                  </Tooltip>
                </>
              )}
            </Group>
            {create}
          </Group>
          {results.error && <ProblemAlert error={results.error} />}
          {current && <FunnelResults name={current.name} result={results.data} loading={results.isPending} />}
        </Stack>
      )}
      <Divider />
      <AdhocFunnel period={period} />
      {editing !== undefined && (
        <FunnelFormModal
          key={editing?.id ?? 'new'}
          funnel={editing}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setChosen(saved.id);
            setEditing(undefined);
          }}
        />
      )}
    </Stack>
  );
}

/** A funnel computed once over the period, without saving it (POST funnel). */
function AdhocFunnel({ period }: { period: Period }) {
  const { t } = useTranslation('product-analytics');
  const [steps, setSteps] = useState(blankSteps);
  const [windowDays, setWindowDays] = useState(14);
  const run = useMutation({
    meta: { errorToast: false },
    mutationFn: async () =>
      data(
        await api.POST('/api/v1/analytics/product/funnel', {
          body: { steps: stepsBody(steps), windowDays, from: period.from, to: period.to },
        }),
      ),
  });
  return (
    <Paper withBorder p="md" radius="md">
      <Stack gap="sm">
        <div>
          <Text fw={600}>{t('funnels.adhoc')}</Text>
          <Text size="sm" c="dimmed">
            {t('funnels.adhocHint')}
          </Text>
        </div>
        <StepsEditor steps={steps} onChange={setSteps} />
        <Group align="flex-end">
          <NumberInput
            label={t('funnels.windowDays')}
            min={1}
            max={90}
            w={240}
            value={windowDays}
            onChange={(v) => typeof v === 'number' && setWindowDays(v)}
          />
          <Button onClick={() => run.mutate()} loading={run.isPending}>
            {t('funnels.run')}
          </Button>
        </Group>
        <ProblemAlert error={run.error} />
        {run.data && <FunnelResults name={t('funnels.adhoc')} result={run.data} loading={false} />}
      </Stack>
    </Paper>
  );
}
