import { Group, SegmentedControl, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client.ts';
import { useDirectory } from '../../../app/directory.ts';
import { useFormat } from '../../../app/format.ts';
import { useTeams } from '../../../app/teams.ts';
import { isClosed } from '../stages.ts';
import type { BoardFilters } from './queries.ts';

/** Above the board: the kind, owner and team filters, and the open pipeline's count and amount. */
export function BoardFilterBar({
  filters,
  onChange,
  stages,
}: {
  filters: BoardFilters;
  onChange: (key: keyof BoardFilters, value: string | null) => void;
  stages: Schemas['MandatPipeline']['stages'] | undefined;
}) {
  const { t } = useTranslation('mandats');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const { userOptions } = useDirectory();
  const { teamOptions } = useTeams();
  const openStages = (stages ?? []).filter((s) => !isClosed(s.stage));
  return (
    <Group justify="space-between" gap="xs" wrap="wrap">
      <Group gap="xs" wrap="wrap" role="group" aria-label={t('board.filters')}>
        <SegmentedControl
          aria-label={t('fields.kind')}
          value={filters.kind ?? 'all'}
          onChange={(v) => onChange('kind', v === 'all' ? null : v)}
          data={[
            { value: 'all', label: t('board.allKinds') },
            { value: 'distribution', label: tc('enums.mandatKind.distribution') },
            { value: 'placement', label: tc('enums.mandatKind.placement') },
          ]}
        />
        <Select
          aria-label={t('fields.owner')}
          placeholder={t('board.anyOwner')}
          data={userOptions}
          value={filters.ownerId ?? null}
          onChange={(v) => onChange('ownerId', v)}
          clearable
          searchable
          w={220}
        />
        <Select
          aria-label={t('fields.team')}
          placeholder={t('board.anyTeam')}
          data={teamOptions}
          value={filters.teamId ?? null}
          onChange={(v) => onChange('teamId', v)}
          clearable
          w={200}
        />
      </Group>
      {openStages.length > 0 && (
        <Text size="sm" fw={500} data-testid="pipeline-open-summary">
          {t('board.openSummary', {
            count: openStages.reduce((n, s) => n + s.count, 0),
            amount: fmt.compactMoney(openStages.reduce((n, s) => n + Number(s.totalAmount), 0)),
          })}
        </Text>
      )}
    </Group>
  );
}
