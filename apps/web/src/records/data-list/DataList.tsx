import {
  ActionIcon,
  Button,
  Card,
  Checkbox,
  Group,
  Indicator,
  Menu,
  Modal,
  Select,
  Skeleton,
  Stack,
  Table,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useDebouncedCallback, useDisclosure, useMediaQuery } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import {
  IconArrowDown,
  IconArrowsSort,
  IconArrowUp,
  IconColumns,
  IconDownload,
  IconEdit,
  IconFilter,
  IconSearch,
  IconTrash,
} from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, apiUrl, data } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useFormat } from '../../app/format.ts';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { ProblemAlert } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';
import { BulkEditModal, useBulkFields } from './BulkEditModal.tsx';
import { FilterChips } from './FilterChips.tsx';
import { FilterPanel } from './FilterPanel.tsx';
import { RowCards } from './RowCards.tsx';
import { SavedViews } from './SavedViews.tsx';
import type { BulkHint, Column, Filter, ListEntity, Page } from './types.ts';
import { filterKeys, PAGE_SIZES, useListState } from './useListState.ts';

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

export function DataList<T extends { id: string }>(props: DataListProps<T>) {
  const { entity, columns, filters, fetchPage, rowHref, bulkHints = {}, fixed = {}, compact = false } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const writer = canWrite(user);
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
  const listKey = [entity, 'list', query];
  const page = useQuery({
    queryKey: listKey,
    queryFn: ({ signal }) => fetchPage(query, signal),
    placeholderData: keepPreviousData,
  });

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

  const bulkDelete = useMutation({
    mutationFn: async (ids: string[]) =>
      data(await api.POST(`/api/v1/${entity}/bulk-delete` as '/api/v1/organisations/bulk-delete', { body: { ids } })),
    onSuccess: (r) => {
      state.setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: [entity] });
      notifications.show({
        color: r.failed.length ? 'orange' : 'teal',
        message: t('list.bulkDeleted', { succeeded: r.succeeded.length, failed: r.failed.length }),
      });
    },
  });

  const confirmDelete = () =>
    modals.openConfirmModal({
      title: t('list.bulkDelete'),
      children: <Text size="sm">{t('list.bulkDeleteConfirm', { count: selectedIds.length })}</Text>,
      labels: { confirm: t('actions.delete'), cancel: t('actions.cancel') },
      confirmProps: { color: 'red', 'data-testid': 'confirm-bulk-delete' },
      onConfirm: () => bulkDelete.mutate(selectedIds),
    });

  /** `csv-fr`: the CSV a French Excel opens with a double-click (`dialect=excel-fr`: `;`, names, dd/mm/yyyy). */
  const exportHref = (kind: 'csv' | 'csv-fr' | 'xlsx', selection: boolean) => {
    const { limit: _l, cursor: _c, ...filtersOnly } = query;
    const format = kind === 'xlsx' ? 'xlsx' : 'csv';
    const dialect = kind === 'csv-fr' ? { dialect: 'excel-fr' } : {};
    return apiUrl(
      `/${entity}/export`,
      selection ? { format, ...dialect, ids: selectedIds.join(',') } : { ...filtersOnly, format, ...dialect },
    );
  };

  /** The three export formats, of the filtered list or of the selection. */
  const exportItems = (selection: boolean) =>
    (['csv-fr', 'csv', 'xlsx'] as const).map((kind) => (
      <Menu.Item key={kind} component="a" href={exportHref(kind, selection)} download>
        {kind === 'xlsx' ? 'Excel (XLSX)' : t(kind === 'csv' ? 'list.exportCsv' : 'list.exportCsvFr')}
      </Menu.Item>
    ));

  const sortHeader = (c: Column<T>) => {
    if (!c.sort) return c.label;
    const dir = state.sort === c.sort ? 'asc' : state.sort === `-${c.sort}` ? 'desc' : null;
    const Icon = dir === 'asc' ? IconArrowUp : dir === 'desc' ? IconArrowDown : IconArrowsSort;
    return (
      <UnstyledButton
        onClick={() => state.setSort(dir === 'asc' ? `-${c.sort}` : (c.sort as string))}
        aria-label={`${c.label} · ${dir === 'asc' ? t('list.sortDesc') : t('list.sortAsc')}`}
        style={{ fontWeight: 600, fontSize: 'inherit' }}
      >
        <Group gap={4} wrap="nowrap">
          {c.label}
          <Icon size={14} opacity={dir ? 1 : 0.4} />
        </Group>
      </UnstyledButton>
    );
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Group gap="xs" wrap="wrap">
          <TextInput
            placeholder={t('list.search')}
            aria-label={t('list.search')}
            leftSection={<IconSearch size={16} />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              setQ(e.currentTarget.value);
            }}
            w={240}
          />
          {filters.length > 0 && (
            <Indicator label={activeFilters} size={16} disabled={activeFilters === 0}>
              <Button variant="default" leftSection={<IconFilter size={16} />} onClick={filterDrawer.open}>
                {t('list.filters')}
              </Button>
            </Indicator>
          )}
          {!compact && (
            <SavedViews
              entity={entity}
              activeId={state.view}
              current={{
                ...state.values,
                ...(state.sort ? { sort: state.sort } : {}),
                columns: state.visibleColumns.join(','),
              }}
              onApply={(id, saved) => {
                setSearch(saved.q ?? '');
                state.applyView(id, saved);
              }}
            />
          )}
        </Group>
        <Group gap="xs">
          <Menu closeOnItemClick={false} position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="default" size="lg" aria-label={t('list.columns')}>
                <IconColumns size={18} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>{t('list.columns')}</Menu.Label>
              {columns.map((c) => (
                <Menu.Item key={c.key}>
                  <Checkbox
                    label={c.label}
                    checked={state.visibleColumns.includes(c.key)}
                    onChange={(e) =>
                      state.setColumns(
                        e.currentTarget.checked
                          ? columns.map((x) => x.key).filter((k) => k === c.key || state.visibleColumns.includes(k))
                          : state.visibleColumns.filter((k) => k !== c.key),
                      )
                    }
                  />
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
          {!compact && (
            <Menu position="bottom-end">
              <Menu.Target>
                <Button variant="default" leftSection={<IconDownload size={16} />}>
                  {t('actions.export')}
                </Button>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{t('list.exportFiltered')}</Menu.Label>
                {exportItems(false)}
              </Menu.Dropdown>
            </Menu>
          )}
          {props.actions}
        </Group>
      </Group>

      <FilterChips
        filters={filters}
        values={state.values}
        onRemove={(keys) => state.setFilters(Object.fromEntries(keys.map((k) => [k, null])))}
      />

      {selectedIds.length > 0 && (
        <Card withBorder padding="xs" bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
          <Group justify="space-between">
            <Text size="sm" fw={600}>
              {t('list.selected', { count: selectedIds.length })}
            </Text>
            <Group gap="xs">
              {writer && bulkFields.length > 0 && (
                <Button size="xs" variant="default" leftSection={<IconEdit size={14} />} onClick={bulkModal.open}>
                  {t('list.bulkEdit')}
                </Button>
              )}
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button size="xs" variant="default" leftSection={<IconDownload size={14} />}>
                    {t('list.exportSelection')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>{exportItems(true)}</Menu.Dropdown>
              </Menu>
              {writer && (
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  leftSection={<IconTrash size={14} />}
                  onClick={confirmDelete}
                  loading={bulkDelete.isPending}
                >
                  {t('list.bulkDelete')}
                </Button>
              )}
            </Group>
          </Group>
        </Card>
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
          <TableScroll minWidth={640}>
            <Table striped highlightOnHover stickyHeader verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label={t('list.selectAll')}
                      checked={allOnPage}
                      indeterminate={!allOnPage && items.some((r) => state.selected.has(r.id))}
                      onChange={toggleAllOnPage}
                    />
                  </Table.Th>
                  {visible.map((c) => (
                    <Table.Th
                      key={c.key}
                      w={c.width}
                      aria-sort={
                        !c.sort
                          ? undefined
                          : state.sort === c.sort
                            ? 'ascending'
                            : state.sort === `-${c.sort}`
                              ? 'descending'
                              : 'none'
                      }
                    >
                      {sortHeader(c)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.isPending &&
                  Array.from({ length: 6 }, (_, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
                    <Table.Tr key={i}>
                      <Table.Td colSpan={visible.length + 1}>
                        <Skeleton height={20} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                {items.map((row) => (
                  <Table.Tr
                    key={row.id}
                    data-testid="list-row"
                    bg={state.selected.has(row.id) ? 'var(--mantine-primary-color-light)' : undefined}
                  >
                    <Table.Td>
                      <Checkbox
                        aria-label={t('list.selectRow')}
                        checked={state.selected.has(row.id)}
                        onChange={(e) => select(row.id, e.currentTarget.checked)}
                      />
                    </Table.Td>
                    {visible.map((c, i) => (
                      <Table.Td key={c.key}>
                        {i === 0 ? (
                          <Text component={Link} to={rowHref(row)} size="sm" fw={500} c="var(--mantine-color-anchor)">
                            {c.render(row)}
                          </Text>
                        ) : (
                          c.render(row)
                        )}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </TableScroll>
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

      <Group justify="space-between">
        <Text size="sm" c="dimmed" data-testid="list-total">
          {page.data
            ? t(page.data.totalIsEstimate ? 'list.totalAbout' : 'list.total', {
                count: page.data.total,
                n: fmt.number(page.data.total),
              })
            : ' '}
        </Text>
        <Group gap="xs">
          <Select
            aria-label={t('list.pageSize')}
            data={[...PAGE_SIZES]}
            value={state.limit}
            onChange={(v) => v && state.setLimit(v)}
            w={80}
            size="xs"
            allowDeselect={false}
          />
          <Button size="xs" variant="default" disabled={state.page === 1} onClick={state.previousPage}>
            {t('actions.previous')}
          </Button>
          <Text size="sm">{t('list.page', { page: state.page })}</Text>
          <Button
            size="xs"
            variant="default"
            disabled={!page.data?.nextCursor}
            onClick={() => page.data?.nextCursor && state.nextPage(page.data.nextCursor)}
          >
            {t('actions.next')}
          </Button>
        </Group>
      </Group>

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
            void queryClient.invalidateQueries({ queryKey: [entity] });
          }}
        />
      </Modal>
    </Stack>
  );
}
