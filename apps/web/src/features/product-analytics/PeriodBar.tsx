import { Group, SegmentedControl, Select } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
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
      <DatePickerInput
        type="range"
        label={t('period.custom')}
        aria-label={t('period.custom')}
        value={[period.from, period.to]}
        maxDate={today}
        valueFormat="DD/MM/YYYY"
        allowSingleDateInRange
        w={230}
        onChange={([from, to]) => {
          if (!from || !to) return;
          const f = dayjs(from).format('YYYY-MM-DD');
          const l = dayjs(to).format('YYYY-MM-DD');
          // The API refuses more than 400 days: keep the last 400 of the range asked for.
          const start = dayjs(l).diff(dayjs(f), 'day') >= MAX_DAYS ? dayjs(l).subtract(MAX_DAYS - 1, 'day') : dayjs(f);
          onChange({ from: start.format('YYYY-MM-DD'), to: l });
        }}
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
