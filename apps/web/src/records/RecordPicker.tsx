import { Loader, Select, type SelectProps, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PickableEntity, recordLabelKey, recordLabelQuery, recordPickQuery } from './queries.ts';

export type { PickableEntity } from './queries.ts';

/** The display name of a record (organisation name, person's full name, mandate title, fund name), cached per record. */
export function useRecordLabel(entity: PickableEntity, id: string | null | undefined) {
  return useQuery(recordLabelQuery(entity, id));
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
  const results = useQuery({ ...recordPickQuery(entity, q), enabled: open });

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
        if (id && label) queryClient.setQueryData(recordLabelKey(entity, id), label);
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
