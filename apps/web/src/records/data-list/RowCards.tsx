import { Card, Checkbox, Group, SimpleGrid, Skeleton, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Column } from './types.ts';

interface RowCardsProps<T extends { id: string }> {
  items: T[];
  /** Visible columns: the first is the card's title (a link to the record), the others its label/value lines. */
  columns: Column<T>[];
  rowHref: (row: T) => string;
  selected: Set<string>;
  onSelect: (id: string, checked: boolean) => void;
  /** Selects every row of the page, or none when they all are. */
  onToggleAll: () => void;
  pending: boolean;
}

/**
 * A list on a phone: one card a row instead of a table wider than the screen, so every column (the task's "done"
 * tick included) is in reach of a thumb. The row's title is a 44 px tall link; the selection box is a 24 px target.
 */
export function RowCards<T extends { id: string }>(props: RowCardsProps<T>) {
  const { items, columns, rowHref, selected, onSelect, onToggleAll, pending } = props;
  const { t } = useTranslation();
  const [title, ...rest] = columns;
  if (!title) return null;
  return (
    <Stack gap="xs" data-testid="list-cards">
      {items.length > 0 && (
        <Checkbox
          size="md"
          px="sm"
          label={t('list.selectAll')}
          checked={items.every((r) => selected.has(r.id))}
          indeterminate={items.some((r) => selected.has(r.id)) && !items.every((r) => selected.has(r.id))}
          onChange={onToggleAll}
        />
      )}
      {pending &&
        Array.from({ length: 4 }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <Skeleton key={i} height={96} radius="md" />
        ))}
      {items.map((row) => (
        <Card
          key={row.id}
          withBorder
          padding="sm"
          radius="md"
          data-testid="list-row"
          bg={selected.has(row.id) ? 'var(--mantine-primary-color-light)' : undefined}
        >
          <Group gap="sm" wrap="nowrap" align="center">
            <Checkbox
              size="md"
              aria-label={t('list.selectRow')}
              checked={selected.has(row.id)}
              onChange={(e) => onSelect(row.id, e.currentTarget.checked)}
            />
            <Text
              component={Link}
              to={rowHref(row)}
              fw={600}
              c="var(--mantine-color-anchor)"
              style={{ flex: 1, minWidth: 0, minHeight: 44, display: 'flex', alignItems: 'center' }}
            >
              {title.render(row)}
            </Text>
          </Group>
          {rest.length > 0 && (
            <SimpleGrid cols={2} spacing="xs" verticalSpacing={6} component="dl" mt={6} mb={0} mx={0}>
              {rest
                .map((c) => ({ c, value: c.render(row) }))
                // A cell with nothing in it (no action the user may take) gets no label either.
                .filter(({ value }) => value !== null && value !== undefined && value !== false && value !== '')
                .map(({ c, value }) => (
                  <div key={c.key} style={{ minWidth: 0 }}>
                    <Text component="dt" size="xs" c="dimmed">
                      {c.label}
                    </Text>
                    <Text component="dd" size="sm" m={0} style={{ overflowWrap: 'anywhere' }}>
                      {value}
                    </Text>
                  </div>
                ))}
            </SimpleGrid>
          )}
        </Card>
      ))}
    </Stack>
  );
}
