import { Loader, Select, type SelectProps } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data } from '../../api/client.ts';
import { fullName } from './api.ts';

export type PickedOption = { value: string; label: string; description?: string };

type Props = Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchValue' | 'onSearchChange' | 'filter'> & {
  value: PickedOption | null;
  onChange: (option: PickedOption | null) => void;
};

/** A searchable select whose options come from the server as the user types. */
function AsyncSelect({
  value,
  onChange,
  queryKey,
  load,
  exclude,
  ...rest
}: Props & {
  queryKey: string;
  load: (q: string, signal: AbortSignal) => Promise<PickedOption[]>;
  exclude?: string[];
}) {
  const { t } = useTranslation('people');
  const [search, setSearch] = useState(value?.label ?? '');
  // Nothing is fetched until the user opens the list or types.
  const [wanted, setWanted] = useState(false);
  const [debounced] = useDebouncedValue(search.trim(), 250);
  // Searching the label of the picked option would only find itself: list everything instead.
  const q = value && debounced === value.label ? '' : debounced;
  const found = useQuery({
    queryKey: [queryKey, 'picker', q],
    queryFn: ({ signal }) => load(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled: wanted,
  });
  const options = (found.data ?? []).filter((o) => !exclude?.includes(o.value));
  const byValue = new Map(options.map((o) => [o.value, o]));
  if (value && !byValue.has(value.value)) byValue.set(value.value, value);

  return (
    <Select
      searchable
      clearable
      clearButtonProps={{ 'aria-label': t('form.clear') }}
      searchValue={search}
      onSearchChange={(q) => {
        setSearch(q);
        if (q !== (value?.label ?? '')) setWanted(true);
      }}
      onDropdownOpen={() => setWanted(true)}
      data={[...byValue.values()].map((o) => ({ value: o.value, label: o.label }))}
      filter={({ options: all }) => all}
      value={value?.value ?? null}
      onChange={(v) => onChange(v ? (byValue.get(v) ?? null) : null)}
      nothingFoundMessage={found.isFetching ? t('picker.searching') : t('picker.nothing')}
      rightSection={found.isFetching ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => {
        const description = byValue.get(option.value)?.description;
        return (
          <div>
            <div>{option.label}</div>
            {description && <div style={{ fontSize: 'var(--mantine-font-size-xs)', opacity: 0.7 }}>{description}</div>}
          </div>
        );
      }}
      {...rest}
    />
  );
}

/** Picks an organisation the user may see (search by name, accents and typos ignored). */
export function OrganisationSelect(props: Props & { exclude?: string[] }) {
  return (
    <AsyncSelect
      {...props}
      queryKey="organisations"
      load={async (q, signal) => {
        const page = data(
          await api.GET('/api/v1/organisations', {
            params: { query: q ? { q, limit: 20 } : { limit: 20, sort: 'name' } },
            signal,
          }),
        );
        return page.items.map((o) => ({
          value: o.id,
          label: o.name,
          description: [o.city, o.countryCode].filter(Boolean).join(', ') || undefined,
        }));
      }}
    />
  );
}

/** Picks a contact the user may see (name, e-mail, job title). */
export function PersonSelect(props: Props & { exclude?: string[] }) {
  return (
    <AsyncSelect
      {...props}
      queryKey="people"
      load={async (q, signal) => {
        const page = data(
          await api.GET('/api/v1/people', {
            params: { query: q ? { q, limit: 20 } : { limit: 20, sort: 'lastName' } },
            signal,
          }),
        );
        return page.items.map((p) => ({
          value: p.id,
          label: fullName(p),
          description: [p.email, p.jobTitle].filter(Boolean).join(' · ') || undefined,
        }));
      }}
    />
  );
}
