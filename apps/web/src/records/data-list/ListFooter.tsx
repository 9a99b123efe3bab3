import { Button, Group, Select, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format.ts';
import type { Page } from './types.ts';
import { type ListState, PAGE_SIZES } from './useListState.ts';

/** Under a list: how many match (about how many past 1,000), the page size, previous and next page. */
export function ListFooter({ state, page }: { state: ListState; page: Page<unknown> | undefined }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Group justify="space-between">
      <Text size="sm" c="dimmed" data-testid="list-total">
        {page
          ? t(page.totalIsEstimate ? 'list.totalAbout' : 'list.total', { count: page.total, n: fmt.number(page.total) })
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
          disabled={!page?.nextCursor}
          onClick={() => page?.nextCursor && state.nextPage(page.nextCursor)}
        >
          {t('actions.next')}
        </Button>
      </Group>
    </Group>
  );
}
