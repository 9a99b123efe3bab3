import {
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Table,
  type TableTdProps,
  type TableThProps,
  type TableTrProps,
  VisuallyHidden,
} from '@mantine/core';
import { Fragment, type ReactNode } from 'react';
import { TableScroll } from './TableScroll.tsx';

export interface SimpleColumn<T> {
  key: string;
  /** The header; `hidden` ones are read by screen readers only (an actions column). */
  header: ReactNode;
  hidden?: boolean;
  render: (row: T) => ReactNode;
  align?: TableTdProps['ta'];
  /** Numbers and dates that must not wrap. */
  nowrap?: boolean;
  width?: TableThProps['w'];
}

/** "Charger plus" under a table whose rows come page by page (a cursor). */
export interface TablePager {
  /** More rows after these: the button shows. */
  hasMore: boolean;
  /** The next page is on its way: the button spins. */
  loading: boolean;
  onMore: () => void;
  /** The button's text ("Charger plus"). */
  label: string;
  /** Shown instead of the button once everything is loaded ("Fin du journal"). */
  end?: ReactNode;
  /** On the left of the footer: a count of the rows ("12 utilisateurs"). */
  status?: ReactNode;
}

/** A row's expanded part: a full-width row under it (`id` for the toggle's aria-controls). */
export interface RowDetail {
  id: string;
  content: ReactNode;
}

type Key = string | number;
/** Rows with a string `id` are keyed by it; the others say how (`rowKey`). */
type RowKeyProp<T> = T extends { id: string } ? { rowKey?: (row: T) => Key } : { rowKey: (row: T) => Key };

export type SimpleTableProps<T> = RowKeyProp<T> & {
  columns: SimpleColumn<T>[];
  rows: T[] | undefined;
  /** The first page is loading: skeleton rows. */
  pending?: boolean;
  /** Below this width the table scrolls sideways inside the page (TableScroll). */
  minWidth: number;
  /** Shown when the loaded list is empty (an EmptyState: what to do first). */
  empty?: ReactNode;
  rowTestId?: string;
  /** Extra props of a row (a highlighted background, a click that opens it...). */
  rowProps?: (row: T) => TableTrProps;
  /** The expanded part of a row, if it is open. */
  detail?: (row: T) => RowDetail | null | undefined;
  /** A paged list: "Charger plus" under the table. */
  pager?: TablePager;
  verticalSpacing?: 'xs' | 'sm';
  striped?: boolean;
  highlightOnHover?: boolean;
  skeleton?: { rows?: number; height?: number };
  /** The table's `data-testid` and the id of the title that names it. */
  testId?: string;
  labelledBy?: string;
  /** Inside a card already (a section of a page): no card of its own. */
  bare?: boolean;
};

const idOf = (row: unknown): Key => (row as { id: string }).id;

/**
 * A plain table of records: a header, skeleton rows while loading, the rows (each may open a detail row), an empty
 * state, and "Charger plus" for a paged list; it scrolls sideways inside the page when the screen is narrower than
 * `minWidth`. The lists with filters, saved views, selection and page-by-page navigation use records/data-list/DataList.
 */
export function SimpleTable<T>(props: SimpleTableProps<T>) {
  const { columns, rows, pending, minWidth, empty, rowTestId, rowProps, detail, pager } = props;
  const { verticalSpacing = 'xs', striped = true, highlightOnHover = true, skeleton, bare } = props;
  const rowKey = props.rowKey ?? idOf;
  const table = (
    <TableScroll minWidth={minWidth}>
      <Table
        striped={striped}
        highlightOnHover={highlightOnHover}
        verticalSpacing={verticalSpacing}
        data-testid={props.testId}
        aria-labelledby={props.labelledBy}
      >
        <Table.Thead>
          <Table.Tr>
            {columns.map((c) => (
              <Table.Th key={c.key} ta={c.align} w={c.width}>
                {c.hidden ? <VisuallyHidden>{c.header}</VisuallyHidden> : c.header}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pending &&
            Array.from({ length: skeleton?.rows ?? 3 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
              <Table.Tr key={i}>
                <Table.Td colSpan={columns.length}>
                  <Skeleton height={skeleton?.height ?? 20} />
                </Table.Td>
              </Table.Tr>
            ))}
          {rows?.map((row) => {
            const open = detail?.(row);
            return (
              <Fragment key={rowKey(row)}>
                <Table.Tr data-testid={rowTestId} {...rowProps?.(row)}>
                  {columns.map((c) => (
                    <Table.Td key={c.key} ta={c.align} style={c.nowrap ? { whiteSpace: 'nowrap' } : undefined}>
                      {c.render(row)}
                    </Table.Td>
                  ))}
                </Table.Tr>
                {open && (
                  <Table.Tr id={open.id}>
                    <Table.Td colSpan={columns.length} bg="var(--mantine-color-default-hover)">
                      {open.content}
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </TableScroll>
  );
  const emptyState = !pending && rows?.length === 0 && empty;
  const body = bare ? (
    <>
      {table}
      {emptyState}
    </>
  ) : (
    <Card withBorder padding={0}>
      {table}
      {emptyState}
    </Card>
  );
  if (!pager) return body;
  return (
    <Stack gap="sm">
      {body}
      <Pager {...pager} />
    </Stack>
  );
}

function Pager({ hasMore, loading, onMore, label, end, status }: TablePager) {
  if (!hasMore && !end && !status) return null;
  return (
    <Group justify={status ? 'space-between' : 'center'}>
      {status}
      {hasMore ? (
        <Button variant="default" onClick={onMore} loading={loading}>
          {label}
        </Button>
      ) : (
        end
      )}
    </Group>
  );
}
