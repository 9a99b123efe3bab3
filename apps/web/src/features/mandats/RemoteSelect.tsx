import { Loader, Select, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';

export type RemoteOption = { value: string; label: string; description?: string };

/**
 * A searchable select whose options come from the server: `search(q)` runs (debounced) as the user types;
 * `selectedLabel` names the current value when it is not among the loaded options.
 */
export function RemoteSelect({
  queryKey,
  search,
  value,
  onChange,
  selectedLabel,
  nothingFound,
  ...props
}: Omit<SelectProps, 'data' | 'value' | 'onChange' | 'searchable' | 'filter'> & {
  queryKey: readonly unknown[];
  search: (q: string, signal: AbortSignal) => Promise<RemoteOption[]>;
  value: string | null;
  onChange: (value: string | null, option: RemoteOption | null) => void;
  selectedLabel?: string;
  nothingFound: string;
}) {
  const [searchValue, setSearchValue] = useState('');
  const [debounced] = useDebouncedValue(searchValue.trim(), 250);
  // Once an option is chosen the input shows its label: do not search for that label.
  const q = debounced && debounced !== selectedLabel ? debounced : '';
  const options = useQuery({
    queryKey: [...queryKey, q],
    queryFn: ({ signal }) => search(q, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
  const loaded = options.data ?? [];
  const dataOptions =
    value && selectedLabel && !loaded.some((o) => o.value === value)
      ? [{ value, label: selectedLabel }, ...loaded]
      : loaded;

  return (
    <Select
      {...props}
      data={dataOptions.map((o) => ({ value: o.value, label: o.label }))}
      value={value}
      onChange={(v) => onChange(v, dataOptions.find((o) => o.value === v) ?? null)}
      searchable
      searchValue={searchValue}
      onSearchChange={setSearchValue}
      filter={({ options: all }) => all}
      nothingFoundMessage={options.isFetching ? undefined : nothingFound}
      rightSection={options.isFetching ? <Loader size={14} /> : undefined}
      renderOption={({ option }) => {
        const o = dataOptions.find((x) => x.value === option.value);
        return (
          <div>
            <Text size="sm">{option.label}</Text>
            {o?.description && (
              <Text size="xs" c="dimmed">
                {o.description}
              </Text>
            )}
          </div>
        );
      }}
    />
  );
}
