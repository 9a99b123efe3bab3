import { Badge, CloseButton, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { type Filter, isRange } from './types.ts';

/** The active filters as removable chips, so the user always sees why rows are missing. */
export function FilterChips({
  filters,
  values,
  onRemove,
}: {
  filters: Filter[];
  values: Record<string, string>;
  onRemove: (keys: string[]) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { userName } = useDirectory();
  const chips: { id: string; label: string; keys: string[] }[] = [];
  for (const f of filters) {
    if (isRange(f)) {
      const from = values[f.from];
      const to = values[f.to];
      if (!from && !to) continue;
      const show = (v: string | undefined) => (v ? (f.kind === 'numberRange' ? fmt.number(v) : fmt.date(v)) : '…');
      chips.push({
        id: f.key,
        label: t('labelled', { label: f.label, value: `${show(from)} → ${show(to)}` }),
        keys: [f.from, f.to],
      });
      continue;
    }
    const value = values[f.key];
    if (!value) continue;
    let shown = value;
    if (f.kind === 'select')
      shown = value
        .split(',')
        .map((v) => f.options.find((o) => o.value === v)?.label ?? v)
        .join(', ');
    if (f.kind === 'user') shown = value.split(',').map(userName).join(', ');
    if (f.kind === 'boolean') shown = value === 'true' ? t('states.yes') : t('states.no');
    if (f.kind === 'number' && f.chip) {
      chips.push({ id: f.key, label: f.chip(Number(value)), keys: [f.key] });
      continue;
    }
    chips.push({ id: f.key, label: t('labelled', { label: f.label, value: shown }), keys: [f.key] });
  }
  if (chips.length === 0) return null;
  return (
    <Group gap={6} mb="sm" data-testid="filter-chips">
      {chips.map((c) => (
        <Badge
          key={c.id}
          variant="light"
          size="lg"
          tt="none"
          rightSection={
            <CloseButton size="xs" aria-label={`${t('actions.remove')} ${c.label}`} onClick={() => onRemove(c.keys)} />
          }
        >
          {c.label}
        </Badge>
      ))}
    </Group>
  );
}
