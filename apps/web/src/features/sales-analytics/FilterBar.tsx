import { Group, MultiSelect, SegmentedControl, Select, Switch } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../app/directory.ts';
import {
  GRANULARITIES,
  type Granularity,
  granularityFor,
  type HubFilters,
  KINDS,
  type Kind,
  MAX_DAYS,
  PRESETS,
  type Preset,
  periodDays,
  presetOf,
  presetRange,
  type SalesView,
} from '../../app/sales-analytics/view.ts';
import { useTeams } from '../../app/teams.ts';
import { DayRangeInput } from '../../ui/DayRangeInput.tsx';

/**
 * The hub's filters, all in the URL: the period (presets, custom days), the grouping, the comparison with the
 * previous period, the team and the sales people (for those who may choose them: `filters`) and the kind of mandate.
 */
export function FilterBar({
  view,
  today,
  filters,
  onChange,
}: {
  view: SalesView;
  today: string;
  filters: HubFilters;
  onChange: (patch: Partial<SalesView>) => void;
}) {
  const { t } = useTranslation('sales-analytics');
  const { t: tc } = useTranslation();
  const { userOptions } = useDirectory();
  const { teamOptions } = useTeams();
  const preset = presetOf(view, today);
  const range = (from: string, to: string) =>
    onChange({ from, to, granularity: granularityFor(periodDays({ from, to })) });

  return (
    <Group
      gap="sm"
      align="flex-end"
      wrap="wrap"
      data-testid="analytics-filters"
      role="group"
      aria-label={t('filters.label')}
    >
      <SegmentedControl
        aria-label={t('filters.presetsLabel')}
        value={preset ?? ''}
        onChange={(p) => {
          const r = presetRange(p as Preset, today);
          range(r.from, r.to);
        }}
        data={PRESETS.map((p) => ({ value: p, label: t(`filters.presets.${p}`) }))}
      />
      <DayRangeInput
        label={t('filters.custom')}
        from={view.from}
        to={view.to}
        today={today}
        maxDays={MAX_DAYS}
        onChange={range}
      />
      <Select
        label={t('filters.granularity')}
        value={view.granularity}
        onChange={(g) => g && onChange({ granularity: g as Granularity })}
        data={GRANULARITIES.map((g) => ({ value: g, label: t(`filters.granularities.${g}`) }))}
        allowDeselect={false}
        w={140}
      />
      {filters.team && (
        <Select
          label={t('filters.team')}
          placeholder={t('filters.allTeams')}
          value={view.teamId}
          onChange={(teamId) => onChange({ teamId })}
          data={teamOptions}
          clearable
          w={180}
        />
      )}
      {filters.owners && (
        <MultiSelect
          label={t('filters.owners')}
          placeholder={view.ownerIds.length ? undefined : t('filters.allOwners')}
          value={view.ownerIds}
          onChange={(ownerIds) => onChange({ ownerIds })}
          data={userOptions}
          searchable
          clearable
          maxValues={100}
          w={260}
        />
      )}
      <Select
        label={t('filters.kind')}
        placeholder={t('filters.allKinds')}
        value={view.kind}
        onChange={(kind) => onChange({ kind: kind as Kind | null })}
        data={KINDS.map((k) => ({ value: k, label: tc(`enums.mandatKind.${k}`) }))}
        clearable
        w={170}
      />
      <Switch
        label={t('filters.compare')}
        checked={view.compare}
        onChange={(e) => onChange({ compare: e.currentTarget.checked })}
        mb={8}
      />
    </Group>
  );
}
