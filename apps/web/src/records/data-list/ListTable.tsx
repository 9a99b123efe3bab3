import { Checkbox, Group, Skeleton, Table, Text, UnstyledButton } from '@mantine/core';
import { IconArrowDown, IconArrowsSort, IconArrowUp } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { TableScroll } from '../../ui/TableScroll.tsx';
import type { Column } from './types.ts';

/**
 * A list on a wide screen: a selection box a row, sortable headers (`aria-sort`), the first column a link to the
 * record. Its own table (not ui/SimpleTable): sticky header, sort buttons and selection are the list's.
 */
export function ListTable<T extends { id: string }>({
  items,
  columns,
  rowHref,
  pending,
  sort,
  onSort,
  selected,
  onSelect,
  onToggleAll,
}: {
  items: T[];
  /** The visible columns. */
  columns: Column<T>[];
  rowHref: (row: T) => string;
  pending: boolean;
  sort: string;
  onSort: (sort: string) => void;
  selected: Set<string>;
  onSelect: (id: string, checked: boolean) => void;
  onToggleAll: () => void;
}) {
  const { t } = useTranslation();
  const allOnPage = items.length > 0 && items.every((r) => selected.has(r.id));
  const direction = (c: Column<T>) =>
    !c.sort ? null : sort === c.sort ? 'asc' : sort === `-${c.sort}` ? 'desc' : ('none' as const);

  const sortHeader = (c: Column<T>) => {
    const dir = direction(c);
    if (!dir) return c.label;
    const Icon = dir === 'asc' ? IconArrowUp : dir === 'desc' ? IconArrowDown : IconArrowsSort;
    return (
      <UnstyledButton
        onClick={() => onSort(dir === 'asc' ? `-${c.sort}` : (c.sort as string))}
        aria-label={`${c.label} · ${dir === 'asc' ? t('list.sortDesc') : t('list.sortAsc')}`}
        style={{ fontWeight: 600, fontSize: 'inherit' }}
      >
        <Group gap={4} wrap="nowrap">
          {c.label}
          <Icon size={14} opacity={dir === 'none' ? 0.4 : 1} />
        </Group>
      </UnstyledButton>
    );
  };

  return (
    <TableScroll minWidth={640}>
      <Table striped highlightOnHover stickyHeader verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40}>
              <Checkbox
                aria-label={t('list.selectAll')}
                checked={allOnPage}
                indeterminate={!allOnPage && items.some((r) => selected.has(r.id))}
                onChange={onToggleAll}
              />
            </Table.Th>
            {columns.map((c) => {
              const dir = direction(c);
              return (
                <Table.Th
                  key={c.key}
                  w={c.width}
                  aria-sort={
                    dir === null ? undefined : dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'
                  }
                >
                  {sortHeader(c)}
                </Table.Th>
              );
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pending &&
            Array.from({ length: 6 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <Table.Tr key={i}>
                <Table.Td colSpan={columns.length + 1}>
                  <Skeleton height={20} />
                </Table.Td>
              </Table.Tr>
            ))}
          {items.map((row) => (
            <Table.Tr
              key={row.id}
              data-testid="list-row"
              bg={selected.has(row.id) ? 'var(--mantine-primary-color-light)' : undefined}
            >
              <Table.Td>
                <Checkbox
                  aria-label={t('list.selectRow')}
                  checked={selected.has(row.id)}
                  onChange={(e) => onSelect(row.id, e.currentTarget.checked)}
                />
              </Table.Td>
              {columns.map((c, i) => (
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
  );
}
