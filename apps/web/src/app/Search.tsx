import { Badge, Group, Kbd, Loader, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, data } from '../api/client.ts';
import { RECORDS } from './records.ts';

export function SearchButton() {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      onClick={() => spotlight.open()}
      aria-label={t('shell.search')}
      data-testid="search-button"
      style={{
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-md)',
        padding: '6px 10px',
        minWidth: 0,
        flex: '0 1 360px',
      }}
    >
      <Group gap="xs" wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap">
          <IconSearch size={16} />
          <Text size="sm" c="dimmed" truncate>
            {t('shell.search')}
          </Text>
        </Group>
        <Kbd size="xs" visibleFrom="sm">
          {t('shell.searchShortcut')}
        </Kbd>
      </Group>
    </UnstyledButton>
  );
}

/** ⌘K / Ctrl+K: one search box over every entity the user may see. */
export function SearchSpotlight() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const search = useQuery({
    queryKey: ['search', debounced],
    queryFn: async ({ signal }) =>
      data(await api.GET('/api/v1/search', { params: { query: { q: debounced, limit: 20 } }, signal })),
    enabled: debounced.length >= 2,
    placeholderData: keepPreviousData,
  });
  const items = debounced.length >= 2 ? (search.data?.items ?? []) : [];

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={['mod + K']} scrollable maxHeight={480}>
      <Spotlight.Search
        placeholder={t('shell.search')}
        aria-label={t('shell.search')}
        leftSection={search.isFetching ? <Loader size={16} /> : <IconSearch size={18} />}
      />
      <Spotlight.ActionsList aria-label={t('shell.search')}>
        {items.map((hit) => (
          <Spotlight.Action
            key={`${hit.type}:${hit.id}`}
            onClick={() => navigate(RECORDS[hit.type].page(hit.id))}
            data-testid="search-hit"
          >
            <Group wrap="nowrap" w="100%" justify="space-between">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  {hit.label}
                </Text>
                {hit.sublabel && (
                  <Text size="xs" c="dimmed" truncate>
                    {hit.sublabel}
                  </Text>
                )}
              </div>
              <Badge variant="light" size="sm">
                {t(`enums.entity.${hit.type}`)}
              </Badge>
            </Group>
          </Spotlight.Action>
        ))}
        {items.length === 0 && (
          <Spotlight.Empty>
            {debounced.length < 2
              ? t('shell.searchHint')
              : search.isFetching
                ? t('states.loading')
                : t('shell.searchNothing')}
          </Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
