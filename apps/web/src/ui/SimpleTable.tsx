import { Card, Skeleton, Table, type TableTdProps, VisuallyHidden } from '@mantine/core';
import type { ReactNode } from 'react';
import { TableScroll } from './TableScroll.tsx';

export interface SimpleColumn<T> {
  key: string;
  /** The header; `hidden` ones are read by screen readers only (an actions column). */
  header: string;
  hidden?: boolean;
  render: (row: T) => ReactNode;
  align?: TableTdProps['ta'];
  /** Numbers and dates that must not wrap. */
  nowrap?: boolean;
}

export interface SimpleTableProps<T extends { id: string }> {
  columns: SimpleColumn<T>[];
  rows: T[] | undefined;
  /** The first page is loading: skeleton rows. */
  pending?: boolean;
  /** Below this width the table scrolls sideways inside the page (TableScroll). */
  minWidth: number;
  /** Shown when the loaded list is empty (an EmptyState: what to do first). */
  empty?: ReactNode;
  rowTestId?: string;
  /** Extra props of a row (a highlighted background...). */
  rowProps?: (row: T) => { bg?: string };
  verticalSpacing?: 'xs' | 'sm';
}

/**
 * A plain table of records: a header, skeleton rows while loading, the rows, an empty state; it scrolls sideways
 * inside the page when the screen is narrower than `minWidth`. The lists with filters, selection and paging use
 * records/data-list/DataList instead.
 */
export function SimpleTable<T extends { id: string }>(props: SimpleTableProps<T>) {
  const { columns, rows, pending, minWidth, empty, rowTestId, rowProps, verticalSpacing = 'xs' } = props;
  return (
    <Card withBorder padding={0}>
      <TableScroll minWidth={minWidth}>
        <Table striped highlightOnHover verticalSpacing={verticalSpacing}>
          <Table.Thead>
            <Table.Tr>
              {columns.map((c) => (
                <Table.Th key={c.key} ta={c.align}>
                  {c.hidden ? <VisuallyHidden>{c.header}</VisuallyHidden> : c.header}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {pending &&
              [1, 2, 3].map((i) => (
                <Table.Tr key={i}>
                  <Table.Td colSpan={columns.length}>
                    <Skeleton height={20} />
                  </Table.Td>
                </Table.Tr>
              ))}
            {rows?.map((row) => (
              <Table.Tr key={row.id} data-testid={rowTestId} {...rowProps?.(row)}>
                {columns.map((c) => (
                  <Table.Td key={c.key} ta={c.align} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                    {c.render(row)}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </TableScroll>
      {!pending && rows?.length === 0 && empty}
    </Card>
  );
}
