import { Button, Card, Modal, Stack } from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { BulkBar } from './BulkBar.tsx';
import { BulkEditModal, useBulkFields } from './BulkEditModal.tsx';
import { FilterChips } from './FilterChips.tsx';
import { FilterPanel } from './FilterPanel.tsx';
import { ListFooter } from './ListFooter.tsx';
import { ListTable } from './ListTable.tsx';
import { ListToolbar } from './ListToolbar.tsx';
import { listPageQuery, refreshList } from './queries.ts';
import { RowCards } from './RowCards.tsx';
import type { BulkHint, Column, Filter, ListEntity, Page } from './types.ts';
import { filterKeys, useListState } from './useListState.ts';

export interface DataListProps<T extends { id: string }> {
  entity: ListEntity;
  columns: Column<T>[];
  filters: Filter[];
  /**
   * The fields the list shows that a bulk edit may set (label, labelled choices), by field name: the server's field
   * descriptions say which the caller may write and of what type. None = no bulk edit.
   */
  bulkHints?: Record<string, BulkHint>;
  /** Loads one page; `query` holds filters, q, sort, limit and cursor as strings. */
  fetchPage: (query: Record<string, string>, signal: AbortSignal) => Promise<Page<T>>;
  rowHref: (row: T) => string;
  defaultSort?: string;
  /** Fixed filters always sent (e.g. the mandates of one organisation). */
  fixed?: Record<string, string>;
  /** Buttons next to the search box (create...). */
  actions?: ReactNode;
  /** Shown when the list is empty without filters: what to do first. */
  empty: { title: string; hint?: string; action?: ReactNode };
  /** Off for embedded lists (detail tabs): no saved views nor export. */
  compact?: boolean;
}

/**
 * The generic list of records: search, filters (chips and a panel), saved views, columns, sort, cursor paging,
 * selection with bulk edit, delete and export; a table on a wide screen, cards on a phone.
 */
export function DataList<T extends { id: string }>(props: DataListProps<T>) {
  const { entity, columns, filters, fetchPage, rowHref, bulkHints = {}, fixed = {}, compact = false } = props;
  const { t } = useTranslation();
  const writer = canWrite(useCurrentUser());
  const queryClient = useQueryClient();
  const state = useListState(entity, filters, columns, props.defaultSort);
  const [filtersOpen, filterDrawer] = useDisclosure();
  const [bulkOpen, bulkModal] = useDisclosure();
  const [search, setSearch] = useState(state.values.q ?? '');
  const setQ = useDebouncedCallback((q: string) => state.setFilter('q', q.trim() || null), 300);

  const query: Record<string, string> = {
    ...state.values,
    ...fixed,
    limit: state.limit,
    ...(state.sort ? { sort: state.sort } : {}),
    ...(state.cursor ? { cursor: state.cursor } : {}),
  };
  const page = useQuery(listPageQuery(entity, query, fetchPage));

  const visible = columns.filter((c) => state.visibleColumns.includes(c.key));
  const items = page.data?.items ?? [];
  const selectedIds = [...state.selected];
  const bulkFields = useBulkFields(entity, bulkHints, writer && selectedIds.length > 0);
  const allOnPage = items.length > 0 && items.every((r) => state.selected.has(r.id));
  const toggleAllOnPage = () =>
    state.setSelected(
      allOnPage
        ? new Set([...state.selected].filter((id) => !items.some((r) => r.id === id)))
        : new Set([...state.selected, ...items.map((r) => r.id)]),
    );
  const select = (id: string, checked: boolean) => {
    const next = new Set(state.selected);
    if (checked) next.add(id);
    else next.delete(id);
    state.setSelected(next);
  };
  // Under Mantine's `sm` breakpoint a list is a stack of cards (RowCards), not a table wider than the screen.
  const phone = useMediaQuery('(max-width: 48em)') ?? false;
  const activeFilters = filterKeys(filters).filter((k) => state.values[k]).length + (state.values.q ? 1 : 0);

  return (
    <Stack gap="sm">
      <ListToolbar
        entity={entity}
        state={state}
        columns={columns}
        query={query}
        search={search}
        onSearch={(q) => {
          setSearch(q);
          setQ(q);
        }}
        onApplyView={(id, saved) => {
          setSearch(saved.q ?? '');
          state.applyView(id, saved);
        }}
        activeFilters={activeFilters}
        hasFilters={filters.length > 0}
        onOpenFilters={filterDrawer.open}
        compact={compact}
        actions={props.actions}
      />

      <FilterChips
        filters={filters}
        values={state.values}
        onRemove={(keys) => state.setFilters(Object.fromEntries(keys.map((k) => [k, null])))}
      />

      {selectedIds.length > 0 && (
        <BulkBar
          entity={entity}
          ids={selectedIds}
          writer={writer}
          canEdit={bulkFields.length > 0}
          onEdit={bulkModal.open}
          onDeleted={() => state.setSelected(new Set())}
        />
      )}

      <ProblemAlert error={page.error} />

      <Card withBorder={!phone} padding={0} bg={phone ? 'transparent' : undefined}>
        {phone ? (
          <RowCards
            items={items}
            columns={visible}
            rowHref={rowHref}
            selected={state.selected}
            pending={page.isPending}
            onSelect={select}
            onToggleAll={toggleAllOnPage}
          />
        ) : (
          <ListTable
            items={items}
            columns={visible}
            rowHref={rowHref}
            pending={page.isPending}
            sort={state.sort}
            onSort={state.setSort}
            selected={state.selected}
            onSelect={select}
            onToggleAll={toggleAllOnPage}
          />
        )}
        {page.isSuccess && items.length === 0 && (
          <EmptyState
            title={activeFilters ? t('list.emptyFiltered') : props.empty.title}
            hint={activeFilters ? undefined : props.empty.hint}
            action={
              activeFilters ? (
                <Button
                  variant="light"
                  onClick={() => {
                    setSearch('');
                    state.clearFilters();
                  }}
                >
                  {t('list.clearFilters')}
                </Button>
              ) : (
                props.empty.action
              )
            }
          />
        )}
      </Card>

      <ListFooter state={state} page={page.data} />

      <FilterPanel
        opened={filtersOpen}
        onClose={filterDrawer.close}
        filters={filters}
        values={state.values}
        onApply={state.setFilters}
      />
      <Modal opened={bulkOpen} onClose={bulkModal.close} title={t('list.bulkEdit')}>
        <BulkEditModal
          entity={entity}
          ids={selectedIds}
          fields={bulkFields}
          onDone={() => {
            bulkModal.close();
            state.setSelected(new Set());
            refreshList(queryClient, entity);
          }}
        />
      </Modal>
    </Stack>
  );
}
