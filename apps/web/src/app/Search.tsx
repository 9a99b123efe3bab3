import { Badge, Group, Kbd, Loader, Text, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { createSpotlight, Spotlight, type SpotlightStore } from '@mantine/spotlight';
import { IconSearch } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { track } from './analytics/runtime.ts';
import { useFormat } from './format.ts';
import { searchQuery } from './queries.ts';
import { RECORDS } from './records.ts';
import { searchHitLine } from './search-details.ts';

/** The search's own Spotlight store: its selection is read and set here (Mantine does not export the default one's). */
const [searchStore, searchSpotlight] = createSpotlight();

/**
 * Marks the first hit as the one Enter opens, as Spotlight does when the query changes (`selectAction`, not exported):
 * the marked action is the one with `data-selected`, and the store keeps its index for the arrows.
 */
function selectFirstHit(store: SpotlightStore) {
  const list = document.getElementById(store.getState().listId);
  list?.querySelector('[data-selected]')?.removeAttribute('data-selected');
  list?.querySelector('[data-action]')?.setAttribute('data-selected', 'true');
  store.updateState((state) => ({ ...state, selected: 0 }));
}

export function SearchButton() {
  const { t } = useTranslation();
  return (
    <UnstyledButton
      onClick={() => searchSpotlight.open()}
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
  const search = useQuery(searchQuery(debounced));
  const items = debounced.length >= 2 ? (search.data?.items ?? []) : [];
  const fmt = useFormat();
  const line = (hit: (typeof items)[number]) =>
    searchHitLine(hit.details, (list, code) => t(`enums.${list}.${code}`, { defaultValue: code }), fmt.date);
  const open = (hit: (typeof items)[number]) => {
    // Its kind and rank only, never what was typed.
    track('search_result_opened', { type: hit.type, rank: Math.max(0, items.indexOf(hit)) });
    navigate(RECORDS[hit.type].page(hit.id));
  };

  // Enter opens the marked hit: the first one unless the arrows moved. Spotlight marks the first action when the query
  // changes, before the hits of the new query arrive (and React may then drop the marked element): they are marked
  // when they come. Until they come (the query typed is not the one shown), Enter waits for them rather than open a
  // hit of the previous query.
  const fresh = debounced === query.trim() && !search.isPlaceholderData && !search.isFetching;
  const enterPending = useRef(false);
  const shown = items.map((hit) => `${hit.type}:${hit.id}`).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when other hits are shown, not at each render
  useEffect(() => {
    if (!fresh) return;
    const first = items[0];
    if (debounced.length >= 2) track('search_performed', { length: debounced.length, results: items.length });
    if (enterPending.current && first) {
      searchSpotlight.close();
      open(first);
    } else if (first) selectFirstHit(searchStore);
    enterPending.current = false;
  }, [fresh, shown]);
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter' || fresh || query.trim().length < 2) return;
    enterPending.current = true;
    // Spotlight clicks the marked action after this handler: unmark the previous query's hit.
    document
      .getElementById(searchStore.getState().listId)
      ?.querySelector('[data-selected]')
      ?.removeAttribute('data-selected');
  };
  const onQueryChange = (q: string) => {
    enterPending.current = false;
    setQuery(q);
  };

  return (
    <Spotlight.Root
      store={searchStore}
      query={query}
      onQueryChange={onQueryChange}
      shortcut={['mod + K']}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder={t('shell.search')}
        aria-label={t('shell.search')}
        leftSection={search.isFetching ? <Loader size={16} /> : <IconSearch size={18} />}
        onKeyDown={onKeyDown}
      />
      <Spotlight.ActionsList aria-label={t('shell.search')}>
        {items.map((hit) => (
          <Spotlight.Action key={`${hit.type}:${hit.id}`} onClick={() => open(hit)} data-testid="search-hit">
            <Group wrap="nowrap" w="100%" justify="space-between">
              <div style={{ minWidth: 0 }}>
                <Text size="sm" truncate>
                  {hit.label}
                </Text>
                {hit.details.length > 0 && (
                  <Text size="xs" c="dimmed" truncate data-testid="search-hit-details">
                    {line(hit)}
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
