import { Loader, Select, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { type ActivityEntity, SEGMENT } from './shared.ts';

interface Labelled {
  id: string;
  label: string;
  description?: string | null;
}

async function recordLabel(entity: ActivityEntity, id: string): Promise<string> {
  const params = { params: { path: { id } } };
  if (entity === 'organisation') return data(await api.GET('/api/v1/organisations/{id}', params)).name;
  if (entity === 'person') {
    const p = data(await api.GET('/api/v1/people/{id}', params));
    return `${p.firstName} ${p.lastName}`.trim();
  }
  return data(await api.GET('/api/v1/mandats/{id}', params)).title;
}

async function searchRecords(entity: ActivityEntity, q: string, signal: AbortSignal): Promise<Labelled[]> {
  const query = { limit: 10, ...(q ? { q } : {}) };
  if (entity === 'organisation') {
    const r = data(await api.GET('/api/v1/organisations', { params: { query }, signal }));
    return r.items.map((o) => ({ id: o.id, label: o.name, description: o.city }));
  }
  if (entity === 'person') {
    const r = data(await api.GET('/api/v1/people', { params: { query }, signal }));
    return r.items.map((p) => ({ id: p.id, label: `${p.firstName} ${p.lastName}`.trim(), description: p.jobTitle }));
  }
  const r = data(await api.GET('/api/v1/mandats', { params: { query }, signal }));
  return r.items.map((m) => ({ id: m.id, label: m.title }));
}

/** The display name of a record (organisation name, person's full name, mandate title), cached per record. */
export function useRecordLabel(entity: ActivityEntity, id: string | null | undefined) {
  return useQuery({
    queryKey: [SEGMENT[entity], id, 'label'],
    queryFn: () => recordLabel(entity, id as string),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export interface RecordPickerProps
  extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange'> {
  entity: ActivityEntity;
  value: string | null;
  onChange: (id: string | null, label: string | null) => void;
  /** Ids not to offer (the record itself on a merge screen). */
  exclude?: string[];
}

/**
 * Searchable picker of one organisation, person or mandate (server-side search, 10 best matches). Shows the
 * current record's name even before any search.
 */
export function RecordPicker({ entity, value, onChange, exclude = [], ...props }: RecordPickerProps) {
  const { t } = useTranslation('activity');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const current = useRecordLabel(entity, value);
  const [open, setOpen] = useState(false);
  // While a value is shown, the search box holds its label: do not search for it.
  const q = value && debounced === current.data ? '' : debounced.trim();
  const results = useQuery({
    queryKey: [SEGMENT[entity], 'pick', q],
    queryFn: ({ signal }) => searchRecords(entity, q, signal),
    enabled: open,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  const options = (results.data ?? []).filter((r) => !exclude.includes(r.id));
  if (value && current.data && !options.some((o) => o.id === value))
    options.unshift({ id: value, label: current.data });
  const byId = new Map(options.map((o) => [o.id, o]));

  return (
    <Select
      {...props}
      data={options.map((o) => ({ value: o.id, label: o.label }))}
      value={value}
      onChange={(id) => onChange(id, id ? (byId.get(id)?.label ?? null) : null)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      onDropdownOpen={() => setOpen(true)}
      nothingFoundMessage={results.isFetching ? t('links.search') : t('links.nothing')}
      placeholder={props.placeholder ?? t('links.search')}
      rightSection={results.isFetching && open ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => {
        const description = byId.get(option.value)?.description;
        return (
          <div>
            <Text size="sm">{option.label}</Text>
            {description && (
              <Text size="xs" c="dimmed">
                {description}
              </Text>
            )}
          </div>
        );
      }}
      clearable={props.clearable ?? true}
    />
  );
}
