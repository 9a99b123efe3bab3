import {
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  ScrollArea,
  SegmentedControl,
  Skeleton,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconRestore, IconTrash } from '@tabler/icons-react';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, data, type Schemas } from '../../api/client.ts';
import { canWrite, useCurrentUser } from '../../app/auth.tsx';
import { useDirectory } from '../../app/directory.ts';
import { useFormat } from '../../app/format.ts';
import { RECORDS } from '../../app/records.ts';
import { useUrlParams } from '../../app/search-params';
import { EmptyState } from '../../ui/EmptyState.tsx';
import { PageHeader } from '../../ui/PageHeader.tsx';
import { ProblemAlert, problemMessage } from '../../ui/ProblemAlert.tsx';
import { TableScroll } from '../../ui/TableScroll.tsx';

type Item = Schemas['RecycleBinItem'];
type BinType = Item['type'];

/** The types of the bin, in the order of app/records.ts (their icon, color and list key come from there). */
const TYPES = Object.keys(RECORDS) as BinType[];
const PAGE = 50;

/** Restores one binned item through its feature's restore route (`POST /api/v1/<segment>/{id}/restore`). */
async function restoreItem(item: Pick<Item, 'type' | 'id'>) {
  const path = `/api/v1/${RECORDS[item.type].segment}/{id}/restore` as '/api/v1/organisations/{id}/restore';
  await api.POST(path, { params: { path: { id: item.id } } });
}

/** `/recycle-bin?type=organisation`: deleted records the user may see, restorable one by one or in bulk. */
export default function RecycleBinPage() {
  const { t } = useTranslation('recycle-bin');
  const { t: tc } = useTranslation();
  const fmt = useFormat();
  const user = useCurrentUser();
  const writer = canWrite(user);
  const { userName } = useDirectory();
  const queryClient = useQueryClient();
  const [params, setParams] = useUrlParams();
  const type = TYPES.includes(params.get('type') as BinType) ? (params.get('type') as BinType) : null;
  const [selected, setSelected] = useState<Set<string>>(new Set());

  const bin = useInfiniteQuery({
    queryKey: ['recycle-bin', type],
    queryFn: async ({ pageParam, signal }) =>
      data(
        await api.GET('/api/v1/recycle-bin', {
          params: {
            query: { limit: PAGE, ...(type ? { type: [type] } : {}), ...(pageParam ? { cursor: pageParam } : {}) },
          },
          signal,
        }),
      ),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = bin.data?.pages.flatMap((p) => p.items) ?? [];
  const key = (i: Pick<Item, 'type' | 'id'>) => `${i.type}:${i.id}`;
  const selectedItems = items.filter((i) => selected.has(key(i)));
  const allSelected = items.length > 0 && selectedItems.length === items.length;

  const restore = useMutation({
    mutationFn: async (toRestore: Item[]) => {
      // One after the other: the embedded database has a single connection.
      const restored: Item[] = [];
      const failed: Item[] = [];
      let error: unknown = null;
      for (const item of toRestore) {
        try {
          await restoreItem(item);
          restored.push(item);
        } catch (e) {
          failed.push(item);
          error ??= e;
        }
      }
      return { restored, failed, error };
    },
    onSuccess: ({ restored, failed, error }) => {
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ['recycle-bin'] });
      void queryClient.invalidateQueries({ queryKey: ['home'] });
      for (const t of new Set(restored.map((i) => i.type)))
        void queryClient.invalidateQueries({ queryKey: [RECORDS[t].segment] });
      if (restored.length) notifications.show({ color: 'teal', message: t('restored', { count: restored.length }) });
      if (failed.length) {
        notifications.show({
          color: 'red',
          title: t('restoreFailed', { count: failed.length }),
          message: problemMessage(error),
        });
      }
    },
  });

  const setType = (value: string) => {
    setSelected(new Set());
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value === 'all') next.delete('type');
        else next.set('type', value);
        return next;
      },
      { replace: true },
    );
  };
  const toggle = (item: Item, checked: boolean) => {
    const next = new Set(selected);
    if (checked) next.add(key(item));
    else next.delete(key(item));
    setSelected(next);
  };

  return (
    <>
      <PageHeader title={t('title')} subtitle={t('subtitle')} />
      <Stack gap="sm">
        <ScrollArea type="auto" offsetScrollbars>
          <VisuallyHidden id="bin-type-label">{t('filter')}</VisuallyHidden>
          <SegmentedControl
            aria-labelledby="bin-type-label"
            value={type ?? 'all'}
            onChange={setType}
            data={[{ value: 'all', label: t('all') }, ...TYPES.map((ty) => ({ value: ty, label: t(`types.${ty}`) }))]}
          />
        </ScrollArea>

        {writer && selectedItems.length > 0 && (
          <Card withBorder padding="xs" bg="var(--mantine-primary-color-light)" data-testid="bulk-bar">
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                {tc('list.selected', { count: selectedItems.length })}
              </Text>
              <Button
                size="xs"
                leftSection={<IconRestore size={14} />}
                loading={restore.isPending}
                onClick={() => restore.mutate(selectedItems)}
              >
                {t('restoreSelection')}
              </Button>
            </Group>
          </Card>
        )}

        <ProblemAlert error={bin.error} />

        <Card withBorder padding={0}>
          <TableScroll minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  {writer && (
                    <Table.Th w={40}>
                      <Checkbox
                        aria-label={tc('list.selectAll')}
                        checked={allSelected}
                        indeterminate={!allSelected && selectedItems.length > 0}
                        disabled={items.length === 0}
                        onChange={() => setSelected(allSelected ? new Set() : new Set(items.map(key)))}
                      />
                    </Table.Th>
                  )}
                  <Table.Th w={150}>{t('columns.type')}</Table.Th>
                  <Table.Th>{t('columns.label')}</Table.Th>
                  <Table.Th>{t('columns.deletedAt')}</Table.Th>
                  <Table.Th>{t('columns.deletedBy')}</Table.Th>
                  <Table.Th>{t('columns.purgeAt')}</Table.Th>
                  {writer && (
                    <Table.Th w={130}>
                      <VisuallyHidden>{t('columns.actions')}</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {bin.isPending &&
                  [1, 2, 3, 4, 5].map((i) => (
                    <Table.Tr key={i}>
                      <Table.Td colSpan={writer ? 7 : 5}>
                        <Skeleton height={20} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                {items.map((item) => {
                  const Icon = RECORDS[item.type].icon;
                  const isSelected = selected.has(key(item));
                  return (
                    <Table.Tr
                      key={key(item)}
                      data-testid="bin-row"
                      bg={isSelected ? 'var(--mantine-primary-color-light)' : undefined}
                    >
                      {writer && (
                        <Table.Td>
                          <Checkbox
                            aria-label={t('on', { action: tc('list.selectRow'), target: item.label })}
                            checked={isSelected}
                            onChange={(e) => toggle(item, e.currentTarget.checked)}
                          />
                        </Table.Td>
                      )}
                      <Table.Td>
                        <Badge
                          variant="light"
                          color={RECORDS[item.type].color}
                          leftSection={<Icon size={12} aria-hidden />}
                          tt="none"
                          style={{ minWidth: 'max-content' }}
                        >
                          {tc(`enums.entity.${item.type}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {item.label}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Tooltip label={fmt.dateTime(item.deletedAt)}>
                          <Text size="sm" component="span">
                            {fmt.relative(item.deletedAt)}
                          </Text>
                        </Tooltip>
                      </Table.Td>
                      <Table.Td>{item.deletedBy ? userName(item.deletedBy) : '—'}</Table.Td>
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          {fmt.date(item.purgeAt)}
                        </Text>
                      </Table.Td>
                      {writer && (
                        <Table.Td>
                          <Button
                            size="xs"
                            variant="light"
                            leftSection={<IconRestore size={14} />}
                            aria-label={t('restoreOne', { label: item.label })}
                            loading={restore.isPending && restore.variables?.includes(item)}
                            onClick={() => restore.mutate([item])}
                          >
                            {t('restore')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </TableScroll>
          {bin.isSuccess && items.length === 0 && (
            <EmptyState
              title={type ? t('emptyFiltered') : t('emptyTitle')}
              hint={type ? undefined : t('emptyHint')}
              icon={<IconTrash size={26} />}
              action={
                type ? (
                  <Button variant="light" onClick={() => setType('all')}>
                    {t('showAll')}
                  </Button>
                ) : undefined
              }
            />
          )}
        </Card>
        {bin.hasNextPage && (
          <Group justify="center">
            <Button variant="default" onClick={() => void bin.fetchNextPage()} loading={bin.isFetchingNextPage}>
              {t('loadMore')}
            </Button>
          </Group>
        )}
      </Stack>
    </>
  );
}
