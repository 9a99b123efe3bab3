import { Loader, Select, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../api/client.ts';
import { type ActivityEntity, SEGMENT } from './shared.ts';

/** What a picker can pick: a record of the activity features, or a fund. */
export type PickableEntity = ActivityEntity | 'produit';

interface Labelled {
  id: string;
  label: string;
  description?: string | null;
}

const LIMIT = 20;
const joined = (parts: (string | null | undefined)[], separator: string) => parts.filter(Boolean).join(separator);

/**
 * Per entity: its query-key segment, the name of one record (by id) and the server search (best matches for `q`,
 * or the first ones in name order when nothing is typed).
 */
const SOURCES: Record<
  PickableEntity,
  {
    segment: string;
    label: (id: string) => Promise<string>;
    search: (q: string, signal: AbortSignal) => Promise<Labelled[]>;
  }
> = {
  organisation: {
    segment: SEGMENT.organisation,
    label: async (id) => data(await api.GET('/api/v1/organisations/{id}', { params: { path: { id } } })).name,
    search: async (q, signal) => {
      const query = q ? { q, limit: LIMIT } : { sort: 'name', limit: LIMIT };
      const r = data(await api.GET('/api/v1/organisations', { params: { query }, signal }));
      return r.items.map((o) => ({ id: o.id, label: o.name, description: joined([o.city, o.category], ' · ') }));
    },
  },
  person: {
    segment: SEGMENT.person,
    label: async (id) => {
      const p = data(await api.GET('/api/v1/people/{id}', { params: { path: { id } } }));
      return `${p.firstName} ${p.lastName}`.trim();
    },
    search: async (q, signal) => {
      const query = q ? { q, limit: LIMIT } : { sort: 'lastName', limit: LIMIT };
      const r = data(await api.GET('/api/v1/people', { params: { query }, signal }));
      return r.items.map((p) => ({
        id: p.id,
        label: `${p.firstName} ${p.lastName}`.trim(),
        description: joined([p.email, p.jobTitle], ' · '),
      }));
    },
  },
  mandat: {
    segment: SEGMENT.mandat,
    label: async (id) => data(await api.GET('/api/v1/mandats/{id}', { params: { path: { id } } })).title,
    search: async (q, signal) => {
      const r = data(
        await api.GET('/api/v1/mandats', { params: { query: { limit: LIMIT, ...(q ? { q } : {}) } }, signal }),
      );
      return r.items.map((m) => ({ id: m.id, label: m.title }));
    },
  },
  produit: {
    segment: 'produits',
    label: async (id) => data(await api.GET('/api/v1/produits/{id}', { params: { path: { id } } })).name,
    search: async (q, signal) => {
      const query = q ? { q, limit: LIMIT } : { sort: 'name', limit: LIMIT };
      const r = data(await api.GET('/api/v1/produits', { params: { query }, signal }));
      return r.items.map((p) => ({ id: p.id, label: p.name, description: `${p.isin} · ${p.type} · ${p.currency}` }));
    },
  },
};

const labelKey = (entity: PickableEntity, id: string | null | undefined) => [SOURCES[entity].segment, id, 'label'];

/** The display name of a record (organisation name, person's full name, mandate title, fund name), cached per record. */
export function useRecordLabel(entity: PickableEntity, id: string | null | undefined) {
  return useQuery({
    queryKey: labelKey(entity, id),
    queryFn: () => SOURCES[entity].label(id as string),
    enabled: !!id,
    staleTime: 60_000,
  });
}

export interface RecordPickerProps
  extends Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'searchValue' | 'onSearchChange'> {
  entity: PickableEntity;
  value: string | null;
  onChange: (id: string | null, label: string | null) => void;
  /** Ids not to offer (the record itself on a merge screen, the funds already attached). */
  exclude?: string[];
}

/**
 * Searchable picker of one organisation, person, mandate or fund (server-side search as the user types, nothing
 * fetched before the list opens). Shows the current record's name even before any search.
 */
export function RecordPicker({ entity, value, onChange, exclude = [], ...props }: RecordPickerProps) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const current = useRecordLabel(entity, value);
  const [open, setOpen] = useState(false);
  // While a value is shown, the search box holds its label: do not search for it.
  const q = value && debounced === current.data ? '' : debounced.trim();
  const results = useQuery({
    queryKey: [SOURCES[entity].segment, 'pick', q],
    queryFn: ({ signal }) => SOURCES[entity].search(q, signal),
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
      onChange={(id) => {
        const label = id ? (byId.get(id)?.label ?? null) : null;
        // The picked record's name is known: no request for it.
        if (id && label) queryClient.setQueryData(labelKey(entity, id), label);
        onChange(id, label);
      }}
      searchable
      searchValue={search}
      onSearchChange={(text) => {
        setSearch(text);
        if (text !== (current.data ?? '')) setOpen(true);
      }}
      filter={({ options: o }) => o}
      onDropdownOpen={() => setOpen(true)}
      nothingFoundMessage={results.isFetching ? t('picker.searching') : t('picker.nothing')}
      placeholder={props.placeholder ?? t('picker.search')}
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
