import { Group, SegmentedControl, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { DayRangeInput } from '../../ui/DayRangeInput.tsx';
import {
  GRANULARITIES,
  type Granularity,
  MAX_DAYS,
  type Period,
  PRESETS,
  type Preset,
  presetPeriod,
} from './period.ts';

/** The period of the analysis: presets (7 j, 30 j, 90 j, 12 mois), custom days and the granularity. */
export function PeriodBar({
  period,
  preset,
  today,
  onChange,
  showGranularity,
}: {
  period: Period;
  preset: Preset | null;
  today: string;
  onChange: (next: Partial<Period>) => void;
  /** Only where figures are bucketed (the overview). */
  showGranularity: boolean;
}) {
  const { t } = useTranslation('product-analytics');
  return (
    <Group gap="sm" align="flex-end" wrap="wrap" data-testid="period-bar">
      <SegmentedControl
        aria-label={t('period.presetsLabel')}
        value={preset ?? ''}
        onChange={(v) => onChange(presetPeriod(v as Preset, today))}
        data={PRESETS.map((p) => ({ value: p, label: t(`period.presets.${p}`) }))}
      />
      <DayRangeInput
        label={t('period.custom')}
        from={period.from}
        to={period.to}
        today={today}
        maxDays={MAX_DAYS}
        onChange={(from, to) => onChange({ from, to })}
      />
      {showGranularity && (
        <Select
          label={t('period.granularity')}
          value={period.granularity}
          onChange={(v) => v && onChange({ granularity: v as Granularity })}
          data={GRANULARITIES.map((g) => ({ value: g, label: t(`period.granularities.${g}`) }))}
          allowDeselect={false}
          w={160}
        />
      )}
    </Group>
  );
}
