import { Button, Drawer, Group, MultiSelect, NumberInput, Select, Stack, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDirectory } from '../../app/directory.ts';
import { inParis, PARIS } from '../../app/paris-time.ts';
import { type Filter, isRange } from './types.ts';

/** Start and end of a Paris day as ISO strings for `...From` / `...To` query parameters (the app shows Paris days). */
const dayStart = (d: string) => dayjs.tz(d.slice(0, 10), PARIS).toISOString();
const dayEnd = (d: string) => dayjs.tz(d.slice(0, 10), PARIS).add(1, 'day').subtract(1, 'ms').toISOString();
/** The Paris day of an instant, or a calendar day as it is. */
const toDay = (value: string | undefined) =>
  !value ? null : /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : inParis(value).format('YYYY-MM-DD');

/** A drawer with one input per filter; applies them all at once. */
export function FilterPanel({
  opened,
  onClose,
  filters,
  values,
  onApply,
}: {
  opened: boolean;
  onClose: () => void;
  filters: Filter[];
  values: Record<string, string>;
  onApply: (patch: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const { userOptions } = useDirectory();
  const [draft, setDraft] = useState<Record<string, string>>(values);
  const set = (k: string, v: string | null) => setDraft((d) => ({ ...d, [k]: v ?? '' }));
  const booleanOptions = [
    { value: 'true', label: t('states.yes') },
    { value: 'false', label: t('states.no') },
  ];

  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      title={t('list.filters')}
      position="right"
      size="sm"
      transitionProps={{ onEnter: () => setDraft(values) }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const patch: Record<string, string | null> = {};
          for (const f of filters) {
            const keys = isRange(f) ? [f.from, f.to] : [f.key];
            for (const k of keys) patch[k] = draft[k] || null;
          }
          onApply(patch);
          onClose();
        }}
      >
        <Stack>
          {filters.map((f) => {
            switch (f.kind) {
              case 'select':
                return f.multiple ? (
                  <MultiSelect
                    key={f.key}
                    label={f.label}
                    data={f.options}
                    value={draft[f.key] ? draft[f.key]!.split(',') : []}
                    onChange={(v) => set(f.key, v.join(','))}
                    clearable
                    searchable
                  />
                ) : (
                  <Select
                    key={f.key}
                    label={f.label}
                    data={f.options}
                    value={draft[f.key] || null}
                    onChange={(v) => set(f.key, v)}
                    clearable
                    searchable
                  />
                );
              case 'user':
                return (
                  <MultiSelect
                    key={f.key}
                    label={f.label}
                    data={userOptions}
                    value={draft[f.key] ? draft[f.key]!.split(',') : []}
                    onChange={(v) => set(f.key, v.join(','))}
                    clearable
                    searchable
                  />
                );
              case 'boolean':
                return (
                  <Select
                    key={f.key}
                    label={f.label}
                    data={booleanOptions}
                    value={draft[f.key] || null}
                    onChange={(v) => set(f.key, v)}
                    placeholder={t('list.any')}
                    clearable
                  />
                );
              case 'text':
                return (
                  <TextInput
                    key={f.key}
                    label={f.label}
                    description={f.description}
                    value={draft[f.key] ?? ''}
                    onChange={(e) => set(f.key, e.currentTarget.value)}
                  />
                );
              case 'number':
                return (
                  <NumberInput
                    key={f.key}
                    label={f.label}
                    value={draft[f.key] ?? ''}
                    onChange={(v) => set(f.key, v === '' ? null : String(v))}
                    min={f.min}
                    max={f.max}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="strict"
                  />
                );
              case 'dateRange':
              case 'dayRange': {
                const day = (v: string | null) => (v ? v.slice(0, 10) : null);
                const start = f.kind === 'dayRange' ? day : (v: string | null) => (v ? dayStart(v) : null);
                const end = f.kind === 'dayRange' ? day : (v: string | null) => (v ? dayEnd(v) : null);
                return (
                  <Group key={f.key} grow align="flex-end">
                    <DatePickerInput
                      label={`${f.label} · ${t('list.from')}`}
                      value={toDay(draft[f.from])}
                      onChange={(v) => set(f.from, start(v))}
                      clearable
                      valueFormat="DD/MM/YYYY"
                    />
                    <DatePickerInput
                      label={t('list.to')}
                      value={toDay(draft[f.to])}
                      onChange={(v) => set(f.to, end(v))}
                      clearable
                      valueFormat="DD/MM/YYYY"
                    />
                  </Group>
                );
              }
              case 'numberRange':
                return (
                  <Group key={f.key} grow align="flex-end">
                    <NumberInput
                      label={`${f.label} · ${t('list.from')}`}
                      value={draft[f.from] ?? ''}
                      onChange={(v) => set(f.from, v === '' ? null : String(v))}
                      thousandSeparator=" "
                    />
                    <NumberInput
                      label={t('list.to')}
                      value={draft[f.to] ?? ''}
                      onChange={(v) => set(f.to, v === '' ? null : String(v))}
                      thousandSeparator=" "
                    />
                  </Group>
                );
              default:
                return null;
            }
          })}
          <Group justify="space-between" mt="md">
            <Button variant="subtle" onClick={() => setDraft({})}>
              {t('list.clearFilters')}
            </Button>
            <Button type="submit">{t('actions.apply')}</Button>
          </Group>
        </Stack>
      </form>
    </Drawer>
  );
}
